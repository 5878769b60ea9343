CREATE TYPE "public"."sms_notice_event" AS ENUM('matched', 'scheduled', 'cancelled');--> statement-breakpoint
ALTER TYPE "public"."delivery_status" ADD VALUE 'held';--> statement-breakpoint
ALTER TYPE "public"."delivery_status" ADD VALUE 'digested';--> statement-breakpoint
CREATE TABLE "sms_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"post_id" uuid NOT NULL,
	"event" "sms_notice_event" NOT NULL,
	"window_start" timestamp with time zone,
	"window_end" timestamp with time zone,
	"status" "delivery_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"result" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification_preferences" ALTER COLUMN "email_mode" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "notification_preferences" ALTER COLUMN "email_mode" SET DEFAULT 'immediate'::text;--> statement-breakpoint
DROP TYPE "public"."email_mode";--> statement-breakpoint
CREATE TYPE "public"."email_mode" AS ENUM('immediate', 'daily', 'weekly');--> statement-breakpoint
ALTER TABLE "notification_preferences" ALTER COLUMN "email_mode" SET DEFAULT 'immediate'::"public"."email_mode";--> statement-breakpoint
ALTER TABLE "notification_preferences" ALTER COLUMN "email_mode" SET DATA TYPE "public"."email_mode" USING "email_mode"::"public"."email_mode";--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "quiet_start" smallint;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "quiet_end" smallint;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD COLUMN "digest_id" uuid;--> statement-breakpoint
ALTER TABLE "sms_notices" ADD CONSTRAINT "sms_notices_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sms_notices_due_idx" ON "sms_notices" USING btree ("status","next_attempt_at");--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_digest_id_notifications_id_fk" FOREIGN KEY ("digest_id") REFERENCES "public"."notifications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_deliveries_status_due_idx" ON "notification_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "notification_deliveries_digest_idx" ON "notification_deliveries" USING btree ("digest_id");