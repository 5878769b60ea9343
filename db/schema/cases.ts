import { date, index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { members } from "./members.ts";

export const caseStatus = pgEnum("case_status", ["open", "closed"]);
export const caseLinkType = pgEnum("case_link_type", ["report", "match"]);
export const restrictionKind = pgEnum("restriction_kind", ["no_posting", "no_handovers", "coordinated_matches_only"]);

/**
 * A conflict the safety team mediates (restorative, not punitive): between members, linked
 * to reports and matches, with a mediator, private notes, agreed steps and a closing
 * summary. The coordinator log says only that a case was opened or closed.
 */
export const cases = pgTable(
  "cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    status: caseStatus("status").notNull().default("open"),
    /** A short title for the team's list ("Handover at the market"), never shown to anyone else. */
    title: text("title").notNull(),
    mediatorId: uuid("mediator_id").references(() => members.id, { onDelete: "set null" }),
    openedById: uuid("opened_by_id").references(() => members.id, { onDelete: "set null" }),
    /** Written when the case is closed; seen by its participants too. */
    summary: text("summary"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [index("cases_status_created_idx").on(t.status, t.createdAt)],
);

export const caseParticipants = pgTable(
  "case_participants",
  {
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.memberId] }), index("case_participants_member_idx").on(t.memberId)],
);

/** The reports and matches a case is about (ids, not foreign keys: a report or match may go while the case stands). */
export const caseLinks = pgTable(
  "case_links",
  {
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    type: caseLinkType("type").notNull(),
    targetId: uuid("target_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.type, t.targetId] })],
);

/** The mediator's and the team's notes: for them only. */
export const caseNotes = pgTable(
  "case_notes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => members.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("case_notes_case_idx").on(t.caseId, t.createdAt)],
);

/** What the participants agreed to do, by when; its participants see these. */
export const caseSteps = pgTable(
  "case_steps",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    dueDate: date("due_date", { mode: "string" }),
    doneAt: timestamp("done_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("case_steps_case_idx").on(t.caseId, t.createdAt)],
);

/**
 * A limit on a member under a case, instead of a suspension, until a set time: it stops
 * holding by itself then (every check compares `until` with now), or when lifted.
 */
export const memberRestrictions = pgTable(
  "member_restrictions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    kind: restrictionKind("kind").notNull(),
    until: timestamp("until", { withTimezone: true }).notNull(),
    createdById: uuid("created_by_id").references(() => members.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    liftedAt: timestamp("lifted_at", { withTimezone: true }),
  },
  (t) => [index("member_restrictions_member_idx").on(t.memberId, t.kind, t.until)],
);
