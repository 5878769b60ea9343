import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { members } from "./members.ts";

export const handbookVisibility = pgEnum("handbook_visibility", ["public", "members", "coordinators"]);
export const handbookProposalStatus = pgEnum("handbook_proposal_status", ["open", "accepted", "declined"]);

/**
 * A handbook page as it reads now: a copy of its newest revision, kept on the page so that
 * reading and searching never walk the history. `revision` grows by one per save.
 */
export const handbookPages = pgTable("handbook_pages", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** The page's address, /handbook/SLUG: lowercase letters, digits and hyphens. */
  slug: text("slug").notNull().unique(),
  title: text("title").notNull(),
  /** Markdown, rendered and sanitised when read (src/handbook/markdown.ts). */
  body: text("body").notNull(),
  visibility: handbookVisibility("visibility").notNull(),
  revision: integer("revision").notNull(),
  updatedById: uuid("updated_by_id").references(() => members.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Every save of a page, never changed: who, when, a short note; a restore or an accepted proposal is one too. */
export const handbookRevisions = pgTable(
  "handbook_revisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    pageId: uuid("page_id")
      .notNull()
      .references(() => handbookPages.id, { onDelete: "cascade" }),
    revision: integer("revision").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** The page's visibility at this revision: an old text is shown only to those it was written for. */
    visibility: handbookVisibility("visibility").notNull(),
    /** Who wrote it (for an accepted proposal, who proposed it). */
    authorId: uuid("author_id").references(() => members.id, { onDelete: "set null" }),
    /** The coordinator who accepted a proposed edit; null for a direct save. */
    acceptedById: uuid("accepted_by_id").references(() => members.id, { onDelete: "set null" }),
    note: text("note"),
    /** The revision this one brought back, for a restore. */
    restoredFrom: integer("restored_from"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("handbook_revisions_page_revision_key").on(t.pageId, t.revision)],
);

/** An edit a member proposes to a page they can read, until a coordinator accepts or declines it. */
export const handbookProposals = pgTable(
  "handbook_proposals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    pageId: uuid("page_id")
      .notNull()
      .references(() => handbookPages.id, { onDelete: "cascade" }),
    proposerId: uuid("proposer_id").references(() => members.id, { onDelete: "set null" }),
    /** The revision the proposer edited: it can be accepted only while the page is still at it. */
    baseRevision: integer("base_revision").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    note: text("note"),
    status: handbookProposalStatus("status").notNull().default("open"),
    decidedById: uuid("decided_by_id").references(() => members.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    /** The revision an accepted proposal became. */
    revision: integer("revision"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("handbook_proposals_status_idx").on(t.status, t.createdAt)],
);

/** Which handbook page is the handover checklist of a role (the settings' role → slug map). */
export type HandoverSlugs = Partial<Record<"admin" | "coordinator" | "treasurer", string>>;

/**
 * The handbook's settings (one row): the welcome page, the agreements page, the handover
 * checklists, and when the starter pages were written (once per network, never again).
 */
export const handbookSettings = pgTable(
  "handbook_settings",
  {
    id: integer("id").primaryKey().default(1),
    welcomeSlug: text("welcome_slug"),
    agreementsSlug: text("agreements_slug"),
    handoverSlugs: jsonb("handover_slugs").$type<HandoverSlugs>().notNull().default({}),
    seededAt: timestamp("seeded_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("handbook_settings_single_row", sql`${t.id} = 1`)],
);

/** A member's acceptance of the network's agreements: once, with the date (and the revision they read). */
export const agreementAcceptances = pgTable(
  "agreement_acceptances",
  {
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }).notNull().defaultNow(),
    /** The agreements page's revision when they accepted. */
    revision: integer("revision"),
  },
  (t) => [primaryKey({ columns: [t.memberId] })],
);
