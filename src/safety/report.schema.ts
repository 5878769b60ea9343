import { z } from "zod";
import { reportOutcome, reportReason, reportStatus, reportSubjectType } from "../../db/schema/reports.ts";
import { typedText } from "../validation.ts";

export const REPORT_SUBJECT_TYPES = reportSubjectType.enumValues;
export const REPORT_REASONS = reportReason.enumValues;
export const REPORT_STATUSES = reportStatus.enumValues;
export const REPORT_OUTCOMES = reportOutcome.enumValues;
export type ReportSubjectType = (typeof REPORT_SUBJECT_TYPES)[number];
export type ReportReason = (typeof REPORT_REASONS)[number];
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

export const MAX_REPORT_TEXT = 2000;

/** createReport: what is reported (a member by id or username), why, and optionally in the reporter's words. */
export const reportInputSchema = z.object({
  subject: z.object({
    type: z.enum(REPORT_SUBJECT_TYPES),
    id: z.string().trim().min(1, { error: "say which one" }).max(100),
  }),
  reason: z.enum(REPORT_REASONS),
  text: typedText({ max: MAX_REPORT_TEXT, multiline: true }).optional(),
});
export type ReportInput = z.input<typeof reportInputSchema>;

/**
 * updateReport: assign (a coordinator's username, or null to unassign), add a note, resolve with
 * an outcome or reopen, and optionally write to the reporter.
 */
export const reportChangeSchema = z.object({
  status: z.enum(REPORT_STATUSES).optional(),
  assignee: z.string().trim().min(1).max(100).nullable().optional(),
  note: typedText({ min: 1, max: MAX_REPORT_TEXT, multiline: true }).optional(),
  outcome: z.enum(REPORT_OUTCOMES).optional(),
  forward: z.boolean().optional(),
  /** Words for the reporter, if the team chooses to say more than "handled"; they see this and nothing else of the handling. */
  messageToReporter: typedText({ min: 1, max: MAX_REPORT_TEXT, multiline: true }).optional(),
});
export type ReportChange = z.input<typeof reportChangeSchema>;
