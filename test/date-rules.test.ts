import { describe, expect, it } from "vitest";
import { dayProblem, isCalendarDay, MAX_WINDOW_DAYS, windowProblems } from "../src/dates.ts";

// Plain unit tests of the date rules (src/dates.ts), with the clock fixed.

const now = new Date("2026-11-29T12:00:00Z");
const at = (iso: string) => new Date(iso);

describe("the date rules", () => {
  it("knows which days exist", () => {
    expect(isCalendarDay("2028-02-29")).toBe(true);
    expect(isCalendarDay("2027-02-29")).toBe(false);
    expect(isCalendarDay("2027-02-30")).toBe(false);
    expect(isCalendarDay("2027-04-31")).toBe(false);
    expect(isCalendarDay("2027-13-01")).toBe(false);
    expect(isCalendarDay("2027-00-10")).toBe(false);
    expect(isCalendarDay("0001-01-01")).toBe(true);
    expect(isCalendarDay("27-01-01")).toBe(false);
  });

  it("takes a needed-by day from today to two years ahead, and says what is wrong otherwise", () => {
    expect(dayProblem("2026-11-29", now)).toBeNull();
    expect(dayProblem("2028-11-29", now)).toBeNull();
    expect(dayProblem("2026-11-28", now)).toBe("is in the past");
    expect(dayProblem("2028-11-30", now)).toBe("use a date at most 2 years ahead");
    expect(dayProblem("9999-12-31", now)).toBe("use a date at most 2 years ahead");
    expect(dayProblem("2027-02-30", now)).toBe("is not a real date");
    expect(dayProblem("0001-01-01", now)).toBe("is in the past");
    expect(dayProblem("tomorrow", now)).toBe("use a date as YYYY-MM-DD");
  });

  it("takes a handover window that starts from a day ago to two years ahead and lasts at most a week", () => {
    expect(windowProblems(at("2026-12-01T10:00:00Z"), at("2026-12-01T11:00:00Z"), now)).toBeNull();
    expect(windowProblems(at("2026-11-28T13:00:00Z"), at("2026-11-28T14:00:00Z"), now)).toBeNull();
    expect(windowProblems(at("2026-11-28T11:00:00Z"), at("2026-11-28T14:00:00Z"), now)).toEqual({ windowStart: "is in the past" });
    expect(windowProblems(at("0001-01-01T10:00:00Z"), at("0001-01-01T11:00:00Z"), now)).toEqual({ windowStart: "is in the past" });
    expect(windowProblems(at("2028-12-01T10:00:00Z"), at("2028-12-01T11:00:00Z"), now)).toEqual({
      windowStart: "use a date at most 2 years ahead",
    });
    expect(windowProblems(at("2026-12-01T11:00:00Z"), at("2026-12-01T10:00:00Z"), now)).toEqual({ windowEnd: "must be after the start" });
    const start = at("2026-12-01T10:00:00Z");
    const lastAllowed = new Date(start.getTime() + MAX_WINDOW_DAYS * 86_400_000);
    expect(windowProblems(start, lastAllowed, now)).toBeNull();
    expect(windowProblems(start, new Date(lastAllowed.getTime() + 60_000), now)).toEqual({
      windowEnd: "make the window at most 7 days long",
    });
    expect(windowProblems(start, at("2098-12-01T10:00:00Z"), now)).toEqual({ windowEnd: "make the window at most 7 days long" });
    expect(windowProblems(at("not a date"), start, now)).toEqual({ windowStart: "use a date and time" });
  });
});
