CREATE TYPE "public"."marker_timeline" AS ENUM('home', 'notifications');--> statement-breakpoint
CREATE SEQUENCE "public"."mastodon_ids" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 100 CACHE 1;--> statement-breakpoint
CREATE TABLE "reading_markers" (
	"member_id" uuid NOT NULL,
	"timeline" "marker_timeline" NOT NULL,
	"last_read_id" bigint NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reading_markers_member_id_timeline_pk" PRIMARY KEY("member_id","timeline")
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "mastodon_id" bigint DEFAULT nextval('mastodon_ids') NOT NULL;--> statement-breakpoint
ALTER TABLE "remote_actors" ADD COLUMN "mastodon_id" bigint DEFAULT nextval('mastodon_ids') NOT NULL;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "mastodon_id" bigint DEFAULT nextval('mastodon_ids') NOT NULL;--> statement-breakpoint
ALTER TABLE "remote_posts" ADD COLUMN "mastodon_id" bigint DEFAULT nextval('mastodon_ids') NOT NULL;--> statement-breakpoint
ALTER TABLE "reading_markers" ADD CONSTRAINT "reading_markers_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_mastodon_id_unique" UNIQUE("mastodon_id");--> statement-breakpoint
ALTER TABLE "remote_actors" ADD CONSTRAINT "remote_actors_mastodon_id_unique" UNIQUE("mastodon_id");--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_mastodon_id_unique" UNIQUE("mastodon_id");--> statement-breakpoint
ALTER TABLE "remote_posts" ADD CONSTRAINT "remote_posts_mastodon_id_unique" UNIQUE("mastodon_id");