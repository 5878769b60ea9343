import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Viewer } from "../../src/members/viewer.ts";
import {
  CASE_STATUSES,
  caseChangeSchema,
  caseInputSchema,
  RESTRICTION_KINDS,
  restrictionInputSchema,
} from "../../src/safety/case.schema.ts";
import type { Services } from "../../src/services.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

const teamOnly = (schema: z.ZodType, what: string) =>
  schema.optional().openapi({ description: `The safety team and the mediator only: ${what}` });

const CaseSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(CASE_STATUSES),
    steps: z.array(z.object({ id: z.uuid(), text: z.string(), dueDate: z.string().nullable(), done: z.boolean() })),
    restrictions: z
      .array(z.object({ id: z.uuid(), member: z.string(), kind: z.enum(RESTRICTION_KINDS), until: z.string(), active: z.boolean() }))
      .openapi({ description: "A participant sees only their own" }),
    summary: z.string().nullable().openapi({ description: "A participant sees it once the case is closed" }),
    createdAt: z.string(),
    closedAt: z.string().nullable(),
    title: teamOnly(z.string(), "the team's title"),
    mediator: teamOnly(z.string().nullable(), "the mediator's username"),
    participants: teamOnly(z.array(z.string()), "usernames"),
    reports: teamOnly(z.array(z.uuid()), "the reports it was opened from"),
    matches: teamOnly(z.array(z.uuid()), "the matches it is about"),
    notes: teamOnly(z.array(z.object({ author: z.string().nullable(), text: z.string(), at: z.string() })), "private notes"),
  })
  .openapi("Case");

const RestrictionParams = z.object({
  id: z.string().openapi({ param: { name: "id", in: "path" } }),
  restriction: z.string().openapi({ param: { name: "restriction", in: "path" } }),
});

/** Cases (conflict resolution): createCase, listCases, getCase, updateCase, createRestriction, deleteRestriction. */
export function registerCaseOperations(app: OpenAPIHono<ApiEnv>, services: Services): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/cases",
      operationId: "createCase",
      summary: "The safety team opens a case between members, from reports and matches (the log says only that one was opened)",
      security: bearer,
      request: { body: { required: true, content: { "application/json": { schema: caseInputSchema } } } },
      responses: { 201: json(CaseSchema, "The case"), ...errors(400, 401, 403, 422) },
    }),
    async (c) => c.json(await services.cases.create(c.var.viewer, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/cases",
      operationId: "listCases",
      summary: "The safety team: every case, open first. Anyone else: the cases they take part in or mediate",
      security: bearer,
      request: {
        query: z.object({ status: z.enum(CASE_STATUSES).optional(), page: z.coerce.number().int().min(1).max(10_000).optional() }),
      },
      responses: { 200: json(z.array(CaseSchema), "Cases"), ...errors(400, 401) },
    }),
    async (c) => c.json(await services.cases.list(c.var.viewer, c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/cases/{id}",
      operationId: "getCase",
      summary: "One case: in full for the team and its mediator; its steps, own limits and closing summary for a participant",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(CaseSchema, "The case"), ...errors(401, 404) },
    }),
    async (c) => c.json(await services.cases.get(c.var.viewer, c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/cases/{id}",
      operationId: "updateCase",
      summary:
        "Add a note, add a step (`step`: {text, dueDate?}) or mark one done (`stepDone`), " +
        "name the mediator, close with a `summary` or reopen",
      security: bearer,
      request: { params: IdParam, body: { required: true, content: { "application/json": { schema: caseChangeSchema } } } },
      responses: { 200: json(CaseSchema, "The case"), ...errors(400, 401, 403, 404, 422) },
    }),
    async (c) => c.json(await services.cases.update(c.var.viewer, c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/cases/{id}/restrictions",
      operationId: "createRestriction",
      summary:
        "The safety team limits a participant until a set time, instead of suspending them: " +
        "`no_posting`, `no_handovers` or `coordinated_matches_only`; it ends by itself",
      security: bearer,
      request: { params: IdParam, body: { required: true, content: { "application/json": { schema: restrictionInputSchema } } } },
      responses: { 201: json(CaseSchema, "The case, with the restriction"), ...errors(400, 401, 403, 404, 422) },
    }),
    async (c) => c.json(await services.cases.restrict(c.var.viewer, c.req.valid("param").id, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/cases/{id}/restrictions/{restriction}",
      operationId: "deleteRestriction",
      summary: "The safety team lifts a restriction before its time",
      security: bearer,
      request: { params: RestrictionParams },
      responses: { 204: { description: "Lifted" }, ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { id, restriction } = c.req.valid("param");
      await services.cases.lift(c.var.viewer, id, restriction);
      return c.body(null, 204);
    },
  );
}
