CREATE TYPE "public"."remote_post_visibility" AS ENUM('public', 'members');--> statement-breakpoint
CREATE TYPE "public"."response_source" AS ENUM('reply');--> statement-breakpoint
CREATE TABLE "remote_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"origin_id" uuid NOT NULL,
	"object_iri" text NOT NULL,
	"url" text,
	"kind" "post_kind" NOT NULL,
	"category" "post_category" NOT NULL,
	"title" text NOT NULL,
	"details" text DEFAULT '' NOT NULL,
	"quantity" integer,
	"unit" text,
	"urgency" "post_urgency" NOT NULL,
	"area" text NOT NULL,
	"approx_latitude" double precision,
	"approx_longitude" double precision,
	"until_date" date,
	"language" text,
	"visibility" "remote_post_visibility" NOT NULL,
	"status" "post_status" NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "remote_posts_object_iri_unique" UNIQUE("object_iri")
);
--> statement-breakpoint
CREATE TABLE "responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"post_id" uuid NOT NULL,
	"source" "response_source" NOT NULL,
	"actor_id" uuid NOT NULL,
	"object_iri" text NOT NULL,
	"content_html" text NOT NULL,
	"url" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "responses_object_iri_unique" UNIQUE("object_iri")
);
--> statement-breakpoint
ALTER TABLE "network_settings" ADD COLUMN "share_members_only_with_siblings" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "remote_posts" ADD CONSTRAINT "remote_posts_origin_id_remote_actors_id_fk" FOREIGN KEY ("origin_id") REFERENCES "public"."remote_actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_actor_id_remote_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."remote_actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "remote_posts_status_idx" ON "remote_posts" USING btree ("status","published_at");--> statement-breakpoint
CREATE INDEX "remote_posts_origin_idx" ON "remote_posts" USING btree ("origin_id");--> statement-breakpoint
CREATE INDEX "responses_post_idx" ON "responses" USING btree ("post_id");