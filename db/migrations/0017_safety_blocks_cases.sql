CREATE TYPE "public"."server_block_kind" AS ENUM('domain', 'actor');--> statement-breakpoint
CREATE TABLE "server_blocks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "server_block_kind" NOT NULL,
	"target" text NOT NULL,
	"reason" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "server_blocks_kind_target_key" UNIQUE("kind","target")
);
--> statement-breakpoint
ALTER TABLE "server_blocks" ADD CONSTRAINT "server_blocks_created_by_id_members_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;