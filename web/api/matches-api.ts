import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { InvalidFieldsError } from "../../src/errors.ts";
import { MATCH_ACTIONS } from "../../src/matching/match.policy.ts";
import { createMatchSchema, HANDOVER_METHODS, MATCH_STATUSES, type MatchView, NO_SHOW_PARTIES } from "../../src/matching/match.service.ts";
import type { Viewer } from "../../src/members/viewer.ts";
import type { Services } from "../../src/services.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";
import { PostSchema, SiblingPostSchema } from "./schemas.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

const Person = z.object({ username: z.string(), displayName: z.string().nullable() });
const Contact = z.object({
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  notes: z.string().nullable(),
});
const PartyCard = z.object({ member: Person.nullable(), contact: Contact.nullable() });

const MatchSchema = z
  .object({
    id: z.uuid(),
    request: z.uuid(),
    offer: z.uuid(),
    requestTitle: z.string(),
    offerTitle: z.string(),
    requestArea: z.string(),
    offerArea: z.string(),
    quantity: z.number().int(),
    status: z.enum(MATCH_STATUSES),
    method: z.enum(HANDOVER_METHODS).nullable(),
    windowStart: z.string().nullable(),
    windowEnd: z.string().nullable(),
    volunteer: Person.nullable(),
    openToVolunteers: z.boolean().openapi({ description: "A coordinator put the handover on approved volunteers' task lists" }),
    createdAt: z.string(),
    updatedAt: z.string(),
    roles: z.array(z.enum(["coordinator", "requester", "offerer", "volunteer"])),
    actions: z.array(z.enum(MATCH_ACTIONS)).openapi({ description: "What the caller may do with the match now" }),
    parties: z
      .object({ requester: PartyCard, offerer: PartyCard })
      .nullable()
      .openapi({
        description:
          "Both sides' contact details: for coordinators, and for the parties once accepted; " +
          "for the match's volunteer, while the handover is to be done, first names, phone, e-mail and address only",
      }),
    noShow: z.enum(NO_SHOW_PARTIES).nullable().openapi({ description: "Coordinators only" }),
    feedback: z.array(z.object({ side: z.string(), comment: z.string(), createdAt: z.string() })),
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

const MatchChange = z
  .object({
    status: z.enum(["accepted", "completed", "cancelled"]).optional(),
    method: z.enum(HANDOVER_METHODS).optional(),
    windowStart: z.string().optional(),
    windowEnd: z.string().optional(),
    volunteer: z.string().nullable().optional().openapi({
      description: "A username (coordinators), your own (an approved volunteer taking a task open to volunteers); null gives the task back",
    }),
    openToVolunteers: z
      .boolean()
      .optional()
      .openapi({ description: "Coordinators: put the handover on approved volunteers' task lists, or take it off" }),
    noShow: z.enum(NO_SHOW_PARTIES).optional(),
  })
  .openapi("MatchChange", {
    description: "One change at a time: a status, a schedule (method, windowStart, windowEnd), a volunteer, openToVolunteers, or a no-show",
  });

/** Matching: suggestMatches, createMatch, getMatch, updateMatch, listMatches, addMatchFeedback. */
export function registerMatchOperations(app: OpenAPIHono<ApiEnv>, services: Services, origin: URL): void {
  const withUrl = <T extends { post: { id: string } }>(s: T) => ({
    ...s,
    post: { ...s.post, url: new URL(`/posts/${s.post.id}`, origin).href },
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/matches/suggestions",
      operationId: "suggestMatches",
      summary: "Ranked offers for a request, or requests for an offer, with the reasons for each rank, and sibling networks' posts",
      security: bearer,
      request: { query: z.object({ post: z.string().min(1) }) },
      responses: {
        200: json(
          z.object({ suggestions: z.array(SuggestionSchema), fromSiblings: z.array(SiblingPostSchema) }),
          "Suggestions, best first",
        ),
        ...errors(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const found = await services.suggestions.suggest(c.var.viewer, c.req.valid("query").post);
      return c.json({ suggestions: found.suggestions.map(withUrl), fromSiblings: found.fromSiblings }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/matches",
      operationId: "createMatch",
      summary:
        "Match a request with an offer for a quantity; it is reserved on both at once " +
        "(coordinators, or a member claiming with their own post in peer-to-peer mode)",
      security: bearer,
      request: { body: { required: true, content: { "application/json": { schema: createMatchSchema } } } },
      responses: { 201: json(MatchSchema, "The match"), ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await services.matches.create(c.var.viewer, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/matches/{id}",
      operationId: "getMatch",
      summary: "One match, as the caller may see it",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(MatchSchema, "The match"), ...errors(401, 404) },
    }),
    async (c) => c.json(await services.matches.get(c.var.viewer, c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/matches/{id}",
      operationId: "updateMatch",
      summary:
        "Accept, schedule (pickup or delivery in a time window), give to a volunteer or open to volunteers, " +
        "complete, cancel (which releases its quantity), or record a no-show",
      security: bearer,
      request: { params: IdParam, body: { required: true, content: { "application/json": { schema: MatchChange } } } },
      responses: { 200: json(MatchSchema, "The match"), ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await applyChange(services, c.var.viewer, c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/matches",
      operationId: "listMatches",
      summary: "Matches, newest first: coordinators see all (of one post with ?post=ID), members the ones they are part of (or ?mine=true)",
      security: bearer,
      request: { query: z.object({ post: z.string().optional(), mine: z.enum(["true", "false"]).optional() }) },
      responses: { 200: json(z.array(MatchSchema), "Matches"), ...errors(400, 401, 404) },
    }),
    async (c) => {
      const { post, mine } = c.req.valid("query");
      return c.json(await services.matches.list(c.var.viewer, { post, mine: mine === "true" }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/matches/{id}/feedback",
      operationId: "addMatchFeedback",
      summary: "Short, optional feedback on a completed match, once per person",
      security: bearer,
      request: {
        params: IdParam,
        body: { required: true, content: { "application/json": { schema: z.object({ comment: z.string() }) } } },
      },
      responses: { 201: json(MatchSchema, "The match"), ...errors(400, 401, 404, 409, 422) },
    }),
    async (c) => c.json(await services.matches.addFeedback(c.var.viewer, c.req.valid("param").id, c.req.valid("json")), 201),
  );
}

/** One change per request, so a refused part never leaves the rest half-applied. */
function applyChange(services: Services, viewer: Viewer, id: string, change: z.infer<typeof MatchChange>): Promise<MatchView> {
  const kinds = [
    change.status !== undefined,
    change.method !== undefined || change.windowStart !== undefined || change.windowEnd !== undefined,
    change.volunteer !== undefined,
    change.openToVolunteers !== undefined,
    change.noShow !== undefined,
  ].filter(Boolean).length;
  if (kinds !== 1)
    throw new InvalidFieldsError({ status: "change one thing at a time: status, schedule, volunteer, openToVolunteers or noShow" });
  if (change.status !== undefined) return services.matches.setStatus(viewer, id, change.status);
  if (change.volunteer !== undefined) return services.matches.assign(viewer, id, change.volunteer);
  if (change.openToVolunteers !== undefined) return services.matches.setOpenToVolunteers(viewer, id, change.openToVolunteers);
  if (change.noShow !== undefined) return services.matches.recordNoShow(viewer, id, change.noShow);
  return services.matches.schedule(viewer, id, change);
}
