CREATE TYPE "public"."one_time_link_purpose" AS ENUM('invite', 'set_password');--> statement-breakpoint
CREATE TYPE "public"."post_category" AS ENUM('food', 'meals', 'groceries', 'shelter', 'transport', 'childcare', 'eldercare', 'medical_supplies', 'medication_pickup', 'emotional_support', 'companionship', 'skills', 'tech_help', 'translation', 'paperwork', 'money', 'goods', 'tools', 'space', 'pet_care', 'other');--> statement-breakpoint
CREATE TYPE "public"."post_kind" AS ENUM('offer', 'request');--> statement-breakpoint
CREATE TYPE "public"."post_status" AS ENUM('open', 'partially_matched', 'matched', 'fulfilled', 'withdrawn', 'expired');--> statement-breakpoint
CREATE TYPE "public"."post_urgency" AS ENUM('low', 'normal', 'high', 'critical');--> statement-breakpoint
CREATE TYPE "public"."post_visibility" AS ENUM('public', 'members', 'coordinators');--> statement-breakpoint
CREATE TABLE "network_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"name" text,
	"summary" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_settings_single_row" CHECK ("network_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "coordinator_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"subject_member_id" uuid,
	"post_id" uuid,
	"detail" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "one_time_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purpose" "one_time_link_purpose" NOT NULL,
	"member_id" uuid,
	"role" "member_role",
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"member_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "post_contacts" (
	"post_id" uuid PRIMARY KEY NOT NULL,
	"name" text,
	"phone" text,
	"email" text,
	"address" text,
	"notes" text
);
--> statement-breakpoint
CREATE TABLE "posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "post_kind" NOT NULL,
	"category" "post_category" NOT NULL,
	"title" text NOT NULL,
	"details" text DEFAULT '' NOT NULL,
	"quantity" integer,
	"unit" text,
	"urgency" "post_urgency" DEFAULT 'normal' NOT NULL,
	"area_id" uuid NOT NULL,
	"approx_latitude" double precision,
	"approx_longitude" double precision,
	"until_date" date,
	"language" text NOT NULL,
	"visibility" "post_visibility" DEFAULT 'public' NOT NULL,
	"status" "post_status" DEFAULT 'open' NOT NULL,
	"author_id" uuid,
	"entered_by_id" uuid,
	"show_author_name" boolean DEFAULT false NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "join_message" text;--> statement-breakpoint
ALTER TABLE "coordinator_log" ADD CONSTRAINT "coordinator_log_actor_id_members_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordinator_log" ADD CONSTRAINT "coordinator_log_subject_member_id_members_id_fk" FOREIGN KEY ("subject_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_time_links" ADD CONSTRAINT "one_time_links_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_time_links" ADD CONSTRAINT "one_time_links_created_by_id_members_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_contacts" ADD CONSTRAINT "post_contacts_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_area_id_service_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."service_areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_members_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_entered_by_id_members_id_fk" FOREIGN KEY ("entered_by_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coordinator_log_created_idx" ON "coordinator_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "sessions_member_idx" ON "sessions" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "posts_status_created_idx" ON "posts" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "posts_category_idx" ON "posts" USING btree ("category","status");--> statement-breakpoint
CREATE INDEX "posts_area_idx" ON "posts" USING btree ("area_id","status");--> statement-breakpoint
CREATE INDEX "posts_author_idx" ON "posts" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "posts_expires_idx" ON "posts" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "posts_search_idx" ON "posts" USING gin (to_tsvector('simple', "title" || ' ' || "details"));