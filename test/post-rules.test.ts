import { describe, expect, it } from "vitest";
import { InvalidFieldsError } from "../src/errors.ts";
import { checkDates, DEFAULT_LIFETIME_DAYS, expiryFor, snapPoint } from "../src/posts/post.rules.ts";

// The rules a post's dates and place follow, without HTTP or a database.

const fieldsOf = (run: () => unknown): Record<string, string> | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidFieldsError) return error.fields;
    throw error;
  }
  return undefined;
};

describe("a post's date (needed by / available until)", () => {
  const TODAY = "2030-03-15";
  const NOW = new Date(`${TODAY}T12:00:00Z`);

  it("keeps a request's needed-by date and an offer's available-until date, today included", () => {
    expect(checkDates("request", { neededBy: "2030-03-20" }, NOW)).toBe("2030-03-20");
    expect(checkDates("offer", { availableUntil: "2030-04-01" }, NOW)).toBe("2030-04-01");
    expect(checkDates("request", { neededBy: TODAY }, NOW)).toBe(TODAY);
  });

  it("has no date when none is given", () => {
    expect(checkDates("request", {}, NOW)).toBeNull();
    expect(checkDates("offer", { availableUntil: null }, NOW)).toBeNull();
  });

  it("refuses a date in the past, naming the field", () => {
    expect(fieldsOf(() => checkDates("request", { neededBy: "2030-03-14" }, NOW))).toEqual({ neededBy: "is in the past" });
    expect(fieldsOf(() => checkDates("offer", { availableUntil: "2029-12-31" }, NOW))).toEqual({ availableUntil: "is in the past" });
  });

  it("refuses the other kind's date: a request has no available-until, an offer no needed-by", () => {
    expect(fieldsOf(() => checkDates("request", { availableUntil: "2030-03-20" }, NOW))).toEqual({
      availableUntil: expect.stringContaining("neededBy"),
    });
    expect(fieldsOf(() => checkDates("offer", { neededBy: "2030-03-20" }, NOW))).toEqual({
      neededBy: "an offer has availableUntil, not neededBy",
    });
  });
});

describe("when a post expires", () => {
  it("expires a dated post at the end of its date (UTC), whenever it was written", () => {
    expect(expiryFor("2030-03-20", Date.parse("2030-03-01T12:00:00Z")).toISOString()).toBe("2030-03-21T00:00:00.000Z");
    expect(expiryFor("2030-03-20", Date.parse("2030-03-19T23:59:00Z")).toISOString()).toBe("2030-03-21T00:00:00.000Z");
  });

  it("expires an undated post after the default lifetime, counted from now", () => {
    const now = Date.parse("2030-03-01T12:00:00Z");
    expect(DEFAULT_LIFETIME_DAYS).toBe(30);
    expect(expiryFor(null, now).toISOString()).toBe("2030-03-31T12:00:00.000Z");
  });
});

describe("snapping a point to the ~1 km grid", () => {
  it("rounds each coordinate to two decimals (about 1.1 km of latitude)", () => {
    expect(snapPoint(41.38712, 2.16998)).toEqual({ approxLatitude: 41.39, approxLongitude: 2.17 });
    expect(snapPoint(-33.86512, 151.20934)).toEqual({ approxLatitude: -33.87, approxLongitude: 151.21 });
    expect(snapPoint(0.0012, -0.0049)).toEqual({ approxLatitude: 0, approxLongitude: 0 });
  });

  it("never keeps more than the grid, and never moves a point by more than half a cell", () => {
    for (const [lat, lon] of [
      [41.387129, 2.169981],
      [89.99999, 179.99999],
      [-89.99999, -179.99999],
      [12.3456789, -98.7654321],
      [0.333333, 0.666666],
    ] as const) {
      const { approxLatitude, approxLongitude } = snapPoint(lat, lon);
      const pairs: [number | null, number][] = [
        [approxLatitude, lat],
        [approxLongitude, lon],
      ];
      for (const [snapped, exact] of pairs) {
        if (snapped === null) throw new Error("a given point was dropped");
        expect(Math.round(snapped * 100) / 100).toBe(snapped);
        expect(Math.abs(snapped - exact)).toBeLessThanOrEqual(0.005 + 1e-9);
      }
    }
  });

  it("keeps no point at all unless both coordinates are given", () => {
    const none = { approxLatitude: null, approxLongitude: null };
    expect(snapPoint(null, null)).toEqual(none);
    expect(snapPoint(41.38712, undefined)).toEqual(none);
    expect(snapPoint(null, 2.16998)).toEqual(none);
  });
});
