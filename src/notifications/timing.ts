import { Temporal } from "@js-temporal/polyfill";

/** Digests go out at this hour of the member's own day; weekly ones on Mondays. */
export const DIGEST_HOUR = 8;

export type DigestMode = "daily" | "weekly";

/** Quiet hours, in minutes after midnight of the member's day; `end` before `start` spans midnight. */
export interface QuietHours {
  start: number;
  end: number;
}

let zone: string | undefined;

/** The network's zone (TZ), for members who did not choose one; read once, as building a format to ask costs. */
export function networkTimeZone(): string {
  zone ??= Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone;
}

function zoned(at: Date, zone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(zone);
}

/**
 * When a digest held at `now` goes out: the next DIGEST_HOUR:00 in `zone` (daily), or the
 * next Monday's (weekly); strictly after `now`. Daylight-saving changes keep the wall-clock hour.
 */
export function nextDigestAt(now: Date, zone: string, mode: DigestMode): Date {
  const local = zoned(now, zone);
  let due = local.with({ hour: DIGEST_HOUR, minute: 0, second: 0, millisecond: 0, microsecond: 0, nanosecond: 0 });
  if (Temporal.ZonedDateTime.compare(due, local) <= 0) due = due.add({ days: 1 });
  if (mode === "weekly") due = due.add({ days: (8 - due.dayOfWeek) % 7 });
  return new Date(due.epochMilliseconds);
}

/** The end of the member's quiet hours when `now` falls in them, else null. */
export function quietUntil(now: Date, zone: string, quiet: QuietHours | null): Date | null {
  if (quiet === null || quiet.start === quiet.end) return null;
  const local = zoned(now, zone);
  const minute = local.hour * 60 + local.minute;
  const inside = quiet.start < quiet.end ? minute >= quiet.start && minute < quiet.end : minute >= quiet.start || minute < quiet.end;
  if (!inside) return null;
  let end = local.with({
    hour: Math.floor(quiet.end / 60),
    minute: quiet.end % 60,
    second: 0,
    millisecond: 0,
    microsecond: 0,
    nanosecond: 0,
  });
  if (Temporal.ZonedDateTime.compare(end, local) <= 0) end = end.add({ days: 1 });
  return new Date(end.epochMilliseconds);
}

/** "22:00" → 1320; null for anything that is not a time of day. */
export function minutesOf(text: string): number | null {
  const parts = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return parts === null ? null : Number(parts[1]) * 60 + Number(parts[2]);
}

/** 1320 → "22:00". */
export function timeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
