import { sql } from "drizzle-orm";
import { bigint, boolean, check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** Secrets made on first start and shared by every process (e.g. the token signing key). */
export const instanceSecrets = pgTable("instance_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** The network's service areas: the only kind of place a public post names. */
export const serviceAreas = pgTable(
  "service_areas",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("service_areas_name_unique").on(sql`lower(${t.name})`)],
);

/**
 * The network's details as an admin set them on the settings page. A null column falls
 * back to the environment (NETWORK_NAME, NETWORK_SUMMARY). One row at most.
 */
export const networkSettings = pgTable(
  "network_settings",
  {
    id: integer("id").primaryKey().default(1),
    name: text("name"),
    summary: text("summary"),
    /** Whether members-only posts also go to sibling networks (never to other followers). */
    shareMembersOnlyWithSiblings: boolean("share_members_only_with_siblings").notNull().default(false),
    /** Members may claim offers (and answer requests) with their own posts, without a coordinator. */
    peerToPeerClaims: boolean("peer_to_peer_claims").notNull().default(false),
    /** A public page with counts only: open requests and offers by category, completed matches. */
    publicSummary: boolean("public_summary").notNull().default(false),
    /** Members, not only coordinators, may create events. */
    membersCreateEvents: boolean("members_create_events").notNull().default(false),
    /** The public summary also shows the books' totals per month and category. */
    publicBooks: boolean("public_books").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("network_settings_single_row", sql`${t.id} = 1`)],
);

/**
 * One row whose number goes up, by triggers (migration 0031), in the same transaction as
 * any change to the network's settings, its crises or its service areas. Every process
 * keeps those in memory and reads only this number to know they are still current, so a
 * change made through one web process is seen by the others on their next request.
 */
export const sharedStateVersion = pgTable("shared_state_version", {
  id: integer("id").primaryKey().default(1),
  version: bigint("version", { mode: "number" }).notNull().default(0),
});

/**
 * One row whose number goes up (migration 0032) when a transaction that changed any post
 * commits: a deferred trigger raises it once per transaction, at its commit, so that the
 * row is locked only for that instant (a transaction holding it could otherwise wait on a
 * post another one holds while that one waits on the row). A count of posts kept in memory
 * (src/posts/post-counts.ts) holds while this number has not moved. The shared state's
 * triggers stay immediate on purpose: were both deferred, two transactions changing a crisis
 * and a post in opposite orders would take the two rows at commit in opposite orders.
 */
export const postsVersion = pgTable("posts_version", {
  id: integer("id").primaryKey().default(1),
  version: bigint("version", { mode: "number" }).notNull().default(0),
});
