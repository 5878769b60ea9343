import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { toCurrentMemberView, updateCurrentMemberSchema } from "../../src/members/member-settings.service.ts";
import { requireMember, type Viewer } from "../../src/members/viewer.ts";
import type { Services } from "../../src/services.ts";
import { LANGUAGES, type Language } from "../i18n.ts";
import { bearer, errors, json } from "./openapi-helpers.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

const CurrentMemberSchema = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string().nullable(),
    role: z.enum(["member", "coordinator", "admin"]),
    email: z.string().nullable().openapi({ description: "Private: shown to the member and admins only" }),
    emailVerified: z.boolean().openapi({ description: "Notices go by e-mail only to a verified address" }),
    emailFailing: z.boolean().openapi({ description: "Its mail server refused it for good; change or verify it again" }),
    timeZone: z.string().nullable(),
    language: z.string().nullable(),
  })
  .openapi("CurrentMember");

/** The member the token belongs to: getCurrentMember, updateCurrentMember. */
export function registerMeOperations(app: OpenAPIHono<ApiEnv>, services: Services) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/me",
      operationId: "getCurrentMember",
      summary: "The member the token belongs to, with their own (private) settings",
      security: bearer,
      responses: { 200: json(CurrentMemberSchema, "The member"), ...errors(401) },
    }),
    (c) => c.json(toCurrentMemberView(requireMember(c.var.viewer)), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/me",
      operationId: "updateCurrentMember",
      summary: "Changes the member's e-mail address (a new one is sent a link to verify it; null removes it), time zone or language",
      security: bearer,
      request: {
        body: {
          required: true,
          content: { "application/json": { schema: updateCurrentMemberSchema(Object.keys(LANGUAGES) as [Language, ...Language[]]) } },
        },
      },
      responses: {
        200: json(
          CurrentMemberSchema.extend({ verificationSent: z.boolean() }),
          "The member as changed, and whether a verification link went out",
        ),
        ...errors(400, 401, 422),
      },
    }),
    async (c) => {
      const { member, verificationSent } = await services.memberSettings.update(c.var.viewer, c.req.valid("json"));
      return c.json({ ...member, verificationSent }, 200);
    },
  );
}
