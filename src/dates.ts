// The rules for dates people give us: a needed-by or available-until day, and a handover's
// time window. Plain functions of the text and the clock, so the web forms, the API and
// the domain apply the same bounds (and tests can fix the clock).

/** How far ahead a needed-by / available-until day or a handover may be. */
export const YEARS_AHEAD = 2;
/** The longest handover window: a pickup or delivery is a few hours, at most a few days. */
export const MAX_WINDOW_DAYS = 7;

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whether `text` is a day that exists, as YYYY-MM-DD. JavaScript quietly moves 30 February
 * to 2 March, and PostgreSQL refuses it: both are wrong answers to give a person.
 */
export function isCalendarDay(text: string): boolean {
  const parts = DAY.exec(text);
  if (parts === null) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The UTC day of `at`, as YYYY-MM-DD. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The same day and month `YEARS_AHEAD` years after `now`. */
function latestAllowed(now: Date): Date {
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + YEARS_AHEAD);
  return latest;
}

/**
 * Why a needed-by or available-until day is refused, or null when it is fine: it must exist,
 * and lie between today (UTC) and two years ahead.
 */
export function dayProblem(text: string, now: Date = new Date()): string | null {
  if (!DAY.test(text)) return "use a date as YYYY-MM-DD";
  if (!isCalendarDay(text)) return "is not a real date";
  if (text < utcDay(now)) return "is in the past";
  if (text > utcDay(latestAllowed(now))) return `use a date at most ${YEARS_AHEAD} years ahead`;
  return null;
}

/**
 * Why a handover window is refused, by field, or null when it is fine. It starts no
 * earlier than a day ago (a time zone away from today) and at most two years ahead, and
 * ends after it starts, at most `MAX_WINDOW_DAYS` days later.
 */
export function windowProblems(start: Date, end: Date, now: Date = new Date()): Record<string, string> | null {
  if (Number.isNaN(start.getTime())) return { windowStart: "use a date and time" };
  if (Number.isNaN(end.getTime())) return { windowEnd: "use a date and time" };
  if (start.getTime() < now.getTime() - DAY_MS) return { windowStart: "is in the past" };
  if (start > latestAllowed(now)) return { windowStart: `use a date at most ${YEARS_AHEAD} years ahead` };
  if (end <= start) return { windowEnd: "must be after the start" };
  if (end.getTime() - start.getTime() > MAX_WINDOW_DAYS * DAY_MS)
    return { windowEnd: `make the window at most ${MAX_WINDOW_DAYS} days long` };
  return null;
}
