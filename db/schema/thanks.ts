import { index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { matches } from "./matches.ts";
import { members } from "./members.ts";

/**
 * A thank-you for a completed handover, from one of its people (who asked, who offered, who
 * carried it) to another. Shown in the members-only thanks stream when the one thanked chose
 * to appear there (members.appear_in_thanks); never what was asked for, nor where.
 */
export const thanks = pgTable(
  "thanks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    matchId: uuid("match_id")
      .notNull()
      .references(() => matches.id, { onDelete: "cascade" }),
    fromId: uuid("from_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    toId: uuid("to_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    message: text("message"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("thanks_once_key").on(t.matchId, t.fromId, t.toId), index("thanks_created_idx").on(t.createdAt.desc())],
);
