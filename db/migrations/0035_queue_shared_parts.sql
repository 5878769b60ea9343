-- A post's queued deliveries store what they share (the activity, the keys) once, in a part
-- each of them refers to, instead of a copy in every row (db/message-queue.ts).
CREATE TABLE "fedify_message_parts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"part" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fedify_messages" ADD COLUMN "shared_part_id" uuid;--> statement-breakpoint
ALTER TABLE "fedify_messages" ADD CONSTRAINT "fedify_messages_shared_part_id_fedify_message_parts_id_fk" FOREIGN KEY ("shared_part_id") REFERENCES "public"."fedify_message_parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fedify_messages_shared_part_idx" ON "fedify_messages" USING btree ("shared_part_id");