DROP INDEX "posts_category_idx";--> statement-breakpoint
CREATE INDEX "posts_board_idx" ON "posts" USING btree ("urgency" DESC NULLS FIRST,"created_at" DESC NULLS FIRST,"id","visibility","expires_at") WHERE "posts"."status" IN ('open', 'partially_matched');--> statement-breakpoint
CREATE INDEX "posts_newest_idx" ON "posts" USING btree ("created_at" DESC NULLS FIRST,"id","visibility");--> statement-breakpoint
CREATE INDEX "posts_category_idx" ON "posts" USING btree ("category","kind","status");