import { sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { members } from "./members.ts";
import { posts } from "./posts.ts";
import { remoteActors } from "./remote-networks.ts";

export const crisisSeverity = pgEnum("crisis_severity", ["low", "moderate", "severe", "extreme"]);

/**
 * A crisis declared by a coordinator. While it is active, open requests in its areas and
 * categories that stay unmet for `forward_delay_minutes` (critical ones at once) are
 * forwarded to sibling networks.
 */
export const crises = pgTable("crises", {
  id: uuid("id").primaryKey().defaultRandom(),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  /** Service area names (an area can be renamed later; the crisis keeps what was declared). */
  areas: text("areas").array().notNull(),
  categories: text("categories").array().notNull(),
  severity: crisisSeverity("severity").notNull(),
  forwardDelayMinutes: integer("forward_delay_minutes").notNull().default(120),
  /** How many networks a need may travel through: 1 = our siblings only. */
  maxHops: integer("max_hops").notNull().default(1),
  endsAt: timestamp("ends_at", { withTimezone: true }),
  endedAt: timestamp("ended_at", { withTimezone: true }),
  declaredById: uuid("declared_by_id").references(() => members.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const forwardState = pgEnum("forward_state", ["held", "forwarded"]);

/** Our requests that were forwarded to siblings (or held back by a coordinator). */
export const postForwards = pgTable(
  "post_forwards",
  {
    postId: uuid("post_id")
      .primaryKey()
      .references(() => posts.id, { onDelete: "cascade" }),
    crisisId: uuid("crisis_id").references(() => crises.id, { onDelete: "set null" }),
    state: forwardState("state").notNull(),
    decidedById: uuid("decided_by_id").references(() => members.id, { onDelete: "set null" }),
    forwardedAt: timestamp("forwarded_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("post_forwards_crisis_idx").on(t.crisisId)],
);

/** Crises declared by sibling networks, as they told us. */
export const remoteCrises = pgTable("remote_crises", {
  id: uuid("id").primaryKey().defaultRandom(),
  originId: uuid("origin_id")
    .notNull()
    .references(() => remoteActors.id, { onDelete: "cascade" }),
  objectIri: text("object_iri").notNull().unique(),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  severity: crisisSeverity("severity").notNull(),
  areas: text("areas").array().notNull().default(sql`'{}'::text[]`),
  categories: text("categories").array().notNull().default(sql`'{}'::text[]`),
  ended: boolean("ended").notNull().default(false),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});
