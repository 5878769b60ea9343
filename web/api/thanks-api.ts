import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { thanksInputSchema } from "../../src/members/appreciation.service.ts";
import type { Viewer } from "../../src/members/viewer.ts";
import type { Services } from "../../src/services.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

const ThanksSchema = z
  .object({
    id: z.uuid(),
    from: z.string().nullable().openapi({ description: "Who thanked; null when they chose not to appear in the thanks stream" }),
    to: z.string(),
    message: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Thanks");

/** Appreciation, for members only: thankHandover and listThanks. */
export function registerThanksOperations(app: OpenAPIHono<ApiEnv>, services: Services): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/matches/{id}/thanks",
      operationId: "thankHandover",
      summary: "Thank someone who was part of a completed handover you were part of (once per person); they are told",
      security: bearer,
      request: { params: IdParam, body: { required: true, content: { "application/json": { schema: thanksInputSchema } } } },
      responses: { 201: json(ThanksSchema, "The thank-you"), ...errors(400, 401, 404, 409, 422) },
    }),
    async (c) => c.json(await services.appreciation.thank(c.var.viewer, c.req.valid("param").id, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/thanks",
      operationId: "listThanks",
      summary: "The thanks stream, newest first: thank-yous to members who chose to appear in it",
      security: bearer,
      request: { query: z.object({ page: z.coerce.number().int().min(1).max(10_000).optional() }) },
      responses: { 200: json(z.array(ThanksSchema), "Thank-yous"), ...errors(400, 401) },
    }),
    async (c) => c.json(await services.appreciation.stream(c.var.viewer, c.req.valid("query").page), 200),
  );
}
