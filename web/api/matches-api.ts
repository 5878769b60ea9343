import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { createMatchSchema, MATCH_STATUSES } from "../../src/matching/match.service.ts";
import type { Viewer } from "../../src/members/viewer.ts";
import type { Services } from "../../src/services.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";
import { PostSchema } from "./schemas.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

const MatchSchema = z
  .object({
    id: z.uuid(),
    request: z.uuid(),
    offer: z.uuid(),
    quantity: z.number().int(),
    status: z.enum(MATCH_STATUSES),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Match");

const SuggestionSchema = z
  .object({
    post: PostSchema,
    reasons: z.array(z.string()).openapi({
      description: "same_category, same_area, distance_km:N, enough_quantity or partial_quantity, urgency:LEVEL, waiting_days:N",
    }),
    distanceKm: z.number().nullable(),
    available: z.number().int().nullable().openapi({ description: "What is left of the post's quantity, if it named one" }),
  })
  .openapi("Suggestion");

/** Matching (coordinators): suggestMatches, createMatch, updateMatch, listMatches. */
export function registerMatchOperations(app: OpenAPIHono<ApiEnv>, services: Services, origin: URL): void {
  const withUrl = <T extends { post: { id: string } }>(s: T) => ({ ...s, post: { ...s.post, url: new URL(`/posts/${s.post.id}`, origin).href } });

  app.openapi(
    createRoute({
      method: "get",
      path: "/matches/suggestions",
      operationId: "suggestMatches",
      summary: "Ranked offers for a request, or requests for an offer, with the reasons for each rank",
      security: bearer,
      request: { query: z.object({ post: z.string().min(1) }) },
      responses: { 200: json(z.array(SuggestionSchema), "Suggestions, best first"), ...errors(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json((await services.matches.suggest(c.var.viewer, c.req.valid("query").post)).map(withUrl), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/matches",
      operationId: "createMatch",
      summary: "Match a request with an offer for a quantity; it is reserved on both at once",
      security: bearer,
      request: { body: { required: true, content: { "application/json": { schema: createMatchSchema } } } },
      responses: { 201: json(MatchSchema, "The match"), ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await services.matches.create(c.var.viewer, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/matches/{id}",
      operationId: "updateMatch",
      summary: "Move a match along: accepted, scheduled, completed, or cancelled (which releases its quantity)",
      security: bearer,
      request: {
        params: IdParam,
        body: { required: true, content: { "application/json": { schema: z.object({ status: z.enum(MATCH_STATUSES) }) } } },
      },
      responses: { 200: json(MatchSchema, "The match"), ...errors(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await services.matches.update(c.var.viewer, c.req.valid("param").id, c.req.valid("json").status), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/matches",
      operationId: "listMatches",
      summary: "Matches, newest first; of one post with ?post=ID",
      security: bearer,
      request: { query: z.object({ post: z.string().optional() }) },
      responses: { 200: json(z.array(MatchSchema), "Matches"), ...errors(401, 403, 404) },
    }),
    async (c) => c.json(await services.matches.list(c.var.viewer, c.req.valid("query").post), 200),
  );
}
