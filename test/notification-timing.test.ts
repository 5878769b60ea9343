import { describe, expect, it } from "vitest";
import { nextDigestAt, quietUntil } from "../src/notifications/timing.ts";

// Plain functions of the clock and a zone: when a digest goes out, when quiet hours end.

describe("digest times and quiet hours", () => {
  it("sends a daily digest at the next 08:00 in the member's zone, keeping the hour across a change of clocks", () => {
    expect(nextDigestAt(new Date("2026-12-01T10:00:00Z"), "Europe/Madrid", "daily").toISOString()).toBe("2026-12-02T07:00:00.000Z");
    // Before 08:00 it is today's.
    expect(nextDigestAt(new Date("2026-12-01T06:00:00Z"), "Europe/Madrid", "daily").toISOString()).toBe("2026-12-01T07:00:00.000Z");
    // Madrid moves to summer time on 29 March 2026: 08:00 is then 06:00 UTC.
    expect(nextDigestAt(new Date("2026-03-28T12:00:00Z"), "Europe/Madrid", "daily").toISOString()).toBe("2026-03-29T06:00:00.000Z");
  });

  it("sends a weekly digest on the next Monday at 08:00", () => {
    // Wednesday 2 December 2026 → Monday 7 December.
    expect(nextDigestAt(new Date("2026-12-02T12:00:00Z"), "America/Mexico_City", "weekly").toISOString()).toBe("2026-12-07T14:00:00.000Z");
    // On a Monday after 08:00: the next Monday.
    expect(nextDigestAt(new Date("2026-12-07T15:00:00Z"), "America/Mexico_City", "weekly").toISOString()).toBe("2026-12-14T14:00:00.000Z");
  });

  it("holds until quiet hours end, across midnight or within a day, and not outside them", () => {
    const night = { start: 22 * 60, end: 7 * 60 };
    expect(quietUntil(new Date("2026-12-03T22:30:00Z"), "Europe/Madrid", night)?.toISOString()).toBe("2026-12-04T06:00:00.000Z");
    expect(quietUntil(new Date("2026-12-04T05:00:00Z"), "Europe/Madrid", night)?.toISOString()).toBe("2026-12-04T06:00:00.000Z");
    expect(quietUntil(new Date("2026-12-04T12:00:00Z"), "Europe/Madrid", night)).toBeNull();
    const lunch = { start: 13 * 60, end: 15 * 60 };
    expect(quietUntil(new Date("2026-12-04T12:30:00Z"), "Europe/Madrid", lunch)?.toISOString()).toBe("2026-12-04T14:00:00.000Z");
    expect(quietUntil(new Date("2026-12-04T12:30:00Z"), "Europe/Madrid", null)).toBeNull();
  });
});
