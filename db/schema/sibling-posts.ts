import { date, doublePrecision, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { mastodonIdColumn } from "./mastodon-ids.ts";
import { members } from "./members.ts";
import { postCategory, postKind, postStatus, posts, postUrgency } from "./posts.ts";
import { remoteActors } from "./remote-networks.ts";

export const siblingPostVisibility = pgEnum("sibling_post_visibility", ["public", "members"]);

/**
 * Posts of sibling networks, rebuilt from the FEP-0837 Proposals they send. They carry no
 * personal data: the origin never sends any.
 */
export const siblingPosts = pgTable(
  "sibling_posts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** A number for Mastodon apps (db/schema/mastodon-ids.ts). */
    mastodonId: mastodonIdColumn(),
    originId: uuid("origin_id")
      .notNull()
      .references(() => remoteActors.id, { onDelete: "cascade" }),
    objectIri: text("object_iri").notNull().unique(),
    url: text("url"),
    kind: postKind("kind").notNull(),
    category: postCategory("category").notNull(),
    title: text("title").notNull(),
    details: text("details").notNull().default(""),
    quantity: integer("quantity"),
    unit: text("unit"),
    urgency: postUrgency("urgency").notNull(),
    area: text("area").notNull(),
    approxLatitude: doublePrecision("approx_latitude"),
    approxLongitude: doublePrecision("approx_longitude"),
    untilDate: date("until_date", { mode: "string" }),
    language: text("language"),
    visibility: siblingPostVisibility("visibility").notNull(),
    status: postStatus("status").notNull(),
    /** The origin's Mastodon-readable Note, which we Announce when the need is forwarded to us. */
    noteIri: text("note_iri"),
    /** Set when a sibling forwarded this need to us during a crisis. */
    forwardedCrisisIri: text("forwarded_crisis_iri"),
    forwardedById: uuid("forwarded_by_id").references(() => remoteActors.id, { onDelete: "set null" }),
    /** How many more networks it may be passed on to. */
    hopsLeft: integer("hops_left").notNull().default(0),
    /** Our Announce of it to our followers, while it is open. */
    announceIri: text("announce_iri"),
    forwardedAt: timestamp("forwarded_at", { withTimezone: true }),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sibling_posts_status_idx").on(t.status, t.publishedAt), index("sibling_posts_origin_idx").on(t.originId)],
);

export const responseSource = pgEnum("response_source", ["reply", "sibling"]);
export const responseStatus = pgEnum("response_status", ["received", "accepted", "declined"]);

/**
 * Answers to our posts from elsewhere: for now, replies from Mastodon and other fediverse
 * servers. Shown to coordinators only; the content is sanitised HTML.
 */
export const responses = pgTable(
  "responses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    postId: uuid("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    source: responseSource("source").notNull(),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => remoteActors.id, { onDelete: "cascade" }),
    objectIri: text("object_iri").notNull().unique(),
    contentHtml: text("content_html").notNull(),
    url: text("url"),
    /** How much a sibling network's member offers (FEP-0837 Commitment), if they said. */
    quantity: integer("quantity"),
    status: responseStatus("status").notNull().default("received"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("responses_post_idx").on(t.postId)],
);

/**
 * Help our members offered to a sibling network's post: sent as an Offer of a FEP-0837
 * Agreement; the origin's coordinator answers with Accept or Reject.
 */
export const outgoingResponses = pgTable(
  "outgoing_responses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    siblingPostId: uuid("sibling_post_id")
      .notNull()
      .references(() => siblingPosts.id, { onDelete: "cascade" }),
    memberId: uuid("member_id").references(() => members.id, { onDelete: "set null" }),
    message: text("message").notNull(),
    quantity: integer("quantity"),
    status: responseStatus("status").notNull().default("received"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [index("outgoing_responses_post_idx").on(t.siblingPostId)],
);
