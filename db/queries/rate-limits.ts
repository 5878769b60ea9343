import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { rateLimitCounters } from "../schema/index.ts";

/** One client's counter for one limit, as of `now`; a window that has ended counts as none. */
export interface RateLimitCount {
  count: number;
  windowEnd: Date;
}

/**
 * Counts one attempt and resolves to the count in its window: a new window (ending at
 * `now + windowMs`) when there is none or the last one has ended. One atomic upsert, so
 * concurrent processes never lose a count.
 */
export async function countRateLimitAttempt(
  db: Database,
  key: { limit: string; keyHash: string },
  now: Date,
  windowMs: number,
): Promise<RateLimitCount> {
  const ended = sql`${rateLimitCounters.windowEnd} <= ${now.toISOString()}::timestamptz`;
  const [row] = await db
    .insert(rateLimitCounters)
    .values({ ...key, windowEnd: new Date(now.getTime() + windowMs), count: 1 })
    .onConflictDoUpdate({
      target: [rateLimitCounters.limit, rateLimitCounters.keyHash],
      set: {
        count: sql`case when ${ended} then 1 else ${rateLimitCounters.count} + 1 end`,
        windowEnd: sql`case when ${ended} then excluded.window_end else ${rateLimitCounters.windowEnd} end`,
      },
    })
    .returning({ count: rateLimitCounters.count, windowEnd: rateLimitCounters.windowEnd });
  return row!;
}

/** The count in the window still open at `now`, if any. */
export async function readRateLimitCount(
  db: Database,
  key: { limit: string; keyHash: string },
  now: Date,
): Promise<RateLimitCount | undefined> {
  const [row] = await db
    .select({ count: rateLimitCounters.count, windowEnd: rateLimitCounters.windowEnd })
    .from(rateLimitCounters)
    .where(and(eq(rateLimitCounters.limit, key.limit), eq(rateLimitCounters.keyHash, key.keyHash), gt(rateLimitCounters.windowEnd, now)));
  return row;
}

/** Deletes the counters whose window ended before `now`; resolves to how many. */
export async function deleteEndedRateLimitWindows(db: Database, now: Date): Promise<number> {
  const rows = await db.delete(rateLimitCounters).where(lt(rateLimitCounters.windowEnd, now)).returning({ limit: rateLimitCounters.limit });
  return rows.length;
}
