CREATE TYPE "public"."volunteer_status" AS ENUM('none', 'asked', 'approved');--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "volunteer_status" "volunteer_status" DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "matches" ADD COLUMN "open_to_volunteers" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Until now anyone could volunteer by setting max_tasks. Members a coordinator has already
-- given a handover to are trusted as volunteers; every other volunteer waits for approval.
UPDATE "members" SET "volunteer_status" = CASE
  WHEN EXISTS (SELECT 1 FROM "coordinator_log" l WHERE l."action" = 'volunteer_assigned' AND l."subject_member_id" = "members"."id") THEN 'approved'::"volunteer_status"
  ELSE 'asked'::"volunteer_status" END
WHERE "max_tasks" > 0;--> statement-breakpoint
-- Handovers held by someone who is not (yet) an approved volunteer go back to the coordinators.
UPDATE "matches" SET "volunteer_id" = NULL, "updated_at" = now()
WHERE "status" IN ('accepted', 'scheduled') AND "volunteer_id" IN (SELECT "id" FROM "members" WHERE "volunteer_status" <> 'approved');
