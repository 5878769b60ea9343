import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { UnauthenticatedError } from "../../src/errors.ts";
import type { Viewer } from "../../src/members/viewer.ts";
import { postEditSchema, postFieldsSchema } from "../../src/posts/post.schema.ts";
import type { PostView } from "../../src/posts/post.view.ts";
import type { Services } from "../../src/services.ts";
import { SOFTWARE_VERSION } from "../../src/version.ts";
import { clientAddressOf } from "../client-address.ts";
import { languageFromHeader, translatorFor } from "../i18n.ts";
import { problemText } from "../problem-text.ts";
import { boardQuerySchema } from "../routes/board.routes.tsx";
import { registerCaseOperations } from "./cases-api.ts";
import { registerConversationOperations } from "./conversations-api.ts";
import { registerCrisisOperations } from "./crises-api.ts";
import { registerDashboardOperations } from "./dashboard-api.ts";
import { registerDecisionOperations } from "./decisions-api.ts";
import { registerEventOperations } from "./events-api.ts";
import { registerHandbookOperations } from "./handbook-api.ts";
import { registerLedgerOperations } from "./ledger-api.ts";
import { registerMatchOperations } from "./matches-api.ts";
import { registerMeOperations } from "./me-api.ts";
import { registerNetworkOperations } from "./networks-api.ts";
import {
  registerNotificationOperations,
  registerPreferenceOperations,
  registerPushOperations,
  registerWatchOperations,
} from "./notifications-api.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";
import { registerReportOperations } from "./reports-api.ts";
import { registerResponseOperations } from "./responses-api.ts";
import { AreaSchema, PostPageSchema, PostSchema, TokenSchema } from "./schemas.ts";
import { registerServerBlockOperations } from "./server-blocks-api.ts";
import { registerThanksOperations } from "./thanks-api.ts";
import { registerWorkingGroupOperations } from "./working-groups-api.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

/**
 * The JSON API. Requests are validated by the same zod schemas the domain uses, and the
 * OpenAPI document at /api/openapi.json is generated from them.
 */
