import { z } from "zod";
import { decisionHideResults, decisionProcess, decisionStatus } from "../../db/schema/decisions.ts";
import { typedText } from "../validation.ts";
import type { DecisionProcess, HideResults } from "./tally.ts";

export const DECISION_PROCESSES = decisionProcess.enumValues satisfies readonly DecisionProcess[];
export const HIDE_RESULTS = decisionHideResults.enumValues satisfies readonly HideResults[];
export const DECISION_STATUSES = decisionStatus.enumValues;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const MAX_OPTIONS = 20;
export const MAX_DECISION_BODY = 10_000;
export const MAX_OUTCOME = 5_000;
export const MAX_REASON = 2_000;

/** A date-time with an offset, or without one (the server's local time, as a form's datetime-local sends it). */
const dateTime = z.iso.datetime({ offset: true, local: true, error: "use a date and time" });

/** createDecision: what is proposed, how it is decided, until when. Rules across fields are the service's. */
export const decisionInputSchema = z.object({
  title: typedText({ min: 3, max: 200 }),
  body: typedText({ min: 1, max: MAX_DECISION_BODY, multiline: true, minError: "say what is proposed" }),
  process: z.enum(DECISION_PROCESSES, { error: `use one of: ${DECISION_PROCESSES.join(", ")}` }),
  options: z
    .array(typedText({ min: 1, max: 200, minError: "write the option" }))
    .max(MAX_OPTIONS, { error: `give at most ${MAX_OPTIONS} options` })
    .optional(),
  /** A poll where each member may choose any number of options (otherwise exactly one). */
  anyOf: z.boolean().optional(),
  closesAt: dateTime,
  quorum: z.number({ error: "use a share from 0 to 1, e.g. 0.5" }).min(0).max(1).optional(),
  hideResults: z.enum(HIDE_RESULTS, { error: `use one of: ${HIDE_RESULTS.join(", ")}` }).optional(),
  anonymous: z.boolean().optional(),
  /** The working group that decides (its members vote); without it, every active member. */
  workingGroupId: z.uuid({ error: "choose a working group" }).optional(),
});
export type DecisionInput = z.input<typeof decisionInputSchema>;

/** castVote's shape; which of `choice`, `choices` and `ranking` a decision takes depends on its process (src/decisions/ballot.ts). */
export const voteInputSchema = z.object({
  choice: z.string().trim().min(1, { error: "say how you vote" }).max(200).optional(),
  choices: z
    .union([z.array(z.string().max(200)).max(MAX_OPTIONS), z.record(z.string().max(200), z.string().max(20))], {
      error: "send a list of options, or {time: answer} pairs",
    })
    .optional(),
  ranking: z.array(z.string().max(200)).max(MAX_OPTIONS).optional(),
  reason: typedText({ max: MAX_REASON, multiline: true }).optional(),
});
export type VoteBody = z.input<typeof voteInputSchema>;

/** closeDecision: closes an open decision and/or writes its outcome (once), with a day to review it. */
export const closeDecisionSchema = z.object({
  outcome: typedText({ min: 1, max: MAX_OUTCOME, multiline: true, minError: "write what was decided" }).optional(),
  reviewOn: z.iso.date({ error: "use a date as YYYY-MM-DD" }).optional(),
});
export type CloseDecisionInput = z.input<typeof closeDecisionSchema>;
