CREATE TABLE "shared_state_version" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "posts_open_count_idx" ON "posts" USING btree ("expires_at","visibility") WHERE "posts"."status" IN ('open', 'partially_matched') AND "posts"."hidden_at" IS NULL;--> statement-breakpoint
INSERT INTO "shared_state_version" ("id", "version") VALUES (1, 0);
--> statement-breakpoint
CREATE FUNCTION "bump_shared_state_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "shared_state_version" SET "version" = "version" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "network_settings_shared_state" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "network_settings"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_shared_state_version"();
--> statement-breakpoint
CREATE TRIGGER "crises_shared_state" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "crises"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_shared_state_version"();
--> statement-breakpoint
CREATE TRIGGER "service_areas_shared_state" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "service_areas"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_shared_state_version"();
