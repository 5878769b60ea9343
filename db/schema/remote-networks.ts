import { pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { mastodonIdColumn } from "./mastodon-ids.ts";

/** Remote ActivityPub actors we know: networks we follow, and whoever follows us. */
export const remoteActors = pgTable("remote_actors", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** A number for Mastodon apps (db/schema/mastodon-ids.ts). */
  mastodonId: mastodonIdColumn(),
  iri: text("iri").notNull().unique(),
  type: text("type").notNull(),
  handle: text("handle"),
  name: text("name"),
  inboxUrl: text("inbox_url").notNull(),
  sharedInboxUrl: text("shared_inbox_url"),
  url: text("url"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const followState = pgEnum("follow_state", ["pending", "accepted", "rejected"]);

/** Remote actors that follow this network. A network's follow waits for a coordinator. */
export const followers = pgTable("followers", {
  id: uuid("id").primaryKey().defaultRandom(),
  actorId: uuid("actor_id")
    .notNull()
    .unique()
    .references(() => remoteActors.id, { onDelete: "cascade" }),
  followActivityIri: text("follow_activity_iri").notNull(),
  state: followState("state").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
});

/** Remote networks this network follows; the row id names our Follow activity. */
export const following = pgTable("following", {
  id: uuid("id").primaryKey().defaultRandom(),
  actorId: uuid("actor_id")
    .notNull()
    .unique()
    .references(() => remoteActors.id, { onDelete: "cascade" }),
  state: followState("state").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
});
