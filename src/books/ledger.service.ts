import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import type { Database } from "../../db/database.ts";
import {
  findLedgerEntry,
  findLedgerReceipt,
  insertLedgerEntry,
  insertLedgerReceipt,
  type LedgerEntryRow,
  listLedgerEntries,
} from "../../db/queries/ledger.ts";
import { findMemberById, updateMember } from "../../db/queries/members.ts";
import { inTransaction } from "../../db/transaction.ts";
import { isCalendarDay, utcDay } from "../dates.ts";
import { ConflictError, ForbiddenError, InvalidFieldsError, NotFoundError } from "../errors.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import type { Member } from "../members/member.service.ts";
import { activeMember, isAdmin, requireMember, type Viewer } from "../members/viewer.ts";
import type { NetworkSettingsService } from "../networks/network-settings.service.ts";
import { isUuid, parseOrThrow, typedText } from "../validation.ts";
import {
  balanceCents,
  LEDGER_CATEGORIES,
  LEDGER_DIRECTIONS,
  type LedgerCategory,
  type LedgerEntry,
  MAX_AMOUNT_CENTS,
  type MonthTotals,
  monthlyTotals,
  reversalOf,
  whyNotReversible,
  withRunningBalance,
} from "./ledger.rules.ts";
import { checkedReceipt, type ReceiptFile } from "./receipt.ts";

const DAY_MS = 86_400_000;

/** `createLedgerEntry`'s body; `reverses` makes it the correction of an earlier entry. */
export const ledgerEntrySchema = z.object({
  date: z.string().refine(isCalendarDay, { error: "use a real date as YYYY-MM-DD" }),
  amountCents: z
    .number({ error: "use a whole number of cents" })
    .int({ error: "use a whole number of cents" })
    .min(1, { error: "use at least 1 cent" })
    .max(MAX_AMOUNT_CENTS, { error: "is too large" }),
  direction: z.enum(LEDGER_DIRECTIONS, { error: "use in or out" }),
  category: z.enum(LEDGER_CATEGORIES, { error: `use one of ${LEDGER_CATEGORIES.join(", ")}` }),
  note: typedText({ max: 500 }).optional(),
  reverses: z.uuid({ error: "use the id of the entry to correct" }).optional(),
});
export type LedgerEntryInput = z.input<typeof ledgerEntrySchema>;

export interface LedgerEntryView extends LedgerEntry {
  balanceCents: number;
  /** Who recorded it (members see it: the books are accountable); null once they left. */
  recordedBy: string | null;
  /** A later entry corrected this one. */
  reversed: boolean;
  /** The receipt's file name, when one was kept. */
  receipt: string | null;
}

export interface PublicBooks {
  currency: string;
  months: MonthTotals[];
}

export interface BudgetSummary {
  currency: string;
  balanceCents: number;
  months: MonthTotals[];
}

/**
 * The open books: treasurers (and admins) record money in and out, every member reads the
 * ledger with its running balance, the monthly summary and a CSV. Append-only: a mistake is
 * corrected by a reversing entry, never by editing or deleting one.
 */
export class LedgerService {
  readonly #db: Database;
  readonly #log: CoordinatorLogService;
  readonly #settings: NetworkSettingsService;
  readonly #now: () => Date;
  /** ISO 4217 code of the network's currency (CURRENCY). */
  readonly currency: string;

  constructor(db: Database, options: { log: CoordinatorLogService; settings: NetworkSettingsService; currency: string; now?: () => Date }) {
    this.#db = db;
    this.#log = options.log;
    this.#settings = options.settings;
    this.currency = options.currency;
    this.#now = options.now ?? (() => new Date());
  }

