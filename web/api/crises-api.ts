import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { crisisInputSchema, SEVERITIES } from "../../src/crises/crisis.service.ts";
import type { Viewer } from "../../src/members/viewer.ts";
import type { Services } from "../../src/services.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

const CrisisSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string(),
    areas: z.array(z.string()),
    categories: z.array(z.string()),
    severity: z.enum(SEVERITIES),
    forwardDelayMinutes: z.number().int(),
    maxHops: z.number().int(),
    endsAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("Crisis");

const CrisisReportSchema = CrisisSchema.extend({
  forwarding: z.object({
    forwarded: z.number().int().openapi({ description: "Needs forwarded to every sibling" }),
    fulfilled: z.number().int(),
    medianMinutesToFulfilment: z.number().nullable(),
  }),
  siblings: z.array(
    z.object({
      network: z.object({ actor: z.url(), name: z.string().nullable(), handle: z.string().nullable() }),
      needsForwarded: z.number().int(),
      responsesReceived: z.number().int(),
      responsesAccepted: z.number().int(),
      needsFulfilled: z.number().int(),
      medianMinutesToFirstResponse: z.number().nullable(),
      medianMinutesToFulfilment: z.number().nullable(),
    }),
  ),
}).openapi("CrisisReport");

/** Crises and forwarding: declareCrisis, endCrisis, listCrises, getCrisis, forwardPost, holdPost. */
export function registerCrisisOperations(app: OpenAPIHono<ApiEnv>, services: Services): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/crises",
      operationId: "declareCrisis",
      summary: "Declare a crisis for service areas and categories (coordinators)",
      security: bearer,
      request: { body: { required: true, content: { "application/json": { schema: crisisInputSchema } } } },
      responses: { 201: json(CrisisSchema, "The declared crisis"), ...errors(400, 401, 403, 422) },
    }),
    async (c) => c.json(await services.crises.declare(c.var.viewer, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/crises/{id}/end",
      operationId: "endCrisis",
      summary: "End a crisis (coordinators); its forwarded needs close at the siblings",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(CrisisSchema, "The ended crisis"), ...errors(401, 403, 404, 409) },
    }),
    async (c) => c.json(await services.crises.end(c.var.viewer, c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/crises",
      operationId: "listCrises",
      summary: "Every crisis, newest first",
      responses: { 200: json(z.array(CrisisSchema), "Crises") },
    }),
    async (c) => c.json(await services.crises.list(), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/crises/{id}",
      operationId: "getCrisis",
      summary: "A crisis, with what forwarding achieved",
      request: { params: IdParam },
      responses: { 200: json(CrisisReportSchema, "The crisis"), ...errors(404) },
    }),
    async (c) => c.json(await services.crises.get(c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/posts/{id}/forward",
      operationId: "forwardPost",
      summary: "Forward a request to sibling networks by hand (coordinators)",
      security: bearer,
      request: {
        params: IdParam,
        body: { required: false, content: { "application/json": { schema: z.object({ crisis: z.uuid().nullable().optional() }) } } },
      },
      responses: { 204: { description: "Forwarded" }, ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const body = c.req.header("content-type")?.includes("json") ? c.req.valid("json") : {};
      await services.crises.forwardByHand(c.var.viewer, c.req.valid("param").id, body.crisis ?? null);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/posts/{id}/hold",
      operationId: "holdPost",
      summary: "Keep a request from being forwarded automatically (coordinators)",
      security: bearer,
      request: { params: IdParam },
      responses: { 204: { description: "Held back" }, ...errors(401, 403, 404, 409) },
    }),
    async (c) => {
      await services.crises.holdBack(c.var.viewer, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}
