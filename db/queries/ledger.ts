import { asc, eq } from "drizzle-orm";
import type { Database } from "../database.ts";
import { ledgerEntries, ledgerReceipts, members } from "../schema/index.ts";

export type LedgerEntryRow = typeof ledgerEntries.$inferSelect;
export type LedgerReceiptRow = typeof ledgerReceipts.$inferSelect;

/** Appends one entry: the books have no update and no delete. */
export async function insertLedgerEntry(db: Database, values: typeof ledgerEntries.$inferInsert): Promise<LedgerEntryRow> {
  const [row] = await db.insert(ledgerEntries).values(values).returning();
  return row!;
}

export async function findLedgerEntry(db: Database, id: string): Promise<LedgerEntryRow | undefined> {
  const [row] = await db.select().from(ledgerEntries).where(eq(ledgerEntries.id, id));
  return row;
}

/** Every entry with who recorded it and whether it has a receipt, in the books' order. */
export function listLedgerEntries(db: Database): Promise<{ entry: LedgerEntryRow; recordedBy: string | null; receipt: string | null }[]> {
  return db
    .select({ entry: ledgerEntries, recordedBy: members.username, receipt: ledgerReceipts.fileName })
    .from(ledgerEntries)
    .leftJoin(members, eq(members.id, ledgerEntries.recordedById))
    .leftJoin(ledgerReceipts, eq(ledgerReceipts.entryId, ledgerEntries.id))
    .orderBy(asc(ledgerEntries.date), asc(ledgerEntries.createdAt), asc(ledgerEntries.id));
}

/** Stores an entry's receipt; false when it already has one (a receipt is never replaced). */
export async function insertLedgerReceipt(db: Database, values: typeof ledgerReceipts.$inferInsert): Promise<boolean> {
  const rows = await db.insert(ledgerReceipts).values(values).onConflictDoNothing().returning({ entryId: ledgerReceipts.entryId });
  return rows.length > 0;
}

export async function findLedgerReceipt(db: Database, entryId: string): Promise<LedgerReceiptRow | undefined> {
  const [row] = await db.select().from(ledgerReceipts).where(eq(ledgerReceipts.entryId, entryId));
  return row;
}
