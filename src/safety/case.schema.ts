import { z } from "zod";
import { caseStatus, restrictionKind } from "../../db/schema/cases.ts";
import { typedText } from "../validation.ts";

export const CASE_STATUSES = caseStatus.enumValues;
export const RESTRICTION_KINDS = restrictionKind.enumValues;
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];

export const MAX_CASE_TEXT = 4000;
/** A restriction is for a set time, never open-ended: at most a year. */
export const MAX_RESTRICTION_DAYS = 366;

const username = z.string().trim().min(1, { error: "name a member by username" }).max(100);
const ids = z.array(z.uuid({ error: "use the report's or match's id" })).max(20);

/** createCase: a title for the team, one or more participants, optionally a mediator, the reports and matches it is about, a first note. */
export const caseInputSchema = z.object({
  title: typedText({ min: 3, max: 200 }),
  participants: z.array(username).min(1, { error: "name at least one member the case is about" }).max(10),
  mediator: username.optional(),
  reports: ids.optional(),
  matches: ids.optional(),
  note: typedText({ min: 1, max: MAX_CASE_TEXT, multiline: true }).optional(),
});
export type CaseInput = z.input<typeof caseInputSchema>;

/** updateCase: any of these, applied together. Closing needs a summary. */
export const caseChangeSchema = z.object({
  mediator: username.nullable().optional(),
  note: typedText({ min: 1, max: MAX_CASE_TEXT, multiline: true }).optional(),
  step: z
    .object({
      text: typedText({ min: 3, max: 500 }),
      dueDate: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "use a date as YYYY-MM-DD" })
        .optional(),
    })
    .optional(),
  stepDone: z.uuid({ error: "use the step's id" }).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  summary: typedText({ min: 3, max: MAX_CASE_TEXT, multiline: true }).optional(),
});
export type CaseChange = z.input<typeof caseChangeSchema>;

/** createRestriction: a member of the case, what they may not do, and until when (a date, or a date and time with its offset). */
export const restrictionInputSchema = z.object({
  member: username,
  kind: z.enum(RESTRICTION_KINDS),
  until: z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "use a date (YYYY-MM-DD) or a date and time with its offset" }),
});
export type RestrictionInput = z.input<typeof restrictionInputSchema>;
