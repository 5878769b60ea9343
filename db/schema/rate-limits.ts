import { index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Rate-limit counters, shared by every web process through the database. One row counts
 * the attempts of one kind (`limit`, e.g. "password_failures_per_account") by one client
 * (`key_hash`: a SHA-256, so no address or username is stored) in the window that began
 * with its first counted attempt and ends at `window_end`. Ended rows are pruned by the
 * worker's sweep.
 */
export const rateLimitCounters = pgTable(
  "rate_limit_counters",
  {
    limit: text("limit").notNull(),
    keyHash: text("key_hash").notNull(),
    windowEnd: timestamp("window_end", { withTimezone: true }).notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.limit, t.keyHash] }), index("rate_limit_counters_window_end_idx").on(t.windowEnd)],
);
