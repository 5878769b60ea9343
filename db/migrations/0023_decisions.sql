CREATE TYPE "public"."decision_hide_results" AS ENUM('never', 'until_voted', 'until_closed');--> statement-breakpoint
CREATE TYPE "public"."decision_process" AS ENUM('consent', 'proposal', 'poll', 'ranked', 'meeting_time');--> statement-breakpoint
CREATE TYPE "public"."decision_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TABLE "decision_options" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"decision_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL,
	CONSTRAINT "decision_options_position_key" UNIQUE("decision_id","position")
);
--> statement-breakpoint
CREATE TABLE "decision_votes" (
	"decision_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"ballot" jsonb NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "decision_votes_decision_id_member_id_pk" PRIMARY KEY("decision_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"process" "decision_process" NOT NULL,
	"any_of" boolean DEFAULT false NOT NULL,
	"starter_id" uuid,
	"quorum" double precision,
	"hide_results" "decision_hide_results" DEFAULT 'never' NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"status" "decision_status" DEFAULT 'open' NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"eligible_count" integer,
	"outcome" text,
	"outcome_by_id" uuid,
	"outcome_at" timestamp with time zone,
	"review_on" date,
	"reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "decision_options" ADD CONSTRAINT "decision_options_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_votes" ADD CONSTRAINT "decision_votes_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_votes" ADD CONSTRAINT "decision_votes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_starter_id_members_id_fk" FOREIGN KEY ("starter_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_outcome_by_id_members_id_fk" FOREIGN KEY ("outcome_by_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decision_votes_member_idx" ON "decision_votes" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "decisions_status_closes_idx" ON "decisions" USING btree ("status","closes_at");--> statement-breakpoint
CREATE INDEX "decisions_outcome_idx" ON "decisions" USING btree ("outcome_at" DESC NULLS LAST);