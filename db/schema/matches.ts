import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { members } from "./members.ts";
import { posts } from "./posts.ts";

export const matchStatus = pgEnum("match_status", ["proposed", "accepted", "scheduled", "completed", "cancelled"]);
export const handoverMethod = pgEnum("handover_method", ["pickup", "delivery"]);
/** Who did not turn up; recorded by a coordinator, seen by coordinators only. */
export const matchParty = pgEnum("match_party", ["requester", "offerer", "volunteer"]);

/**
 * A request matched with an offer, for a quantity. Creating one reserves the quantity on
 * both posts (posts.allocated_quantity, which a CHECK keeps within the post's quantity, so
 * the database itself refuses to over-allocate); cancelling releases it.
 */
export const matches = pgTable(
  "matches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    offerId: uuid("offer_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    status: matchStatus("status").notNull().default("proposed"),
    createdById: uuid("created_by_id").references(() => members.id, { onDelete: "set null" }),
    /** The handover: pickup or delivery, in a time window, by a volunteer. */
    method: handoverMethod("method"),
    windowStart: timestamp("window_start", { withTimezone: true }),
    windowEnd: timestamp("window_end", { withTimezone: true }),
    volunteerId: uuid("volunteer_id").references(() => members.id, { onDelete: "set null" }),
    /** A coordinator put the handover on approved volunteers' task lists, for one of them to take. */
    openToVolunteers: boolean("open_to_volunteers").notNull().default(false),
    noShow: matchParty("no_show"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("matches_request_idx").on(t.requestId),
    index("matches_offer_idx").on(t.offerId),
    index("matches_volunteer_idx").on(t.volunteerId, t.status),
    index("matches_status_created_idx").on(t.status, t.createdAt),
    check("matches_window_order", sql`${t.windowEnd} IS NULL OR ${t.windowStart} IS NULL OR ${t.windowEnd} > ${t.windowStart}`),
  ],
);

/** Short, optional words from each side of a completed match; one per person and match. */
export const matchFeedback = pgTable(
  "match_feedback",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    matchId: uuid("match_id")
      .notNull()
      .references(() => matches.id, { onDelete: "cascade" }),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    side: matchParty("side").notNull(),
    comment: text("comment").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("match_feedback_once").on(t.matchId, t.memberId)],
);
