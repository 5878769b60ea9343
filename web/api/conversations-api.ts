import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Viewer } from "../../src/members/viewer.ts";
import { postFieldsSchema } from "../../src/posts/post.schema.ts";
import type { Services } from "../../src/services.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";
import { PostSchema } from "./schemas.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

const ConversationSummarySchema = z
  .object({
    id: z.uuid(),
    channel: z.enum(["sms", "email", "web"]),
    language: z.string(),
    needsPerson: z.boolean(),
    stopped: z.boolean().openapi({ description: "The number sent STOP: nothing may be sent until START" }),
    lastMessage: z.string(),
    updatedAt: z.string(),
  })
  .openapi("ConversationSummary");

const ConversationSchema = ConversationSummarySchema.extend({
  address: z.string().openapi({ description: "The number (E.164) or e-mail address: private contact" }),
  messages: z.array(
    z.object({
      direction: z.enum(["inbound", "outbound"]),
      body: z.string(),
      at: z.string(),
      unanswered: z.boolean().openapi({ description: "Came in beyond the per-number limit: stored, not answered" }),
      failed: z.boolean().openapi({ description: "The provider refused to send it" }),
    }),
  ),
  posts: z.array(z.object({ postId: z.uuid(), code: z.string(), status: z.string() })),
  subject: z.string().nullable().openapi({ description: "An e-mail's subject" }),
  member: z.string().nullable().openapi({ description: "A member's e-mail reply to a notice: their username" }),
  aboutUrl: z.string().nullable().openapi({ description: "The page of the notice a member replied to" }),
  draft: z
    .object({
      kind: z.string().optional(),
      category: z.string().optional(),
      quantity: z.number().optional(),
      areaId: z.string().optional(),
    })
    .nullable()
    .openapi({ description: "What the grammar read so far, to start a post from" }),
  replyBy: z.enum(["sms", "email"]).nullable().openapi({ description: "How a reply would go out now; null when it cannot" }),
}).openapi("Conversation");

/** The person's number or address becomes the contact's phone or e-mail; a name or address may be added. */
const ConvertSchema = postFieldsSchema.omit({ onBehalfOfSomeoneElse: true });

/** The dispatcher queue (coordinators): listConversations, getConversation, replyToConversation, convertConversation. */
export function registerConversationOperations(app: OpenAPIHono<ApiEnv>, services: Services, origin: URL): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/conversations",
      operationId: "listConversations",
      summary: "Conversations (SMS, e-mail, the public 'I can help' form) waiting for a person, longest waiting first (coordinators)",
      security: bearer,
      responses: { 200: json(z.array(ConversationSummarySchema), "The queue"), ...errors(401, 403) },
    }),
    async (c) => c.json(await services.dispatcher.list(c.var.viewer), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/conversations/{id}",
      operationId: "getConversation",
      summary: "A conversation's thread, with its number or address (coordinators)",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(ConversationSchema, "The conversation"), ...errors(401, 403, 404) },
    }),
    async (c) => c.json(await services.dispatcher.get(c.var.viewer, c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/conversations/{id}/replies",
      operationId: "replyToConversation",
      summary: "Answer the conversation's person by SMS or e-mail, as they wrote, and take it off the queue (coordinators)",
      security: bearer,
      request: {
        params: IdParam,
        body: { required: true, content: { "application/json": { schema: z.object({ body: z.string() }) } } },
      },
      responses: { 200: json(ConversationSchema, "The conversation with the reply"), ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await services.dispatcher.reply(c.var.viewer, c.req.valid("param").id, c.req.valid("json").body), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/conversations/{id}/post",
      operationId: "convertConversation",
      summary:
        "Enter a post for the conversation's person (their number or address as private contact) and take it off the queue (coordinators)",
      security: bearer,
      request: { params: IdParam, body: { required: true, content: { "application/json": { schema: ConvertSchema } } } },
      responses: { 201: json(PostSchema, "The new post"), ...errors(400, 401, 403, 404, 422) },
    }),
    async (c) => {
      const post = await services.dispatcher.convert(c.var.viewer, c.req.valid("param").id, c.req.valid("json"));
      return c.json({ ...post, url: new URL(`/posts/${post.id}`, origin).href }, 201);
    },
  );
}
