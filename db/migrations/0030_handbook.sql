CREATE TYPE "public"."handbook_proposal_status" AS ENUM('open', 'accepted', 'declined');--> statement-breakpoint
CREATE TYPE "public"."handbook_visibility" AS ENUM('public', 'members', 'coordinators');--> statement-breakpoint
CREATE TABLE "agreement_acceptances" (
	"member_id" uuid NOT NULL,
	"accepted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revision" integer,
	CONSTRAINT "agreement_acceptances_member_id_pk" PRIMARY KEY("member_id")
);
--> statement-breakpoint
CREATE TABLE "handbook_pages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"visibility" "handbook_visibility" NOT NULL,
	"revision" integer NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "handbook_pages_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "handbook_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"page_id" uuid NOT NULL,
	"proposer_id" uuid,
	"base_revision" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"note" text,
	"status" "handbook_proposal_status" DEFAULT 'open' NOT NULL,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"revision" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handbook_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"page_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"visibility" "handbook_visibility" NOT NULL,
	"author_id" uuid,
	"accepted_by_id" uuid,
	"note" text,
	"restored_from" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "handbook_revisions_page_revision_key" UNIQUE("page_id","revision")
);
--> statement-breakpoint
CREATE TABLE "handbook_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"welcome_slug" text,
	"agreements_slug" text,
	"handover_slugs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"seeded_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "handbook_settings_single_row" CHECK ("handbook_settings"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "agreement_acceptances" ADD CONSTRAINT "agreement_acceptances_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handbook_pages" ADD CONSTRAINT "handbook_pages_updated_by_id_members_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handbook_proposals" ADD CONSTRAINT "handbook_proposals_page_id_handbook_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."handbook_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handbook_proposals" ADD CONSTRAINT "handbook_proposals_proposer_id_members_id_fk" FOREIGN KEY ("proposer_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handbook_proposals" ADD CONSTRAINT "handbook_proposals_decided_by_id_members_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handbook_revisions" ADD CONSTRAINT "handbook_revisions_page_id_handbook_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."handbook_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handbook_revisions" ADD CONSTRAINT "handbook_revisions_author_id_members_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handbook_revisions" ADD CONSTRAINT "handbook_revisions_accepted_by_id_members_id_fk" FOREIGN KEY ("accepted_by_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "handbook_proposals_status_idx" ON "handbook_proposals" USING btree ("status","created_at");