-- One name for posts of sibling networks (#12): "sibling posts", in tables as in code.
-- A rename keeps every row; drizzle-kit cannot tell a rename from a drop and a create
-- without asking, so this one is written out, and its snapshot says the same.
ALTER TABLE "remote_posts" RENAME TO "sibling_posts";--> statement-breakpoint
ALTER TYPE "public"."remote_post_visibility" RENAME TO "sibling_post_visibility";--> statement-breakpoint
ALTER TABLE "sibling_posts" RENAME CONSTRAINT "remote_posts_pkey" TO "sibling_posts_pkey";--> statement-breakpoint
ALTER TABLE "sibling_posts" RENAME CONSTRAINT "remote_posts_mastodon_id_unique" TO "sibling_posts_mastodon_id_unique";--> statement-breakpoint
ALTER TABLE "sibling_posts" RENAME CONSTRAINT "remote_posts_object_iri_unique" TO "sibling_posts_object_iri_unique";--> statement-breakpoint
ALTER TABLE "sibling_posts" RENAME CONSTRAINT "remote_posts_origin_id_remote_actors_id_fk" TO "sibling_posts_origin_id_remote_actors_id_fk";--> statement-breakpoint
ALTER TABLE "sibling_posts" RENAME CONSTRAINT "remote_posts_forwarded_by_id_remote_actors_id_fk" TO "sibling_posts_forwarded_by_id_remote_actors_id_fk";--> statement-breakpoint
ALTER INDEX "remote_posts_status_idx" RENAME TO "sibling_posts_status_idx";--> statement-breakpoint
ALTER INDEX "remote_posts_origin_idx" RENAME TO "sibling_posts_origin_idx";--> statement-breakpoint
ALTER TABLE "outgoing_responses" RENAME COLUMN "remote_post_id" TO "sibling_post_id";--> statement-breakpoint
ALTER TABLE "outgoing_responses" RENAME CONSTRAINT "outgoing_responses_remote_post_id_remote_posts_id_fk" TO "outgoing_responses_sibling_post_id_sibling_posts_id_fk";
