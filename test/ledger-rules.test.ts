import { describe, expect, it } from "vitest";
import {
  balanceCents,
  type LedgerEntry,
  monthlyTotals,
  parseAmount,
  reversalOf,
  whyNotReversible,
  withRunningBalance,
} from "../src/books/ledger.rules.ts";

// Plain unit tests of the open books' rules: no HTTP, no database.

let made = 0;
function entry(date: string, cents: number, direction: "in" | "out", overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  made += 1;
  return {
    id: `e${String(made).padStart(3, "0")}`,
    date,
    amountCents: cents,
    direction,
    category: direction === "in" ? "donations" : "groceries",
    note: null,
    reversesId: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, made)),
    ...overrides,
  };
}

describe("the open books' rules", () => {
  it("keeps a running balance in the books' order: by day, then as recorded", () => {
    const late = entry("2026-11-20", 5_000, "out");
    const early = entry("2026-11-02", 20_000, "in");
    const sameDayLater = entry("2026-11-20", 1_250, "in");
    const rows = withRunningBalance([late, sameDayLater, early]);
    expect(rows.map((r) => [r.date, r.balanceCents])).toEqual([
      ["2026-11-02", 20_000],
      ["2026-11-20", 15_000],
      ["2026-11-20", 16_250],
    ]);
    expect(balanceCents([late, early, sameDayLater])).toBe(16_250);
  });

  it("corrects an entry with its exact opposite, once, and never corrects a correction", () => {
    const wrong = entry("2026-11-05", 4_200, "out", { note: "Rice" });
    const reversal = reversalOf(wrong, "2026-11-06");
    expect(reversal).toMatchObject({
      amountCents: 4_200,
      direction: "in",
      category: "groceries",
      reversesId: wrong.id,
      date: "2026-11-06",
    });
    expect(reversal.note).toContain("Rice");
    const stored = { ...reversal, id: "r1", createdAt: new Date() };
    expect(balanceCents([wrong, stored])).toBe(0);
    expect(whyNotReversible(wrong, [wrong])).toBeNull();
    expect(whyNotReversible(wrong, [wrong, stored])).toMatch(/already reversed/);
    expect(whyNotReversible(stored, [wrong, stored])).toMatch(/cannot be reversed/);
  });

  it("totals each month and category, counting a correction in its own month", () => {
    const totals = monthlyTotals([
      entry("2026-10-30", 10_000, "in"),
      entry("2026-10-31", 3_000, "out", { category: "transport" }),
      entry("2026-11-01", 3_000, "in", { category: "transport", reversesId: "x" }),
      entry("2026-11-03", 2_500, "out"),
    ]);
    expect(totals).toEqual([
      {
        month: "2026-10",
        inCents: 10_000,
        outCents: 3_000,
        byCategory: { donations: { inCents: 10_000, outCents: 0 }, transport: { inCents: 0, outCents: 3_000 } },
      },
      {
        month: "2026-11",
        inCents: 3_000,
        outCents: 2_500,
        byCategory: { transport: { inCents: 3_000, outCents: 0 }, groceries: { inCents: 0, outCents: 2_500 } },
      },
    ]);
  });

  it("reads amounts as people type them, in whole cents", () => {
    expect(["12", "12.5", "12.50", "1,234.56", "12,50", "1.234,56", " 7 "].map(parseAmount)).toEqual([
      1_200, 1_250, 1_250, 123_456, 1_250, 123_456, 700,
    ]);
    expect(["", "abc", "-5", "1.234", "12.345", "1e3"].map(parseAmount)).toEqual([null, null, null, null, null, null]);
  });
});
