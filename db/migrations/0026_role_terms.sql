ALTER TABLE "members" ADD COLUMN "role_until" date;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "role_reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "treasurer_until" date;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "treasurer_reminded_at" timestamp with time zone;