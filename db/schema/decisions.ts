import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { members } from "./members.ts";
import { workingGroups } from "./working-groups.ts";

/** A member's vote as stored: the shape depends on the decision's process (src/decisions/tally.ts reads it). */
export type Ballot =
  | { choice: string }
  | { choices: string[] }
  | { ranking: string[] }
  | { answers: Record<string, "yes" | "if_need_be" | "no"> };

export const decisionProcess = pgEnum("decision_process", ["consent", "proposal", "poll", "ranked", "meeting_time"]);
export const decisionHideResults = pgEnum("decision_hide_results", ["never", "until_voted", "until_closed"]);
export const decisionStatus = pgEnum("decision_status", ["open", "closed"]);

/**
 * A proposal the members decide on together, by one process, until `closesAt` or until the
 * one who started it or a coordinator closes it. Members-only: never federated, never on a
 * public page. Who decides is every active member, or the members of one working group.
 */
export const decisions = pgTable(
  "decisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    process: decisionProcess("process").notNull(),
    /** A poll where each member may choose any number of options. */
    anyOf: boolean("any_of").notNull().default(false),
    starterId: uuid("starter_id").references(() => members.id, { onDelete: "set null" }),
    /** The working group that decides; null: every active member. */
    workingGroupId: uuid("working_group_id").references(() => workingGroups.id, { onDelete: "cascade" }),
    /** The share (0–1) of those who may vote that must vote; null for none. */
    quorum: doublePrecision("quorum"),
    hideResults: decisionHideResults("hide_results").notNull().default("never"),
    /** Counts only, to everyone, for good: who voted how is never shown. */
    anonymous: boolean("anonymous").notNull().default(false),
    status: decisionStatus("status").notNull().default("open"),
    closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** How many could vote when it closed: the quorum's base from then on. */
    eligibleCount: integer("eligible_count"),
    /** The written outcome, by the starter or a coordinator, at closing or after. */
    outcome: text("outcome"),
    outcomeById: uuid("outcome_by_id").references(() => members.id, { onDelete: "set null" }),
    outcomeAt: timestamp("outcome_at", { withTimezone: true }),
    /** A day to look at the outcome again. */
    reviewOn: date("review_on"),
    /** When those who had not voted were reminded, a day before closing (once). */
    remindedAt: timestamp("reminded_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("decisions_status_closes_idx").on(t.status, t.closesAt), index("decisions_outcome_idx").on(t.outcomeAt.desc())],
);

/** The options of a poll, a ranked choice or a meeting time (the proposed times), in the order they were given. */
export const decisionOptions = pgTable(
  "decision_options",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => decisions.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    label: text("label").notNull(),
  },
  (t) => [unique("decision_options_position_key").on(t.decisionId, t.position)],
);

/** One vote per member per decision, changed in place until the decision closes. */
export const decisionVotes = pgTable(
  "decision_votes",
  {
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => decisions.id, { onDelete: "cascade" }),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    /** The vote, with options by id (see src/decisions/tally.ts). */
    ballot: jsonb("ballot").$type<Ballot>().notNull(),
    reason: text("reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.memberId] }), index("decision_votes_member_idx").on(t.memberId)],
);
