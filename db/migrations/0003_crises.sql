CREATE TYPE "public"."crisis_severity" AS ENUM('low', 'moderate', 'severe', 'extreme');--> statement-breakpoint
CREATE TYPE "public"."forward_state" AS ENUM('held', 'forwarded');--> statement-breakpoint
CREATE TABLE "crises" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"areas" text[] NOT NULL,
	"categories" text[] NOT NULL,
	"severity" "crisis_severity" NOT NULL,
	"forward_delay_minutes" integer DEFAULT 120 NOT NULL,
	"max_hops" integer DEFAULT 1 NOT NULL,
	"ends_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"declared_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "post_forwards" (
	"post_id" uuid PRIMARY KEY NOT NULL,
	"crisis_id" uuid,
	"state" "forward_state" NOT NULL,
	"decided_by_id" uuid,
	"forwarded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "remote_crises" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"origin_id" uuid NOT NULL,
	"object_iri" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"severity" "crisis_severity" NOT NULL,
	"areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"ended" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "remote_crises_object_iri_unique" UNIQUE("object_iri")
);
--> statement-breakpoint
ALTER TABLE "remote_posts" ADD COLUMN "note_iri" text;--> statement-breakpoint
ALTER TABLE "remote_posts" ADD COLUMN "forwarded_crisis_iri" text;--> statement-breakpoint
ALTER TABLE "remote_posts" ADD COLUMN "forwarded_by_id" uuid;--> statement-breakpoint
ALTER TABLE "remote_posts" ADD COLUMN "hops_left" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "remote_posts" ADD COLUMN "announce_iri" text;--> statement-breakpoint
ALTER TABLE "remote_posts" ADD COLUMN "forwarded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "crises" ADD CONSTRAINT "crises_declared_by_id_members_id_fk" FOREIGN KEY ("declared_by_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_forwards" ADD CONSTRAINT "post_forwards_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_forwards" ADD CONSTRAINT "post_forwards_crisis_id_crises_id_fk" FOREIGN KEY ("crisis_id") REFERENCES "public"."crises"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_forwards" ADD CONSTRAINT "post_forwards_decided_by_id_members_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remote_crises" ADD CONSTRAINT "remote_crises_origin_id_remote_actors_id_fk" FOREIGN KEY ("origin_id") REFERENCES "public"."remote_actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "post_forwards_crisis_idx" ON "post_forwards" USING btree ("crisis_id");--> statement-breakpoint
ALTER TABLE "remote_posts" ADD CONSTRAINT "remote_posts_forwarded_by_id_remote_actors_id_fk" FOREIGN KEY ("forwarded_by_id") REFERENCES "public"."remote_actors"("id") ON DELETE set null ON UPDATE no action;