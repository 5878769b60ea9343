CREATE TABLE "posts_version" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO "posts_version" ("id", "version") VALUES (1, 0);
--> statement-breakpoint
-- Once per transaction (a setting local to it remembers), whatever number of rows it changed.
CREATE FUNCTION "bump_posts_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('mycelium.posts_version_raised', true) IS DISTINCT FROM 'yes' THEN
    PERFORM set_config('mycelium.posts_version_raised', 'yes', true);
    UPDATE "posts_version" SET "version" = "version" + 1 WHERE "id" = 1;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Deferred to the commit, so the one row is locked only while the transaction commits.
CREATE CONSTRAINT TRIGGER "posts_version_on_change" AFTER INSERT OR UPDATE OR DELETE ON "posts"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_posts_version"();
--> statement-breakpoint
CREATE TRIGGER "posts_version_on_truncate" AFTER TRUNCATE ON "posts"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_posts_version"();
