import { networkTimeZone } from "../../src/notifications/timing.ts";
import { useWebContext } from "../env.ts";

/**
 * Dates, times and numbers as the reader reads them: in the page's language (Intl), and
 * moments in the member's own time zone, or the network's when they chose none. Texts
 * from the catalogues format their numbers themselves (see i18n.ts).
 */
export interface ReaderFormat {
  /** A moment (ISO or Date) as a date and a time. */
  dateTime(at: string | Date): string;
  /** A calendar day (YYYY-MM-DD), which has no zone. */
  day(date: string): string;
  /** A moment's day, in the reader's zone. */
  dayOf(at: string | Date): string;
  number(value: number): string;
}

/**
 * One per language and zone, kept: building Intl formats is costly (it was the largest
 * single cost of rendering the board, which formats two dates per post). A zone Intl does
 * not know throws before it is kept, so the keys are bounded by the zones there are.
 */
const formats = new Map<string, ReaderFormat>();

export function readerFormat(language: string, timeZone: string): ReaderFormat {
  const key = `${language}|${timeZone}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = buildFormat(language, timeZone);
    formats.set(key, format);
  }
  return format;
}

function buildFormat(language: string, timeZone: string): ReaderFormat {
  const moment = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short", timeZone });
  const momentDay = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone });
  const calendarDay = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone: "UTC" });
  const numbers = new Intl.NumberFormat(language);
  return {
    dateTime: (at) => moment.format(new Date(at)),
    day: (date) => (/^\d{4}-\d{2}-\d{2}$/.test(date) ? calendarDay.format(new Date(`${date}T00:00:00Z`)) : date),
    dayOf: (at) => momentDay.format(new Date(at)),
    number: (value) => numbers.format(value),
  };
}

/** The reader's format, inside a page component. */
export function useFormat(): ReaderFormat {
  const c = useWebContext();
  return readerFormat(c.get("language"), c.get("viewer")?.timeZone ?? networkTimeZone());
}

/** A date and time, in the reader's language and zone. */
export function When({ iso }: { iso: string }) {
  return <time datetime={iso}>{useFormat().dateTime(iso)}</time>;
}

/** A calendar day, in the reader's language. */
export function Day({ date }: { date: string }) {
  return <time datetime={date}>{useFormat().day(date)}</time>;
}
