CREATE TABLE "ledger_receipts" (
	"entry_id" uuid PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by_id" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_receipts_size" CHECK ("ledger_receipts"."size_bytes" > 0 AND "ledger_receipts"."size_bytes" <= 5242880)
);
--> statement-breakpoint
ALTER TABLE "ledger_receipts" ADD CONSTRAINT "ledger_receipts_entry_id_ledger_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_receipts" ADD CONSTRAINT "ledger_receipts_uploaded_by_id_members_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Receipts are append-only like the entries they prove (drizzle-kit does not track triggers).
CREATE FUNCTION "ledger_receipts_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'receipts are never replaced or deleted';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "ledger_receipts_append_only" BEFORE DELETE OR UPDATE OF "file_name", "content_type", "size_bytes", "content", "entry_id"
  ON "ledger_receipts" FOR EACH ROW EXECUTE FUNCTION "ledger_receipts_append_only"();
