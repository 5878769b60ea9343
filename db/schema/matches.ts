import { index, integer, pgEnum, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { members } from "./members.ts";
import { posts } from "./posts.ts";

export const matchStatus = pgEnum("match_status", ["proposed", "accepted", "scheduled", "completed", "cancelled"]);

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
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("matches_request_idx").on(t.requestId), index("matches_offer_idx").on(t.offerId)],
);
