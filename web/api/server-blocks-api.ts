import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Viewer } from "../../src/members/viewer.ts";
import { serverBlockInputSchema } from "../../src/safety/server-block.policy.ts";
import type { Services } from "../../src/services.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

const ServerBlockSchema = z
  .object({
    id: z.uuid(),
    type: z.enum(["domain", "actor"]).openapi({ description: "`domain`: the server and its subdomains; `actor`: one account or network" }),
    target: z.string().openapi({ description: "The host, or the actor's IRI" }),
    reason: z.string().nullable().openapi({ description: "For coordinators only; never in the log or on the wire" }),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("ServerBlock");

const CreatedBlockSchema = ServerBlockSchema.extend({
  removed: z
    .object({ followers: z.number().int(), following: z.number().int(), posts: z.number().int() })
    .openapi({ description: "What the block ended: their follows of us, ours of them, and their stored posts" }),
}).openapi("CreatedServerBlock");

/** Domain and actor blocks (listBlocks, createBlock, deleteBlock), for coordinators. */
export function registerServerBlockOperations(app: OpenAPIHono<ApiEnv>, services: Services): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/blocks",
      operationId: "listBlocks",
      summary: "Blocked servers and actors (coordinators)",
      security: bearer,
      responses: { 200: json(z.array(ServerBlockSchema), "Blocks, oldest first"), ...errors(401, 403) },
    }),
    async (c) => c.json(await services.serverBlocks.list(c.var.viewer), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/blocks",
      operationId: "createBlock",
      summary:
        "Block a server (`domain`: a host, with its subdomains) or one actor (`actor`: its URL or @name@host): " +
        "its activities are refused, its follows both ways end, its posts are removed, and nothing is delivered to it",
      security: bearer,
      request: { body: { required: true, content: { "application/json": { schema: serverBlockInputSchema } } } },
      responses: { 201: json(CreatedBlockSchema, "The block"), ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await services.serverBlocks.create(c.var.viewer, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/blocks/{id}",
      operationId: "deleteBlock",
      summary: "Lift a block (follows and posts it removed do not come back by themselves)",
      security: bearer,
      request: { params: IdParam },
      responses: { 204: { description: "Lifted" }, ...errors(401, 403, 404) },
    }),
    async (c) => {
      await services.serverBlocks.delete(c.var.viewer, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}
