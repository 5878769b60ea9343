CREATE TYPE "public"."marker_timeline" AS ENUM('home', 'notifications');--> statement-breakpoint
CREATE SEQUENCE "public"."mastodon_ids" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 100 CACHE 1;--> statement-breakpoint
CREATE TABLE "oauth_apps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" text NOT NULL,
	"client_secret_hash" text NOT NULL,
	"name" text NOT NULL,
	"website" text,
	"redirect_uris" text[] NOT NULL,
	"scopes" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oauth_apps_client_id_unique" UNIQUE("client_id")
);
--> statement-breakpoint
CREATE TABLE "oauth_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"app_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"redirect_uri" text NOT NULL,
	"scopes" text NOT NULL,
	"code_challenge" text,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "oauth_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"app_id" uuid NOT NULL,
	"member_id" uuid,
	"scopes" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "oauth_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
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
ALTER TABLE "oauth_codes" ADD CONSTRAINT "oauth_codes_app_id_oauth_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."oauth_apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_codes" ADD CONSTRAINT "oauth_codes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_tokens" ADD CONSTRAINT "oauth_tokens_app_id_oauth_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."oauth_apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_tokens" ADD CONSTRAINT "oauth_tokens_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reading_markers" ADD CONSTRAINT "reading_markers_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "oauth_tokens_member_idx" ON "oauth_tokens" USING btree ("member_id");--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_mastodon_id_unique" UNIQUE("mastodon_id");--> statement-breakpoint
ALTER TABLE "remote_actors" ADD CONSTRAINT "remote_actors_mastodon_id_unique" UNIQUE("mastodon_id");--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_mastodon_id_unique" UNIQUE("mastodon_id");--> statement-breakpoint
ALTER TABLE "remote_posts" ADD CONSTRAINT "remote_posts_mastodon_id_unique" UNIQUE("mastodon_id");