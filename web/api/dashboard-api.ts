import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Viewer } from "../../src/members/viewer.ts";
import { CATEGORIES, URGENCIES } from "../../src/posts/post.schema.ts";
import type { Services } from "../../src/services.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

const Counts = { requests: z.number().int(), offers: z.number().int() };
const UnmetRequest = z.object({
  id: z.uuid(),
  title: z.string(),
  category: z.enum(CATEGORIES),
  urgency: z.enum(URGENCIES),
  area: z.string(),
  createdAt: z.string(),
  waitingDays: z.number().int(),
});
const Median = z.object({ medianHours: z.number().nullable(), matched: z.number().int() });

const DashboardSchema = z
  .object({
    byCategory: z.array(z.object({ category: z.enum(CATEGORIES), ...Counts })),
    byArea: z.array(z.object({ area: z.string(), ...Counts })),
    gaps: z.object({ total: z.number().int(), requests: z.array(UnmetRequest) }).openapi({
      description: "Open requests for which no open offer of their category exists",
    }),
    oldestUnmet: z.array(UnmetRequest),
    timeToMatch: z.object({ days7: Median, days30: Median }),
  })
  .openapi("Dashboard");

const SummarySchema = z
  .object({
    byCategory: z.array(z.object({ category: z.enum(CATEGORIES), ...Counts })),
    open: z.object(Counts),
    completedLast30Days: z.number().int(),
    books: z
      .object({
        currency: z.string(),
        months: z.array(
          z.object({
            month: z.string().openapi({ example: "2026-11" }),
            inCents: z.number().int(),
            outCents: z.number().int(),
            byCategory: z.record(z.string(), z.object({ inCents: z.number().int(), outCents: z.number().int() })),
          }),
        ),
      })
      .nullable()
      .openapi({ description: "The last twelve months' totals of the open books, when the network publishes them" }),
  })
  .openapi("PublicSummary");

/** The resource picture: getDashboard (coordinators), getSummary (public, when switched on), listPossibleDuplicates. */
export function registerDashboardOperations(app: OpenAPIHono<ApiEnv>, services: Services): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/dashboard",
      operationId: "getDashboard",
      summary: "Open requests and offers by category and area, the gaps, the oldest unmet requests and the median time to match",
      security: bearer,
      responses: { 200: json(DashboardSchema, "The resource picture"), ...errors(401, 403) },
    }),
    async (c) => c.json(await services.dashboard.get(c.var.viewer), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/summary",
      operationId: "getSummary",
      summary: "Counts only, for anyone, when an admin has switched the public summary on",
      responses: { 200: json(SummarySchema, "Counts of open posts and completed matches"), ...errors(404) },
    }),
    async (c) => c.json({ ...(await services.dashboard.publicSummary()), books: await services.ledger.publicTotals() }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/posts/{id}/duplicates",
      operationId: "listPossibleDuplicates",
      summary: "Open requests of the same category that look like they come from the same person or contact",
      security: bearer,
      request: { params: IdParam },
      responses: {
        200: json(
          z.array(z.object({ id: z.uuid(), title: z.string(), createdAt: z.string(), reasons: z.array(z.string()) })),
          "Possible duplicates, newest first",
        ),
        ...errors(401, 403, 404),
      },
    }),
    async (c) => c.json(await services.duplicates.check(c.var.viewer, c.req.valid("param").id), 200),
  );
}
