import { asc, eq } from "drizzle-orm";
import type { Database } from "../database.ts";
import { ledgerEntries, members } from "../schema/index.ts";

export type LedgerEntryRow = typeof ledgerEntries.$inferSelect;

/** Appends one entry: the books have no update and no delete. */
export async function insertLedgerEntry(db: Database, values: typeof ledgerEntries.$inferInsert): Promise<LedgerEntryRow> {
  const [row] = await db.insert(ledgerEntries).values(values).returning();
  return row!;
}

export async function findLedgerEntry(db: Database, id: string): Promise<LedgerEntryRow | undefined> {
  const [row] = await db.select().from(ledgerEntries).where(eq(ledgerEntries.id, id));
  return row;
}

/** Every entry with who recorded it, in the books' order. */
export function listLedgerEntries(db: Database): Promise<{ entry: LedgerEntryRow; recordedBy: string | null }[]> {
  return db
    .select({ entry: ledgerEntries, recordedBy: members.username })
    .from(ledgerEntries)
    .leftJoin(members, eq(members.id, ledgerEntries.recordedById))
    .orderBy(asc(ledgerEntries.date), asc(ledgerEntries.createdAt), asc(ledgerEntries.id));
}
