import { sql } from "drizzle-orm";
import { type AnyPgColumn, check, customType, date, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { members } from "./members.ts";

export const ledgerDirection = pgEnum("ledger_direction", ["in", "out"]);

/**
 * The network's open books: money in and out, append-only. Nothing updates or deletes a
 * row; a mistake is corrected by a reversing entry (`reverses_id`, at most one per entry),
 * so every member can follow what happened, including the corrections.
 */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    date: date("date", { mode: "string" }).notNull(),
    amountCents: integer("amount_cents").notNull(),
    direction: ledgerDirection("direction").notNull(),
    category: text("category").notNull(),
    note: text("note"),
    reversesId: uuid("reverses_id")
      .unique()
      .references((): AnyPgColumn => ledgerEntries.id),
    recordedById: uuid("recorded_by_id").references(() => members.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("ledger_entries_amount_positive", sql`${t.amountCents} > 0`), index("ledger_entries_date_idx").on(t.date, t.createdAt)],
);

/** Raw bytes: PGlite and postgres.js both hand back a Uint8Array (a Buffer is one). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * A receipt for an entry (a PDF or a photo, at most 5 MB), kept in the database so every
 * web process serves it and a backup of the database holds the books whole. Like the
 * entries, a receipt is never replaced or deleted.
 */
export const ledgerReceipts = pgTable(
  "ledger_receipts",
  {
    entryId: uuid("entry_id")
      .primaryKey()
      .references(() => ledgerEntries.id),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    content: bytea("content").notNull(),
    uploadedById: uuid("uploaded_by_id").references(() => members.id, { onDelete: "set null" }),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("ledger_receipts_size", sql`${t.sizeBytes} > 0 AND ${t.sizeBytes} <= 5242880`)],
);
