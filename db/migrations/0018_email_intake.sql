ALTER TABLE "conversations" ADD COLUMN "member_id" uuid;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "about_url" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;