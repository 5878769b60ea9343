-- The hourly caps count a member's sent and in-flight messages (one index for both statuses), so
-- that a crisis's first messages are counted by this index even before the table is analyzed.
DROP INDEX "notification_deliveries_member_sent_idx";--> statement-breakpoint
CREATE INDEX "notification_deliveries_member_recent_idx" ON "notification_deliveries" USING btree ("recipient_id","channel","updated_at") WHERE "notification_deliveries"."status" IN ('sent', 'sending');