-- An offer whose author chose to show their name shows it on the board, in the API and in the
-- outbox: a new name changes those answers as a changed post does (answers kept for the public
-- go by this version, web/public-answers.ts).
CREATE CONSTRAINT TRIGGER "posts_version_on_author_name" AFTER UPDATE OF "username", "display_name" ON "members"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD."username" IS DISTINCT FROM NEW."username" OR OLD."display_name" IS DISTINCT FROM NEW."display_name")
  EXECUTE FUNCTION "bump_posts_version"();
