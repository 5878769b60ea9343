import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  closeDecisionSchema,
  DECISION_PROCESSES,
  DECISION_STATUSES,
  decisionInputSchema,
  HIDE_RESULTS,
  voteInputSchema,
} from "../../src/decisions/decision.schema.ts";
import { MEETING_ANSWERS } from "../../src/decisions/tally.ts";
import type { Viewer } from "../../src/members/viewer.ts";
import type { Services } from "../../src/services.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

const DecisionSummarySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  process: z.enum(DECISION_PROCESSES),
  anyOf: z.boolean().openapi({ description: "A poll where members may choose any number of options" }),
  status: z.enum(DECISION_STATUSES),
  closesAt: z.string(),
  closedAt: z.string().nullable(),
  starter: z.string().nullable().openapi({ description: "The username of the member who started it" }),
  quorum: z.number().nullable(),
  hideResults: z.enum(HIDE_RESULTS),
  anonymous: z.boolean(),
  voterCount: z.number().int(),
  voted: z.boolean().openapi({ description: "Whether the caller has voted" }),
  workingGroupId: z.uuid().nullable().openapi({ description: "The working group that decides; null when every member does" }),
  workingGroup: z.string().nullable().openapi({ description: "That working group's name" }),
  canVote: z.boolean().openapi({ description: "Whether the caller may vote (a working group's decision: its members only)" }),
  outcome: z.string().nullable(),
  outcomeAt: z.string().nullable(),
  reviewOn: z.string().nullable(),
  createdAt: z.string(),
});

const VoteSchema = z.object({
  choice: z.string().optional(),
  choices: z.union([z.array(z.string()), z.record(z.string(), z.enum(MEETING_ANSWERS))]).optional(),
  ranking: z.array(z.string()).optional(),
  reason: z.string().nullable(),
});

const DecisionSchema = DecisionSummarySchema.extend({
  body: z.string(),
  options: z.array(z.string()),
  tally: z
    .object({
      voters: z.number().int(),
      eligible: z.number().int().openapi({ description: "How many may vote" }),
      counts: z.record(z.string(), z.number().int()).optional().openapi({ description: "Votes per choice or option" }),
      times: z
        .record(z.string(), z.record(z.enum(MEETING_ANSWERS), z.number().int()))
        .optional()
        .openapi({ description: "meeting_time: answers per proposed time" }),
    })
    .nullable()
    .openapi({ description: "Null while the decision hides its results from the caller (hideResults)" }),
  votes: z
    .array(VoteSchema.extend({ member: z.string(), at: z.string() }))
    .nullable()
    .openapi({ description: "Each vote with its reason; null for anonymous decisions and while results are hidden" }),
  myVote: VoteSchema.nullable(),
  result: z
    .object({
      quorumReached: z.boolean(),
      winner: z.string().nullable().optional(),
      tied: z.array(z.string()).optional(),
      rounds: z
        .array(z.object({ counts: z.record(z.string(), z.number().int()), exhausted: z.number().int(), eliminated: z.string().nullable() }))
        .optional()
        .openapi({ description: "ranked: every round of the instant runoff" }),
    })
    .optional()
    .openapi({ description: "Once closed" }),
  outcomeBy: z.string().nullable(),
  canClose: z.boolean().openapi({ description: "Whether the caller may close it or write its outcome" }),
}).openapi("Decision");

/** Deciding together, for members only: createDecision, listDecisions, getDecision, castVote, closeDecision. */
export function registerDecisionOperations(app: OpenAPIHono<ApiEnv>, services: Services): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/decisions",
      operationId: "createDecision",
      summary:
        "Start a decision (any member); every member decides, or with workingGroupId that group's members (started by one of them or " +
        "a coordinator). Options for poll, ranked and meeting_time.",
      security: bearer,
      request: { body: { required: true, content: { "application/json": { schema: decisionInputSchema } } } },
      responses: { 201: json(DecisionSchema, "The new decision"), ...errors(400, 401, 403, 422) },
    }),
    async (c) => c.json(await services.decisions.create(c.var.viewer, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/decisions",
      operationId: "listDecisions",
      summary: "Decisions, open ones first (closing soonest first), then closed ones",
      security: bearer,
      request: { query: z.object({ page: z.coerce.number().int().min(1).max(10_000).optional() }) },
      responses: { 200: json(z.array(DecisionSummarySchema), "Decisions"), ...errors(400, 401) },
    }),
    async (c) => c.json(await services.decisions.list(c.var.viewer, c.req.valid("query").page), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/decisions/{id}",
      operationId: "getDecision",
      summary: "One decision, with the tally the caller may see and, once closed, its result and outcome",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(DecisionSchema, "The decision"), ...errors(401, 404) },
    }),
    async (c) => c.json(await services.decisions.get(c.var.viewer, c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/decisions/{id}/votes",
      operationId: "castVote",
      summary:
        "Vote, or change one's vote, until the decision closes: {choice, reason?} (consent, proposal, one-of poll), " +
        "{choices: [...]} (any-of poll; meeting_time also {time: answer}), {ranking: [...]} (ranked). " +
        "An objection or a block needs a reason.",
      security: bearer,
      request: { params: IdParam, body: { required: true, content: { "application/json": { schema: voteInputSchema } } } },
      responses: { 200: json(DecisionSchema, "The decision, with the caller's vote"), ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await services.decisions.vote(c.var.viewer, c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/decisions/{id}/close",
      operationId: "closeDecision",
      summary:
        "The member who started it or a coordinator closes the decision and writes its outcome (once), optionally with a day to " +
        "review it; a decision closed without one (or on its own, at its time) takes the outcome later",
      security: bearer,
      request: { params: IdParam, body: { required: true, content: { "application/json": { schema: closeDecisionSchema } } } },
      responses: { 200: json(DecisionSchema, "The decision"), ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await services.decisions.close(c.var.viewer, c.req.valid("param").id, c.req.valid("json")), 200),
  );
}
