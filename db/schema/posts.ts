import { sql } from "drizzle-orm";
import { boolean, check, date, doublePrecision, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { serviceAreas } from "./instance.ts";
import { mastodonIdColumn } from "./mastodon-ids.ts";
import { members } from "./members.ts";

export const postKind = pgEnum("post_kind", ["offer", "request"]);
export const postCategory = pgEnum("post_category", [
  "food",
  "meals",
  "groceries",
  "shelter",
  "transport",
  "childcare",
  "eldercare",
  "medical_supplies",
  "medication_pickup",
  "emotional_support",
  "companionship",
  "skills",
  "tech_help",
  "translation",
  "paperwork",
  "money",
  "goods",
  "tools",
  "space",
  "pet_care",
  "other",
]);
/** From least to most urgent: `ORDER BY urgency DESC` puts the most urgent first, and an index can serve it. */
export const postUrgency = pgEnum("post_urgency", ["low", "normal", "high", "critical"]);
export const postVisibility = pgEnum("post_visibility", ["public", "members", "coordinators"]);
export const federatedAudience = pgEnum("federated_audience", ["everyone", "siblings", "none"]);
export const postStatus = pgEnum("post_status", ["open", "partially_matched", "matched", "fulfilled", "withdrawn", "expired"]);

/**
 * Offers and requests. Nothing here identifies a requester to the public: the author is a
 * member id (shown only to coordinators, and for offers only if the author chose), the
 * place is a service area plus at most a point snapped to about 1 km, and contact details
 * live apart in `post_contacts`, which no public query reads.
 */
export const posts = pgTable(
  "posts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** A number for Mastodon apps (db/schema/mastodon-ids.ts). */
    mastodonId: mastodonIdColumn(),
    kind: postKind("kind").notNull(),
    category: postCategory("category").notNull(),
    title: text("title").notNull(),
    details: text("details").notNull().default(""),
    quantity: integer("quantity"),
    unit: text("unit"),
    urgency: postUrgency("urgency").notNull().default("normal"),
    areaId: uuid("area_id")
      .notNull()
      .references(() => serviceAreas.id),
    approxLatitude: doublePrecision("approx_latitude"),
    approxLongitude: doublePrecision("approx_longitude"),
    /** neededBy for a request, availableUntil for an offer. */
    untilDate: date("until_date", { mode: "string" }),
    language: text("language").notNull(),
    visibility: postVisibility("visibility").notNull().default("public"),
    status: postStatus("status").notNull().default("open"),
    /** Null when a coordinator entered it for someone without an account. */
    authorId: uuid("author_id").references(() => members.id, { onDelete: "set null" }),
    enteredById: uuid("entered_by_id").references(() => members.id, { onDelete: "set null" }),
    /** An offer's author may choose to show their display name; a request never shows one. */
    showAuthorName: boolean("show_author_name").notNull().default(false),
    /** Who was last told about this post: everyone, siblings or nobody. What to send next depends on it. */
    federatedAudience: federatedAudience("federated_audience").notNull().default("none"),
    /** Set while the safety team has hidden the post pending review: gone from every surface but its page for coordinators. */
    hiddenAt: timestamp("hidden_at", { withTimezone: true }),
    /** How much of the quantity matches have reserved (see db/schema/matches.ts). */
    allocatedQuantity: integer("allocated_quantity").notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "posts_allocation_within_quantity",
      sql`${t.allocatedQuantity} >= 0 AND (${t.quantity} IS NULL OR ${t.allocatedQuantity} <= ${t.quantity})`,
    ),
    index("posts_status_created_idx").on(t.status, t.createdAt),
    // The board's order (most urgent, then newest) over the posts still open, and the
    // outbox's (newest first): a page is read off the index instead of sorting them all.
    // NULLS FIRST is what a plain ORDER BY … DESC means, so the planner can use them.
    // Visibility and expiry ride along so the board's count is an index-only scan.
    index("posts_board_idx")
      .on(t.urgency.desc().nullsFirst(), t.createdAt.desc().nullsFirst(), t.id, t.visibility, t.expiresAt)
      .where(sql`${t.status} IN ('open', 'partially_matched')`),
    // The board's and listPosts' count of the open public posts not yet past their time:
    // an index-only scan over the open posts alone (posts_board_idx leads with urgency, and
    // lacks hidden_at, so the count went to the table).
    index("posts_open_count_idx")
      .on(t.expiresAt, t.visibility)
      .where(sql`${t.status} IN ('open', 'partially_matched') AND ${t.hiddenAt} IS NULL`),
    index("posts_newest_idx").on(t.createdAt.desc().nullsFirst(), t.id, t.visibility),
    // Matching looks for the other kind, in one category, still open.
    index("posts_category_idx").on(t.category, t.kind, t.status),
    index("posts_area_idx").on(t.areaId, t.status),
    index("posts_author_idx").on(t.authorId),
    index("posts_expires_idx").on(t.expiresAt),
    index("posts_search_idx").using("gin", sql`to_tsvector('simple', ${t.title} || ' ' || ${t.details})`),
  ],
);

/** The private contact of a post's person: coordinators see it, nobody else. */
export const postContacts = pgTable("post_contacts", {
  postId: uuid("post_id")
    .primaryKey()
    .references(() => posts.id, { onDelete: "cascade" }),
  name: text("name"),
  phone: text("phone"),
  email: text("email"),
  address: text("address"),
  notes: text("notes"),
});
