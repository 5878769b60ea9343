import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { readingMarkers } from "../schema/index.ts";

export type ReadingMarkerRow = typeof readingMarkers.$inferSelect;
export type MarkerTimeline = ReadingMarkerRow["timeline"];

export function listReadingMarkers(db: Database, memberId: string, timelines: MarkerTimeline[]): Promise<ReadingMarkerRow[]> {
  return db
    .select()
    .from(readingMarkers)
    .where(and(eq(readingMarkers.memberId, memberId), inArray(readingMarkers.timeline, timelines)));
}

/** Saves where a member stopped reading, bumping the version. */
export async function saveReadingMarker(
  db: Database,
  memberId: string,
  timeline: MarkerTimeline,
  lastReadId: number,
): Promise<ReadingMarkerRow> {
  const [row] = await db
    .insert(readingMarkers)
    .values({ memberId, timeline, lastReadId })
    .onConflictDoUpdate({
      target: [readingMarkers.memberId, readingMarkers.timeline],
      set: { lastReadId, version: sql`${readingMarkers.version} + 1`, updatedAt: sql`now()` },
    })
    .returning();
  return row!;
}
