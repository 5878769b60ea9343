import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Viewer } from "../../src/members/viewer.ts";
import {
  REPORT_OUTCOMES,
  REPORT_REASONS,
  REPORT_STATUSES,
  REPORT_SUBJECT_TYPES,
  reportChangeSchema,
  reportInputSchema,
} from "../../src/safety/report.schema.ts";
import type { Services } from "../../src/services.ts";
import { clientAddressOf } from "../client-address.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

const ReportSchema = z
  .object({
    id: z.uuid(),
    subject: z.object({ type: z.enum(REPORT_SUBJECT_TYPES), id: z.uuid() }),
    reason: z.enum(REPORT_REASONS),
    text: z.string().nullable(),
    status: z.enum(REPORT_STATUSES),
    source: z.string().openapi({ description: "`member`, `public`, or the host of the server that sent a Flag" }),
    createdAt: z.string(),
    resolvedAt: z.string().nullable(),
    messageFromTeam: z.string().nullable().openapi({ description: "What the team chose to tell the reporter, if anything" }),
    reporter: z.string().nullable().optional().openapi({ description: "Safety team only: the reporting member's username" }),
    assignee: z.string().nullable().optional().openapi({ description: "Safety team only" }),
    outcome: z
      .enum(REPORT_OUTCOMES)
      .nullable()
      .optional()
      .openapi({ description: "Safety team only; the reporter sees only that it was handled" }),
    notes: z
      .array(z.object({ author: z.string().nullable(), text: z.string(), at: z.string() }))
      .optional()
      .openapi({ description: "Safety team only" }),
  })
  .openapi("Report");

const UsernameParam = z.object({ member: z.string().openapi({ param: { name: "member", in: "path" } }) });

/** Reports to the safety team (createReport, listReports, getReport, updateReport) and member blocks (blockMember, unblockMember). */
export function registerReportOperations(app: OpenAPIHono<ApiEnv>, services: Services): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/reports",
      operationId: "createReport",
      summary: "Report a post, member, match, response or sibling network's post to the safety team. Without a token: public posts only.",
      security: [...bearer, {}],
      request: { body: { required: true, content: { "application/json": { schema: reportInputSchema } } } },
      responses: { 201: json(ReportSchema, "The report, as its reporter sees it"), ...errors(400, 401, 404, 422, 429) },
    }),
    async (c) => c.json(await services.reports.create(c.var.viewer, c.req.valid("json"), clientAddressOf(c)), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/reports",
      operationId: "listReports",
      summary: "The safety team (coordinators): every report, newest first. Other members (or `mine=true`): their own reports.",
      security: bearer,
      request: {
        query: z.object({
          status: z.enum(REPORT_STATUSES).optional(),
          mine: z.enum(["true", "false"]).optional(),
          page: z.coerce.number().int().min(1).max(10_000).optional(),
        }),
      },
      responses: { 200: json(z.array(ReportSchema), "Reports"), ...errors(400, 401) },
    }),
    async (c) => {
      const { mine, ...query } = c.req.valid("query");
      return c.json(await services.reports.list(c.var.viewer, { ...query, mine: mine === "true" }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/reports/{id}",
      operationId: "getReport",
      summary: "One report: in full for the safety team; for its reporter, whether it was handled",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(ReportSchema, "The report"), ...errors(401, 404) },
    }),
    async (c) => c.json(await services.reports.get(c.var.viewer, c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/reports/{id}",
      operationId: "updateReport",
      summary: "The safety team assigns a report, adds a note, resolves it with an outcome (which resolves it), or reopens it",
      security: bearer,
      request: { params: IdParam, body: { required: true, content: { "application/json": { schema: reportChangeSchema } } } },
      responses: { 200: json(ReportSchema, "The report"), ...errors(400, 401, 403, 404, 422) },
    }),
    async (c) => c.json(await services.reports.update(c.var.viewer, c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/blocks/members",
      operationId: "blockMember",
      summary:
        "Block a member (by username): neither sees the other's posts, " +
        "and they are never matched or given a handover together. Neither is told.",
      security: bearer,
      request: {
        body: { required: true, content: { "application/json": { schema: z.object({ member: z.string().trim().min(1).max(100) }) } } },
      },
      responses: { 204: { description: "Blocked (also when already blocked)" }, ...errors(400, 401, 404, 422) },
    }),
    async (c) => {
      await services.blocks.block(c.var.viewer, c.req.valid("json").member);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/blocks/members/{member}",
      operationId: "unblockMember",
      summary: "Lift a block of a member (by username)",
      security: bearer,
      request: { params: UsernameParam },
      responses: { 204: { description: "Unblocked" }, ...errors(401, 404) },
    }),
    async (c) => {
      await services.blocks.unblock(c.var.viewer, c.req.valid("param").member);
      return c.body(null, 204);
    },
  );
}