  /** Records an entry, with its receipt (`fileName`, bytes) when there is one: both or neither. */
  async record(viewer: Viewer, input: LedgerEntryInput, receiptFile?: { fileName: string; content: Uint8Array }): Promise<LedgerEntryView> {
    const member = requireKeeper(viewer);
    const fields = parseOrThrow(ledgerEntrySchema, input);
    const receipt = receiptFile === undefined ? null : checkedReceipt(receiptFile.fileName, receiptFile.content);
    // A day ahead at most: somewhere in the world it is already tomorrow.
    if (fields.date > utcDay(new Date(this.#now().getTime() + DAY_MS))) throw new InvalidFieldsError({ date: "is in the future" });
    const row = await inTransaction(this.#db, async (tx) => {
      if (fields.reverses !== undefined) await this.#checkReversal(tx, fields.reverses, fields);
      const entry = await insertLedgerEntry(tx, {
        date: fields.date,
        amountCents: fields.amountCents,
        direction: fields.direction,
        category: fields.category,
        note: fields.note === undefined || fields.note === "" ? null : fields.note,
        reversesId: fields.reverses ?? null,
        recordedById: member.id,
      });
      if (receipt !== null) await this.#keepReceipt(tx, entry.id, receipt, member);
      return entry;
    });
    // With the balance after it, as the ledger shows it.
    return (await this.list(viewer)).find((e) => e.id === row.id)!;
  }

  /** Corrects an entry with its exact opposite, dated today: the web page's "Reverse" button. */
  async reverse(viewer: Viewer, id: string): Promise<LedgerEntryView> {
    requireKeeper(viewer);
    const entry = isUuid(id) ? await findLedgerEntry(this.#db, id) : undefined;
    if (entry === undefined) throw new NotFoundError("No such entry.");
    const reversal = reversalOf(toEntry(entry), utcDay(this.#now()));
    return this.record(viewer, { ...reversal, note: reversal.note ?? undefined, reverses: entry.id });
  }

  /** Adds the receipt to an entry recorded without one (it came later); an entry has one receipt at most. */
  async attachReceipt(viewer: Viewer, entryId: string, file: { fileName: string; content: Uint8Array }): Promise<LedgerEntryView> {
    const member = requireKeeper(viewer);
    const entry = isUuid(entryId) ? await findLedgerEntry(this.#db, entryId) : undefined;
    if (entry === undefined) throw new NotFoundError("No such entry.");
    const receipt = checkedReceipt(file.fileName, file.content);
    await inTransaction(this.#db, (tx) => this.#keepReceipt(tx, entry.id, receipt, member));
    return (await this.list(viewer)).find((e) => e.id === entry.id)!;
  }

  /** An entry's receipt, for members. */
  async receipt(viewer: Viewer, entryId: string): Promise<ReceiptFile> {
    requireMember(viewer);
    const row = isUuid(entryId) ? await findLedgerReceipt(this.#db, entryId) : undefined;
    if (row === undefined) throw new NotFoundError("This entry has no receipt.");
    return { fileName: row.fileName, contentType: row.contentType, content: row.content };
  }

  async #keepReceipt(tx: Database, entryId: string, receipt: ReceiptFile, member: Member): Promise<void> {
    const kept = await insertLedgerReceipt(tx, {
      entryId,
      fileName: receipt.fileName,
      contentType: receipt.contentType,
      sizeBytes: receipt.content.byteLength,
      content: receipt.content,
      uploadedById: member.id,
    });
    if (!kept) throw new ConflictError("This entry already has a receipt; receipts are never replaced.");
  }

  /** Every entry in the books' order, each with the balance after it. */
  async list(viewer: Viewer): Promise<LedgerEntryView[]> {
    requireMember(viewer);
    const rows = await listLedgerEntries(this.#db);
    const reversed = new Set(rows.map((r) => r.entry.reversesId).filter((id) => id !== null));
    const byId = new Map(rows.map((r) => [r.entry.id, r]));
    return withRunningBalance(rows.map((r) => toEntry(r.entry))).map((entry) => ({
      ...entry,
      recordedBy: byId.get(entry.id)?.recordedBy ?? null,
      reversed: reversed.has(entry.id),
      receipt: byId.get(entry.id)?.receipt ?? null,
    }));
  }

  async summary(viewer: Viewer): Promise<BudgetSummary> {
    requireMember(viewer);
    const entries = (await listLedgerEntries(this.#db)).map((r) => toEntry(r.entry));
    return { currency: this.currency, balanceCents: balanceCents(entries), months: monthlyTotals(entries) };
  }

  /**
   * For the public summary, when the network publishes it: the last twelve months' totals in
   * and out, per month and per category. No notes, no names, no single entries.
   */
  async publicTotals(): Promise<PublicBooks | null> {
    if (!(await this.#settings.profile()).publicBooks) return null;
    const entries = (await listLedgerEntries(this.#db)).map((r) => toEntry(r.entry));
    const now = this.#now();
    const firstMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 7);
    return { currency: this.currency, months: monthlyTotals(entries).filter((m) => m.month >= firstMonth) };
  }

  /** The ledger as a spreadsheet, amounts in the currency's units. */
  async csv(viewer: Viewer): Promise<string> {
    const entries = await this.list(viewer);
    const units = (cents: number) => (cents / 100).toFixed(2);
    return stringify(
      entries.map((e) => [
        e.date,
        e.direction,
        units(e.amountCents),
        this.currency,
        e.category,
        e.note ?? "",
        units(e.balanceCents),
        e.reversesId ?? "",
        e.recordedBy ?? "",
        e.id,
      ]),
      {
        header: true,
        columns: ["date", "direction", "amount", "currency", "category", "note", "balance", "corrects", "recorded_by", "id"],
      },
    );
  }

  /** Admins make a member a treasurer (or stop it); logged for every member to see. */
  async setTreasurer(viewer: Viewer, memberId: string, treasurer: boolean): Promise<void> {
    const admin = activeMember(viewer);
    if (admin === null || !isAdmin(admin)) throw new ForbiddenError("Only admins can choose treasurers.");
    const subject = isUuid(memberId) ? await findMemberById(this.#db, memberId) : undefined;
    if (subject === undefined) throw new NotFoundError("No such member.");
    if (subject.treasurer === treasurer) return;
    await inTransaction(this.#db, async (tx) => {
      await updateMember(tx, subject.id, { treasurer, treasurerUntil: null, treasurerRemindedAt: null });
      await this.#log.record(tx, admin, treasurer ? "treasurer_given" : "treasurer_ended", { subjectMemberId: subject.id });
    });
  }

  async #checkReversal(tx: Database, id: string, fields: z.output<typeof ledgerEntrySchema>): Promise<void> {
    const original = await findLedgerEntry(tx, id);
    if (original === undefined) throw new InvalidFieldsError({ reverses: "no such entry" });
    const all = (await listLedgerEntries(tx)).map((r) => toEntry(r.entry));
    const problem = whyNotReversible(toEntry(original), all);
    if (problem !== null) throw new ConflictError(problem);
    if (original.amountCents !== fields.amountCents || original.category !== fields.category || original.direction === fields.direction) {
      throw new InvalidFieldsError({ reverses: "a correction has the same amount and category as the entry, the other way" });
    }
  }
}

/** Treasurers and admins keep the books. */
export function canKeepBooks(viewer: Viewer): boolean {
  const member = activeMember(viewer);
  return member !== null && (member.treasurer || isAdmin(member));
}

function requireKeeper(viewer: Viewer): Member {
  const member = requireMember(viewer);
  if (!canKeepBooks(member)) throw new ForbiddenError("Only treasurers and admins record money.");
  return member;
}

function toEntry(row: LedgerEntryRow): LedgerEntry {
  return {
    id: row.id,
    date: row.date,
    amountCents: row.amountCents,
    direction: row.direction,
    category: row.category as LedgerCategory,
    note: row.note,
    reversesId: row.reversesId,
    createdAt: row.createdAt,
  };
}
