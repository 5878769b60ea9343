// The open books' rules, as plain functions of the entries: no database, so the unit tests
// can check every balance and reversal by hand.

export const LEDGER_DIRECTIONS = ["in", "out"] as const;
export type LedgerDirection = (typeof LEDGER_DIRECTIONS)[number];

/** What money came in for or went out on; a fixed list, so the monthly summary adds up by category. */
export const LEDGER_CATEGORIES = ["donations", "grants", "groceries", "meals", "transport", "supplies", "rent", "fees", "other"] as const;
export type LedgerCategory = (typeof LEDGER_CATEGORIES)[number];

/** The most one entry may record: 10 million in the currency's units (the column is a 32-bit integer of cents). */
export const MAX_AMOUNT_CENTS = 1_000_000_000;

export interface LedgerEntry {
  id: string;
  /** The day the money moved, YYYY-MM-DD. */
  date: string;
  amountCents: number;
  direction: LedgerDirection;
  category: LedgerCategory;
  note: string | null;
  /** The entry this one cancels, if it is a correction. */
  reversesId: string | null;
  createdAt: Date;
}

/** Money in counts up, money out counts down. */
export function signedCents(entry: Pick<LedgerEntry, "amountCents" | "direction">): number {
  return entry.direction === "in" ? entry.amountCents : -entry.amountCents;
}

/** Entries in the order of the books (by day, then as recorded), each with the balance after it. */
export function withRunningBalance<T extends LedgerEntry>(entries: readonly T[]): (T & { balanceCents: number })[] {
  let balance = 0;
  return [...entries].sort(byBooksOrder).map((entry) => {
    balance += signedCents(entry);
    return { ...entry, balanceCents: balance };
  });
}

export function balanceCents(entries: readonly LedgerEntry[]): number {
  return entries.reduce((sum, entry) => sum + signedCents(entry), 0);
}

export interface MonthTotals {
  month: string;
  inCents: number;
  outCents: number;
  byCategory: Partial<Record<LedgerCategory, { inCents: number; outCents: number }>>;
}

/**
 * Totals per month (oldest first) and per category. A reversal is counted in its own
 * month and direction, so a month's figures are what the books say for it.
 */
export function monthlyTotals(entries: readonly LedgerEntry[]): MonthTotals[] {
  const months = new Map<string, MonthTotals>();
  for (const entry of [...entries].sort(byBooksOrder)) {
    const month = entry.date.slice(0, 7);
    const totals = months.get(month) ?? { month, inCents: 0, outCents: 0, byCategory: {} };
    const category = totals.byCategory[entry.category] ?? { inCents: 0, outCents: 0 };
    totals.byCategory[entry.category] = category;
    if (entry.direction === "in") {
      totals.inCents += entry.amountCents;
      category.inCents += entry.amountCents;
    } else {
      totals.outCents += entry.amountCents;
      category.outCents += entry.amountCents;
    }
    months.set(month, totals);
  }
  return [...months.values()];
}

/** The entry that cancels `entry`: the same amount and category the other way, on `date`. */
export function reversalOf(entry: LedgerEntry, date: string): Omit<LedgerEntry, "id" | "createdAt"> {
  return {
    date,
    amountCents: entry.amountCents,
    direction: entry.direction === "in" ? "out" : "in",
    category: entry.category,
    note: `Correction of the entry of ${entry.date}${entry.note ? ` (“${entry.note}”)` : ""}`,
    reversesId: entry.id,
  };
}

/**
 * Why `entry` may not be reversed, or null if it may: a reversal is never reversed (record
 * the entry again instead), and an entry is reversed at most once.
 */
export function whyNotReversible(entry: LedgerEntry, all: readonly LedgerEntry[]): string | null {
  if (entry.reversesId !== null) return "a correction cannot be reversed; record the entry again instead";
  if (all.some((other) => other.reversesId === entry.id)) return "this entry was already reversed";
  return null;
}

/**
 * Reads an amount as people type it, with a decimal point or a decimal comma ("12.5",
 * "1,234.56", "12,50", "1.234,56") into whole cents; null if it is not one, or is ambiguous.
 */
export function parseAmount(text: string): number | null {
  const typed = text.trim().replace(/\s/g, "");
  let normalised: string;
  if (/^\d{1,3}(\.\d{3})*,\d{1,2}$/.test(typed) || /^\d+,\d{1,2}$/.test(typed)) {
    normalised = typed.replace(/\./g, "").replace(",", ".");
  } else if (/^\d{1,3}(,\d{3})*(\.\d{1,2})?$/.test(typed) || /^\d+(\.\d{1,2})?$/.test(typed)) {
    normalised = typed.replace(/,/g, "");
  } else {
    return null;
  }
  const [units = "0", cents = ""] = normalised.split(".");
  return Number(units) * 100 + Number(cents.padEnd(2, "0"));
}

function byBooksOrder(a: LedgerEntry, b: LedgerEntry): number {
  return a.date.localeCompare(b.date) || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id);
}
