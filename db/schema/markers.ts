import { bigint, integer, pgEnum, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { members } from "./members.ts";

export const markerTimeline = pgEnum("marker_timeline", ["home", "notifications"]);

/** Where a member stopped reading a timeline in their app, so another app can resume there. */
export const readingMarkers = pgTable(
  "reading_markers",
  {
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    timeline: markerTimeline("timeline").notNull(),
    lastReadId: bigint("last_read_id", { mode: "number" }).notNull(),
    /** Bumped on every save: apps use it to spot a conflicting save. */
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.timeline] })],
);
