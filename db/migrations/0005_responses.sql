CREATE TYPE "public"."response_status" AS ENUM('received', 'accepted', 'declined');--> statement-breakpoint
ALTER TYPE "public"."response_source" ADD VALUE 'sibling';--> statement-breakpoint
CREATE TABLE "outgoing_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"remote_post_id" uuid NOT NULL,
	"member_id" uuid,
	"message" text NOT NULL,
	"quantity" integer,
	"status" "response_status" DEFAULT 'received' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "quantity" integer;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "status" "response_status" DEFAULT 'received' NOT NULL;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outgoing_responses" ADD CONSTRAINT "outgoing_responses_remote_post_id_remote_posts_id_fk" FOREIGN KEY ("remote_post_id") REFERENCES "public"."remote_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_responses" ADD CONSTRAINT "outgoing_responses_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outgoing_responses_post_idx" ON "outgoing_responses" USING btree ("remote_post_id");