export function createApiApp(services: Services, origin: URL) {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const t = translatorFor(languageFromHeader(c.req.header("accept-language")));
      const fields: Record<string, string> = {};
      for (const issue of result.error.issues) fields[issue.path.join(".") || "body"] ??= problemText(t, issue.message);
      // Text of the right shape that the text rule refuses (invisible, control characters) is
      // an unacceptable value, like the domain's refusals: 422. Anything malformed: 400.
      const unacceptable = result.error.issues.every((issue) => issue.code === "custom" && issue.params?.unacceptableText === true);
      return c.json({ error: t("problems.invalidInput"), fields }, unacceptable ? 422 : 400);
    },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A token from `npm run cli -- token USERNAME` or from createToken",
  });

  // A token, when sent, must be good; without one the caller is the public.
  app.use(
    createMiddleware<ApiEnv>(async (c, next) => {
      const header = c.req.header("authorization");
      if (header === undefined) {
        c.set("viewer", null);
      } else {
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        if (match === null) throw new UnauthenticatedError("Send the token as `Authorization: Bearer TOKEN`.");
        c.set("viewer", await services.tokens.verify(match[1]!));
      }
      await next();
    }),
  );

  const withUrl = (post: PostView) => ({ ...post, url: new URL(`/posts/${post.id}`, origin).href });

  registerMeOperations(app, services);

  app.openapi(
    createRoute({
      method: "post",
      path: "/tokens",
      operationId: "createToken",
      summary: "Sign in with a username and password and get an API token",
      request: {
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({
                username: z.string().min(1),
                password: z.string().min(1),
                label: z.string().trim().min(1).max(100).default("api"),
                days: z.number().int().min(1).max(366).default(30),
              }),
            },
          },
        },
      },
      responses: { 201: json(TokenSchema, "A new token"), ...errors(400, 401, 403, 429) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const { member } = await services.accounts.signIn(body.username, body.password, clientAddressOf(c));
      const { token, record } = await services.tokens.issue(member, { days: body.days, label: body.label });
      return c.json({ token, id: record.id, expiresAt: record.expiresAt.toISOString() }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/areas",
      operationId: "listAreas",
      summary: "The network's service areas",
      responses: { 200: json(z.array(AreaSchema), "Every area") },
    }),
    async (c) =>
      c.json(
        (await services.areas.list()).map((a) => ({ id: a.id, name: a.name })),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/posts",
      operationId: "listPosts",
      summary: "Offers and requests, most urgent and newest first. Without a token: public posts only.",
      security: [...bearer, {}],
      request: {
        query: boardQuerySchema.extend({
          perPage: z.coerce.number().int().min(1).max(100).optional(),
        }),
      },
      responses: { 200: json(PostPageSchema, "A page of posts"), ...errors(400, 401) },
    }),
    async (c) => {
      const { q, ...query } = c.req.valid("query");
      const page = await services.posts.list(c.var.viewer, { ...query, text: q });
      return c.json({ ...page, items: page.items.map((p) => withUrl(p)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/posts",
      operationId: "createPost",
      summary: "Post an offer or a request",
      security: bearer,
      request: { body: { required: true, content: { "application/json": { schema: postFieldsSchema } } } },
      responses: { 201: json(PostSchema, "The new post"), ...errors(400, 401, 403, 422, 429) },
    }),
    async (c) => {
      const post = await services.posts.create(c.var.viewer, c.req.valid("json"));
      return c.json(withUrl(post), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/posts/{id}",
      operationId: "getPost",
      summary: "One post",
      security: [...bearer, {}],
      request: { params: IdParam },
      responses: { 200: json(PostSchema, "The post"), ...errors(401, 404) },
    }),
    async (c) => c.json(withUrl(await services.posts.get(c.var.viewer, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/posts/{id}",
      operationId: "updatePost",
      summary: "Change a post's fields, withdraw it, mark it fulfilled, reopen or renew it",
      security: bearer,
      request: {
        params: IdParam,
        body: { required: true, content: { "application/json": { schema: postEditSchema } } },
      },
      responses: { 200: json(PostSchema, "The changed post"), ...errors(400, 401, 403, 404, 422) },
    }),
    async (c) => {
      const post = await services.posts.update(c.var.viewer, c.req.valid("param").id, c.req.valid("json"));
      return c.json(withUrl(post), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/posts/{id}",
      operationId: "deletePost",
      summary: "Delete a post for good (its author or a coordinator); other servers are told to drop it",
      security: bearer,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...errors(401, 403, 404) },
    }),
    async (c) => {
      await services.posts.delete(c.var.viewer, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  for (const [action, operationId, summary] of [
    [
      "hide",
      "hidePost",
      "Hide a post pending the safety team's review (coordinators): it leaves the board, the API, the feeds and other servers",
    ],
    ["restore", "restorePost", "Restore a hidden post everywhere it was (coordinators)"],
  ] as const) {
    app.openapi(
      createRoute({
        method: "post",
        path: `/posts/{id}/${action}`,
        operationId,
        summary,
        security: bearer,
        request: { params: IdParam },
        responses: { 200: json(PostSchema, "The post"), ...errors(401, 403, 404, 409) },
      }),
      async (c) => c.json(withUrl(await services.posts[action](c.var.viewer, c.req.valid("param").id)), 200),
    );
  }

  registerNetworkOperations(app, services);
  registerCrisisOperations(app, services);
  registerLedgerOperations(app, services);
  registerResponseOperations(app, services);
  registerMatchOperations(app, services, origin);
  registerDashboardOperations(app, services);
  registerNotificationOperations(app, services);
  registerPreferenceOperations(app, services);
  registerWatchOperations(app, services);
  registerReportOperations(app, services);
  registerServerBlockOperations(app, services);
  registerCaseOperations(app, services);
  registerConversationOperations(app, services, origin);
  registerPushOperations(app, services);
  registerDecisionOperations(app, services);
  registerWorkingGroupOperations(app, services);
  registerThanksOperations(app, services);
  registerEventOperations(app, services, origin);
  registerHandbookOperations(app, services);

  app.doc31("/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: { title: "Mycelium API", version: SOFTWARE_VERSION, description: "Offers and requests of one mutual aid network." },
    servers: [{ url: new URL("/api", c.req.url).href }],
  }));

  return app;
}
