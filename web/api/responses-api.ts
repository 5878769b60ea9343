import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Viewer } from "../../src/members/viewer.ts";
import type { Services } from "../../src/services.ts";
import { outgoingResponseSchema } from "../../src/sibling-posts/outgoing-response.service.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

const ResponseSchema = z
  .object({
    id: z.uuid(),
    postId: z.uuid(),
    source: z.enum(["reply", "sibling"]).openapi({ description: "A Mastodon reply, or help offered by a sibling network" }),
    from: z.object({ actor: z.url(), handle: z.string().nullable(), name: z.string().nullable() }),
    contentHtml: z.string().openapi({ description: "Sanitised HTML" }),
    url: z.string().nullable(),
    quantity: z.number().int().nullable(),
    status: z.enum(["received", "accepted", "declined"]),
    receivedAt: z.string(),
  })
  .openapi("Response");

const OutgoingResponseSchema = z
  .object({
    id: z.uuid(),
    message: z.string(),
    quantity: z.number().int().nullable(),
    status: z.enum(["received", "accepted", "declined"]).openapi({ description: "received: waiting for the other network" }),
    mine: z.boolean(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .openapi("OutgoingResponse");

/** Help across networks: respondToPost, listResponses, decideResponse. */
export function registerResponseOperations(app: OpenAPIHono<ApiEnv>, services: Services): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/feed/{id}/responses",
      operationId: "respondToPost",
      summary: "Offer help with a sibling network's post (its id in listFeed)",
      security: bearer,
      request: { params: IdParam, body: { required: true, content: { "application/json": { schema: outgoingResponseSchema } } } },
      responses: { 201: json(OutgoingResponseSchema, "The offer, sent to the post's network"), ...errors(400, 401, 404, 409, 422) },
    }),
    async (c) => c.json(await services.outgoingResponses.respond(c.var.viewer, c.req.valid("param").id, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/posts/{id}/responses",
      operationId: "listResponses",
      summary:
        "For one of our posts: the responses it received (coordinators). " +
        "For a sibling's post (an id from listFeed): the help our members offered, and the answers.",
      security: bearer,
      request: { params: IdParam },
      responses: {
        200: json(z.union([z.array(ResponseSchema), z.array(OutgoingResponseSchema)]), "Responses"),
        ...errors(401, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      if (await services.outgoingResponses.holds(id)) return c.json(await services.outgoingResponses.list(c.var.viewer, id), 200);
      return c.json(await services.responses.listForPost(c.var.viewer, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/responses/{id}/decision",
      operationId: "decideResponse",
      summary: "Accept or decline help offered by a sibling network (coordinators); the answer travels back",
      security: bearer,
      request: {
        params: IdParam,
        body: { required: true, content: { "application/json": { schema: z.object({ decision: z.enum(["accept", "decline"]) }) } } },
      },
      responses: { 200: json(ResponseSchema, "The decided response"), ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await services.responses.decide(c.var.viewer, c.req.valid("param").id, c.req.valid("json").decision), 200),
  );
}
