import { sql } from "drizzle-orm";
import { type AnyPgColumn, check, date, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
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
