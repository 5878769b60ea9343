import { z } from "@hono/zod-openapi";
import { CATEGORIES, POST_KINDS, STATUSES, URGENCIES, VISIBILITIES } from "../../src/posts/post.schema.ts";

// Response shapes of the JSON API, documented in /api/openapi.json.

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ example: "Invalid input" }),
    fields: z
      .record(z.string(), z.string())
      .optional()
      .openapi({ description: "Each bad field, and why", example: { title: "use at least 3 characters" } }),
    limit: z.string().optional().openapi({ description: "On a 429: the limit reached", example: "password_failures_per_account" }),
    retryAfterSeconds: z.number().int().optional().openapi({ description: "On a 429: when to try again (also the Retry-After header)" }),
  })
  .openapi("Error");

const ContactSchema = z.object({
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  notes: z.string().nullable(),
});

export const PostSchema = z
  .object({
    id: z.uuid(),
    url: z.url().openapi({ description: "The post's page" }),
    kind: z.enum(POST_KINDS),
    category: z.enum(CATEGORIES),
    title: z.string(),
    details: z.string(),
    quantity: z.number().int().nullable(),
    unit: z.string().nullable(),
    urgency: z.enum(URGENCIES),
    area: z.string().openapi({ description: "The service area's name" }),
    approxLocation: z
      .object({ latitude: z.number(), longitude: z.number() })
      .nullable()
      .openapi({ description: "At most a point snapped to about 1 km" }),
    neededBy: z.string().nullable().openapi({ description: "Requests only (YYYY-MM-DD)" }),
    availableUntil: z.string().nullable().openapi({ description: "Offers only (YYYY-MM-DD)" }),
    language: z.string(),
    visibility: z.enum(VISIBILITIES),
    status: z.enum(STATUSES),
    createdAt: z.string(),
    updatedAt: z.string(),
    expiresAt: z.string().openapi({ description: "When the post expires unless renewed" }),
    author: z
      .object({ displayName: z.string() })
      .nullable()
      .openapi({ description: "Only for an offer whose author chose to show their name; never for a request" }),
    hidden: z.boolean().openapi({ description: "Hidden by the safety team pending review; only coordinators see such a post" }),
    canEdit: z.boolean(),
    mine: z.boolean(),
    private: z
      .object({
        authorUsername: z.string().nullable(),
        enteredForSomeoneElse: z.boolean(),
        contact: ContactSchema.nullable(),
      })
      .nullable()
      .openapi({ description: "Who the post is from and how to reach them: coordinators and the author only" }),
  })
  .openapi("Post");

export const PostPageSchema = z
  .object({
    items: z.array(PostSchema),
    page: z.number().int(),
    perPage: z.number().int(),
    total: z.number().int(),
  })
  .openapi("PostPage");

export const AreaSchema = z.object({ id: z.uuid(), name: z.string() }).openapi("ServiceArea");

export const TokenSchema = z.object({ token: z.string(), id: z.uuid(), expiresAt: z.string() }).openapi("Token");

const FollowStateSchema = z.enum(["pending", "accepted", "rejected"]).nullable();

export const NetworkSchema = z
  .object({
    id: z.uuid(),
    actor: z.url().openapi({ description: "The network's actor URL" }),
    handle: z.string().nullable(),
    name: z.string().nullable(),
    type: z.string().openapi({ description: "ActivityPub actor type (Group for a network)" }),
    follower: FollowStateSchema.openapi({ description: "Their follow of us" }),
    following: FollowStateSchema.openapi({ description: "Our follow of them" }),
    sibling: z.boolean().openapi({ description: "Accepted both ways" }),
  })
  .openapi("Network");

export const SiblingPostSchema = z
  .object({
    id: z.uuid(),
    origin: z.object({ actor: z.url(), name: z.string().nullable(), handle: z.string().nullable() }),
    kind: z.enum(POST_KINDS),
    category: z.enum(CATEGORIES),
    title: z.string(),
    details: z.string(),
    urgency: z.enum(URGENCIES),
    area: z.string(),
    quantity: z.number().int().nullable(),
    unit: z.string().nullable(),
    untilDate: z.string().nullable(),
    status: z.enum(STATUSES),
    visibility: z.enum(["public", "members"]),
    url: z.string().nullable().openapi({ description: "The post's page on its own network" }),
    publishedAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("SiblingPost");

export const SiblingEventSchema = z
  .object({
    id: z.uuid(),
    origin: z.object({ actor: z.url(), name: z.string().nullable(), handle: z.string().nullable() }),
    title: z.string(),
    description: z.string().openapi({ description: "Plain text" }),
    startsAt: z.string(),
    endsAt: z.string().nullable(),
    place: z.string().nullable(),
    address: z.string().nullable().openapi({ description: "Only when its organiser made it public" }),
    capacity: z.number().int().nullable(),
    remainingCapacity: z.number().int().nullable(),
    online: z.boolean(),
    status: z.enum(["confirmed", "cancelled"]),
    url: z.string().nullable().openapi({ description: "The event's page on its own network" }),
  })
  .openapi("SiblingEvent");
