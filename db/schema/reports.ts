import { index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { members } from "./members.ts";

export const reportSubjectType = pgEnum("report_subject_type", ["post", "member", "match", "response", "remote_post"]);
export const reportReason = pgEnum("report_reason", ["unsafe", "harassment", "spam", "scam", "privacy", "other"]);
export const reportStatus = pgEnum("report_status", ["open", "resolved"]);
export const reportOutcome = pgEnum("report_outcome", ["no_action", "post_hidden", "member_warned", "member_suspended", "forwarded"]);

/**
 * Something a member, a visitor or another server asked the safety team to look at. The
 * reporter is kept for the team and for the reporter's own "My reports"; nothing else
 * (the log, the reported member, other servers) ever sees who it was.
 */
export const reports = pgTable(
  "reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    subjectType: reportSubjectType("subject_type").notNull(),
    /**
     * The post's, member's, match's, response's or sibling post's id; not a foreign key, as the
     * subject may be deleted while the report stands.
     */
    subjectId: uuid("subject_id").notNull(),
    reason: reportReason("reason").notNull(),
    text: text("text"),
    /** `member`, `public`, or the host of the server whose Flag this came from. */
    source: text("source").notNull(),
    reporterId: uuid("reporter_id").references(() => members.id, { onDelete: "set null" }),
    assigneeId: uuid("assignee_id").references(() => members.id, { onDelete: "set null" }),
    status: reportStatus("status").notNull().default("open"),
    outcome: reportOutcome("outcome"),
    /** What the team chose to tell the reporter, beyond "handled" (the only thing the reporter sees of the handling). */
    messageToReporter: text("message_to_reporter"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [index("reports_status_created_idx").on(t.status, t.createdAt), index("reports_reporter_idx").on(t.reporterId)],
);

/** The safety team's notes on a report, for the team only. */
export const reportNotes = pgTable(
  "report_notes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reportId: uuid("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => members.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("report_notes_report_idx").on(t.reportId, t.createdAt)],
);

/**
 * A member's block of another: neither sees the other's posts, and they are never matched
 * or given a handover together. Neither is told.
 */
export const memberBlocks = pgTable(
  "member_blocks",
  {
    blockerId: uuid("blocker_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    blockedId: uuid("blocked_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.blockerId, t.blockedId] }), index("member_blocks_blocked_idx").on(t.blockedId)],
);
