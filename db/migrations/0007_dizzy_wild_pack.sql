CREATE TYPE "public"."handover_method" AS ENUM('pickup', 'delivery');--> statement-breakpoint
CREATE TYPE "public"."match_party" AS ENUM('requester', 'offerer', 'volunteer');--> statement-breakpoint
CREATE TABLE "match_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"match_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"side" "match_party" NOT NULL,
	"comment" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "network_settings" ADD COLUMN "peer_to_peer_claims" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "network_settings" ADD COLUMN "public_summary" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "available_weekdays" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "availability_note" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "max_tasks" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "calendar_token_hash" text;--> statement-breakpoint
ALTER TABLE "matches" ADD COLUMN "method" "handover_method";--> statement-breakpoint
ALTER TABLE "matches" ADD COLUMN "window_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "matches" ADD COLUMN "window_end" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "matches" ADD COLUMN "volunteer_id" uuid;--> statement-breakpoint
ALTER TABLE "matches" ADD COLUMN "no_show" "match_party";--> statement-breakpoint
ALTER TABLE "match_feedback" ADD CONSTRAINT "match_feedback_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_feedback" ADD CONSTRAINT "match_feedback_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "match_feedback_once" ON "match_feedback" USING btree ("match_id","member_id");--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_volunteer_id_members_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "matches_volunteer_idx" ON "matches" USING btree ("volunteer_id","status");--> statement-breakpoint
CREATE INDEX "matches_status_created_idx" ON "matches" USING btree ("status","created_at");--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_calendar_token_hash_unique" UNIQUE("calendar_token_hash");--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_window_order" CHECK ("matches"."window_end" IS NULL OR "matches"."window_start" IS NULL OR "matches"."window_end" > "matches"."window_start");