import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { ForbiddenError } from "../../src/errors.ts";
import { isCoordinator, type Viewer } from "../../src/members/viewer.ts";
import type { Services } from "../../src/services.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";
import { NetworkSchema, SiblingEventSchema, SiblingPostSchema } from "./schemas.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

function requireCoordinator(viewer: Viewer): void {
  if (!isCoordinator(viewer)) throw new ForbiddenError("Only coordinators manage sibling networks.");
}

/** Sibling networks, and the posts they share: followNetwork, approveNetwork, rejectNetwork, listNetworks, listFeed, listSiblingEvents. */
export function registerNetworkOperations(app: OpenAPIHono<ApiEnv>, services: Services): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/networks",
      operationId: "listNetworks",
      summary: "Known networks, and the state of following in both directions (coordinators)",
      security: bearer,
      responses: { 200: json(z.array(NetworkSchema), "Every network with a follow either way"), ...errors(401, 403) },
    }),
    async (c) => {
      requireCoordinator(c.var.viewer);
      return c.json(await services.networks.list(), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/networks",
      operationId: "followNetwork",
      summary: "Follow another network by its actor URL or @handle@host (coordinators)",
      security: bearer,
      request: {
        body: {
          required: true,
          content: { "application/json": { schema: z.object({ actor: z.string().min(1).max(500) }) } },
        },
      },
      responses: { 201: json(NetworkSchema, "The follow request was sent"), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      requireCoordinator(c.var.viewer);
      return c.json(await services.networks.follow(c.req.valid("json").actor), 201);
    },
  );

  for (const [operationId, decide] of [
    ["approveNetwork", (id: string) => services.networks.approveFollower(id)],
    ["rejectNetwork", (id: string) => services.networks.rejectFollower(id)],
  ] as const) {
    app.openapi(
      createRoute({
        method: "post",
        path: `/networks/{id}/${operationId === "approveNetwork" ? "approve" : "reject"}`,
        operationId,
        summary: `${operationId === "approveNetwork" ? "Accept" : "Refuse"} another network's follow (coordinators)`,
        security: bearer,
        request: { params: IdParam },
        responses: { 200: json(NetworkSchema, "The network, with the decision"), ...errors(401, 403, 404, 409) },
      }),
      async (c) => {
        requireCoordinator(c.var.viewer);
        return c.json(await decide(c.req.valid("param").id), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: "get",
      path: "/feed",
      operationId: "listFeed",
      summary: "Open posts of sibling networks. Without a token: their public posts only.",
      security: [...bearer, {}],
      request: {
        query: z.object({
          page: z.coerce.number().int().min(1).max(10_000).optional(),
          perPage: z.coerce.number().int().min(1).max(100).optional(),
        }),
      },
      responses: {
        200: json(
          z.object({ items: z.array(SiblingPostSchema), page: z.number().int(), perPage: z.number().int(), total: z.number().int() }),
          "A page of nearby posts",
        ),
        ...errors(400, 401),
      },
    }),
    async (c) => c.json(await services.siblingPosts.list(c.var.viewer, c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/feed/events",
      operationId: "listSiblingEvents",
      summary: "Public events of sibling networks that have not ended, soonest first (at most 50)",
      security: [...bearer, {}],
      responses: { 200: json(z.array(SiblingEventSchema), "Upcoming events at nearby networks"), ...errors(401) },
    }),
    async (c) => c.json(await services.siblingEvents.listUpcoming(), 200),
  );
}
