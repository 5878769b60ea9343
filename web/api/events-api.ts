import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  EVENT_KINDS,
  EVENT_STATUSES,
  EVENT_VISIBILITIES,
  eventChangeSchema,
  eventInputSchema,
  RSVP_STATUSES,
  rsvpInputSchema,
} from "../../src/events/event.schema.ts";
import type { EventView } from "../../src/events/event.view.ts";
import type { Viewer } from "../../src/members/viewer.ts";
import type { Services } from "../../src/services.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

const EventSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string(),
    kind: z.enum(EVENT_KINDS),
    startsAt: z.string(),
    endsAt: z.string(),
    area: z.string(),
    place: z.string().nullable(),
    address: z.string().nullable().openapi({ description: "The street address: for members, or for everyone if `addressPublic`" }),
    addressPublic: z.boolean(),
    onlineUrl: z.string().nullable(),
    capacity: z.number().int().nullable(),
    visibility: z.enum(EVENT_VISIBILITIES),
    status: z.enum(EVENT_STATUSES),
    organiser: z.string().nullable().openapi({ description: "The organiser's username, for members" }),
    goingCount: z.number().int(),
    waitlistCount: z.number().int(),
    maybeCount: z.number().int(),
    myStatus: z.enum(RSVP_STATUSES).nullable(),
    canEdit: z.boolean(),
    agenda: z.array(z.object({ title: z.string(), decision: z.string().nullable() })).openapi({ description: "Members only" }),
    minutes: z.string().nullable().openapi({ description: "Members only" }),
    attendees: z
      .array(z.object({ name: z.string(), status: z.enum(RSVP_STATUSES) }))
      .nullable()
      .openapi({ description: "For the organiser and coordinators: usernames, and handles of people elsewhere" }),
    url: z.string(),
  })
  .openapi("Event");

/** Events: listEvents, createEvent, getEvent, updateEvent, cancelEvent, rsvpEvent. */
export function registerEventOperations(app: OpenAPIHono<ApiEnv>, services: Services, origin: URL): void {
  const withUrl = (event: EventView) => ({ ...event, url: new URL(`/events/${event.id}`, origin).href });

  app.openapi(
    createRoute({
      method: "get",
      path: "/events",
      operationId: "listEvents",
      summary: "Upcoming events, soonest first (`past=true`: those that ended, latest first). Without a token: public events only.",
      security: [...bearer, {}],
      request: { query: z.object({ past: z.enum(["true", "false"]).optional() }) },
      responses: { 200: json(z.array(EventSchema), "Events"), ...errors(400, 401) },
    }),
    async (c) => c.json((await services.events.list(c.var.viewer, { past: c.req.valid("query").past === "true" })).map(withUrl), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/events",
      operationId: "createEvent",
      summary: "Create an event (coordinators, and members where the network allows it)",
      security: bearer,
      request: { body: { required: true, content: { "application/json": { schema: eventInputSchema } } } },
      responses: { 201: json(EventSchema, "The new event"), ...errors(400, 401, 403, 422) },
    }),
    async (c) => c.json(withUrl(await services.events.create(c.var.viewer, c.req.valid("json"))), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/events/{id}",
      operationId: "getEvent",
      summary: "One event, with `goingCount` and `waitlistCount`",
      security: [...bearer, {}],
      request: { params: IdParam },
      responses: { 200: json(EventSchema, "The event"), ...errors(401, 404) },
    }),
    async (c) => c.json(withUrl(await services.events.get(c.var.viewer, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/events/{id}",
      operationId: "updateEvent",
      summary: "Change an event's fields, or an assembly's agenda and minutes (its organiser or a coordinator)",
      security: bearer,
      request: { params: IdParam, body: { required: true, content: { "application/json": { schema: eventChangeSchema } } } },
      responses: { 200: json(EventSchema, "The changed event"), ...errors(400, 401, 403, 404, 422) },
    }),
    async (c) => c.json(withUrl(await services.events.update(c.var.viewer, c.req.valid("param").id, c.req.valid("json"))), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/events/{id}/cancel",
      operationId: "cancelEvent",
      summary: "Cancel an event (its organiser or a coordinator); those coming are told",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(EventSchema, "The cancelled event"), ...errors(401, 403, 404, 409) },
    }),
    async (c) => c.json(withUrl(await services.events.cancel(c.var.viewer, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/events/{id}/rsvp",
      operationId: "rsvpEvent",
      summary: "Answer going, maybe or not going; going to a full event puts you on the waiting list",
      security: bearer,
      request: { params: IdParam, body: { required: true, content: { "application/json": { schema: rsvpInputSchema } } } },
      responses: {
        200: json(z.object({ status: z.enum(RSVP_STATUSES) }), "Your place: going, waitlisted, maybe or not_going"),
        ...errors(400, 401, 404, 409),
      },
    }),
    async (c) => c.json(await services.events.rsvp(c.var.viewer, c.req.valid("param").id, c.req.valid("json")), 200),
  );
}
