import type { Federation } from "@fedify/fedify";
import { type Context, Hono } from "hono";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { jsxRenderer } from "hono/jsx-renderer";
import { languageDetector } from "hono/language";
import { routePath } from "hono/route";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { SmsProviderConfig } from "../src/config.ts";
import { DomainError, RateLimitedError, unreachable } from "../src/errors.ts";
import { isNulCharacterError, loggable, logger } from "../src/logging.ts";
import { activeMember } from "../src/members/viewer.ts";
import type { Services } from "../src/services.ts";
import { createApiApp } from "./api/api-app.ts";
import { limitBody } from "./body-limit.ts";
import { clientAddressMiddleware } from "./client-address.ts";
import { Layout } from "./components/layout.tsx";
import type { WebEnv } from "./env.ts";
import { fedifyMiddleware } from "./fedify-middleware.ts";
import {
  DEFAULT_LANGUAGE,
  LANGUAGES,
  type Language,
  languageFromHeader,
  supportedLanguage,
  type Translate,
  translatorFor,
} from "./i18n.ts";
import { INBOX_PATHS, inboxGuard } from "./inbox-guard.ts";
import { inboxRateLimit } from "./inbox-limit.ts";
import { authorizeRoutes } from "./mastodon/authorize.routes.tsx";
import { mastodonApi } from "./mastodon/mastodon-api.ts";
import { type OpsDeps, opsRoutes } from "./ops.ts";
import { MessagePage } from "./pages/account.tsx";
import { problemBody, problemText } from "./problem-text.ts";
import { PublicAnswers } from "./public-answers.ts";
import { accountRoutes } from "./routes/account.routes.tsx";
import { adminRoutes } from "./routes/admin.routes.tsx";
import { boardRoutes } from "./routes/board.routes.tsx";
import { booksRoutes } from "./routes/books.routes.tsx";
import { caseRoutes } from "./routes/cases.routes.tsx";
import { crisisRoutes } from "./routes/crises.routes.tsx";
import { decisionRoutes } from "./routes/decisions.routes.tsx";
import { dispatchRoutes } from "./routes/dispatch.routes.tsx";
import { emailWebhookRoutes } from "./routes/email-webhook.ts";
import { eventRoutes } from "./routes/events.routes.tsx";
import { groupRoutes } from "./routes/groups.routes.tsx";
import { handbookRoutes } from "./routes/handbook.routes.tsx";
import { matchRoutes } from "./routes/matches.routes.tsx";
import { memberSettingsRoutes, unsubscribeRoutes } from "./routes/member-settings.routes.tsx";
import { networkRoutes } from "./routes/networks.routes.tsx";
import { notificationRoutes } from "./routes/notifications.routes.tsx";
import { orientationRoutes } from "./routes/orientation.routes.tsx";
import { postRoutes } from "./routes/posts.routes.tsx";
import { reportRoutes } from "./routes/reports.routes.tsx";
import { serverBlockRoutes } from "./routes/server-blocks.routes.tsx";
import { smsCardRoutes } from "./routes/sms-card.routes.tsx";
import { smsWebhookRoutes } from "./routes/sms-webhooks.ts";
import { webAppRoutes } from "./routes/web-app.routes.ts";
import { securityHeaders } from "./security-headers.ts";
import { sessionSecret } from "./session.ts";

const log = logger("web");

/** JSON and forms: no field comes near it. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Receipts for the books (5 MB) come with a form around them. */
const MAX_UPLOAD_BYTES = 6 * 1024 * 1024;
const UPLOAD_PATHS = /^\/(books|books\/[^/]+\/receipt|api\/ledger\/[^/]+\/receipt)$/;

/** The web app hands ActivityPub requests to Fedify without knowing what its context holds. */
export interface WebAppDeps<TData> {
  federation: Federation<TData>;
  federationData: () => TData;
  services: Services;
  origin: URL;
  /** The network's language (NETWORK_LANGUAGE), for browsers that ask for none of ours. */
  defaultLanguage?: Language;
  ops: OpsDeps;
  /** How many reverse proxies' X-Forwarded-For entries to trust (TRUST_PROXY). */
  trustedProxies: number;
  /** The SMS provider whose webhook to serve (its secret checks the signatures); null for none. */
  smsProvider?: SmsProviderConfig | null;
  /** INBOUND_EMAIL_SECRET: serve POST /webhooks/email, signed with it; null for none. */
  emailWebhookSecret?: string | null;
}

export function createWebApp<TData>({
  federation,
  federationData,
  services,
  origin,
  defaultLanguage = DEFAULT_LANGUAGE,
  ops,
  trustedProxies,
  smsProvider = null,
  emailWebhookSecret = null,
}: WebAppDeps<TData>): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // The matched pattern (/posts/:id), never the raw path: one series per route, not per post.
    // Catch-alls (ActivityPub answered by Fedify's middleware, not-found pages) share one label.
    const matched = routePath(c);
    const route = matched === "" || matched === "*" || matched === "/*" ? "other" : matched;
    ops.metrics.observeRequest(c.req.method, route, c.res.status, (performance.now() - started) / 1000);
  });
  // A request that changes nothing reads the version of the settings, crises and areas
  // kept in memory once, however many of them it reads (src/shared-state.ts).
  app.use((c, next) => (c.req.method === "GET" || c.req.method === "HEAD" ? services.shared.withinRead(next) : next()));
  app.use(securityHeaders(origin));
  app.route("/", opsRoutes(ops));
  app.use(clientAddressMiddleware(trustedProxies));
  // Per sending server first (cheapest), then size, depth and signature, then Fedify.
  const limitInbox = inboxRateLimit((sender) => services.limiter.take(services.limits.inboxPerServer, sender));
  const guard = inboxGuard(federation, federationData, (signer) => services.serverBlocks.isBlocked(signer));
  for (const path of INBOX_PATHS) app.use(path, limitInbox, guard);
  // Raw e-mails may carry attachments (dropped, but read): this webhook has its own, larger cap.
  if (services.emailIntake !== null && emailWebhookSecret !== null) {
    app.route("/", emailWebhookRoutes(services.emailIntake, emailWebhookSecret));
  }
  // Bodies are capped before anything reads them (and before authentication): an endless
  // upload is cut off at the limit, with or without a Content-Length.
  const limitRequest = limitBody(MAX_BODY_BYTES, `A request body may be at most ${MAX_BODY_BYTES / 1024 / 1024} MB.`);
  const limitUpload = limitBody(MAX_UPLOAD_BYTES, "A receipt may be at most 5 MB.");
  app.use((c, next) => (c.req.method === "POST" && UPLOAD_PATHS.test(c.req.path) ? limitUpload : limitRequest)(c, next));
  // Providers post cross-site: their webhooks sit before the CSRF check, behind their signatures.
  if (services.sms !== null && smsProvider !== null) app.route("/", smsWebhookRoutes(services.sms, smsProvider, origin));
  // The public's most read answers come from memory while nothing they show has changed
  // (public-answers.ts): the outbox's pages and the network's actor here, before Fedify;
  // `listPosts`, the board and a post's page below. The actor shows only the settings (which
  // the versions follow) and this process's keys, and every server a post goes to fetches it
  // to check our signature: making it afresh (JSON-LD compaction) was 8% of a fan-out to new
  // servers.
  const publicAnswers = new PublicAnswers(services.shared);
  app.use(
    "/actors/:identifier/outbox",
    publicAnswers.middleware((c) => `outbox ${c.req.header("accept") ?? ""} ${c.req.url}`),
  );
  app.use(
    "/actors/:identifier",
    publicAnswers.middleware((c) => {
      const accept = c.req.header("accept") ?? "";
      // A browser is sent on to the board; only ActivityPub's answers are kept.
      return accept.includes("json") ? `actor ${accept} ${c.req.url}` : null;
    }),
  );
  app.use(fedifyMiddleware(federation, federationData));
  // Mastodon's API (/api/v1, /api/v2) and OAuth come before the project's own /api, whose
  // token check would otherwise refuse Mastodon tokens; they are posted from other sites'
  // apps, so they sit before the CSRF check too.
  app.route("/", mastodonApi(services, origin));
  app.use(
    "/api/posts",
    publicAnswers.middleware((c) => (c.req.header("authorization") === undefined ? `api ${c.req.url}` : null)),
  );
  app.route("/api", createApiApp(services, origin));

  // The language: ?lang= (the switch), then the remembered choice, then Accept-Language.
  app.use(
    languageDetector({
      supportedLanguages: Object.keys(LANGUAGES),
      fallbackLanguage: defaultLanguage,
      order: ["querystring", "cookie", "header"],
      lookupQueryString: "lang",
      // `pt` and `pt-PT` readers get `pt-BR`, as `es-MX` readers get `es`.
      convertDetectedLanguage: (tag) => supportedLanguage(tag) ?? tag,
      lookupCookie: "lang",
      caches: ["cookie"],
      cookieOptions: { sameSite: "Lax", secure: origin.protocol === "https:", maxAge: 365 * 86_400, httpOnly: true, path: "/" },
    }),
  );
  app.use(async (c, next) => {
    c.set("t", translatorFor(c.var.language));
    const secret = sessionSecret(c);
    const viewer = secret ? await services.accounts.sessionMember(secret) : null;
    c.set("viewer", viewer);
    const [unread, profile, crises, agreementsPending] = await Promise.all([
      activeMember(viewer) === null ? 0 : services.notifications.unreadCount(viewer),
      services.settings.profile(),
      services.crises.active(),
      services.orientation.needsAcceptance(viewer),
    ]);
    c.set("unreadNotifications", unread);
    c.set("profile", profile);
    c.set("activeCrises", crises);
    c.set("agreementsPending", agreementsPending);
    c.set("origin", origin);
    await next();
  });
  // The renderer comes first so that a refused cross-site form still gets its error page.
  app.use(jsxRenderer(({ children, title }) => <Layout title={title}>{children}</Layout>, { docType: true }));
  // Before the CSRF check: mail programs post here from outside (RFC 8058).
  app.route("/", unsubscribeRoutes(services));
  // Forms post only from our own pages (the session cookie is SameSite=Lax as well).
  app.use(csrf({ origin: origin.origin }));

  app.use(
    "/",
    publicAnswers.middleware((c) => (c.var.viewer === null ? `board ${c.var.language} ${c.req.url}` : null)),
  );
  // A post's page is the link shared on Mastodon and elsewhere: a surge of readers comes to one post.
  app.use(
    "/posts/:id",
    publicAnswers.middleware((c) => (c.var.viewer === null ? `post ${c.var.language} ${c.req.url}` : null)),
  );
  app.route("/", boardRoutes(services));
  app.route("/", postRoutes(services));
  app.route("/", accountRoutes(services, origin.protocol === "https:"));
  app.route("/", adminRoutes(services));
  app.route("/", booksRoutes(services));
  app.route("/", networkRoutes(services));
  app.route("/", crisisRoutes(services));
  app.route("/", eventRoutes(services));
  app.route("/", matchRoutes(services));
  app.route("/", authorizeRoutes(services));
  app.route("/", notificationRoutes(services));
  app.route("/", webAppRoutes(services));
  app.route("/", memberSettingsRoutes(services));
  // Before the reports' /safety/:id, which would take /safety/blocks and /safety/cases for a report's id.
  app.route("/", serverBlockRoutes(services));
  app.route("/", caseRoutes(services));
  app.route("/", reportRoutes(services));
  app.route("/", dispatchRoutes(services));
  app.route("/", decisionRoutes(services));
  // Before the handbook's /handbook/:slug, which would take /handbook/settings for a page.
  app.route("/", orientationRoutes(services));
  app.route("/", handbookRoutes(services));
  app.route("/", groupRoutes(services));
  // The network's own number when Twilio's is known; a gateway phone's number is not.
  app.route("/", smsCardRoutes(services, smsProvider?.name === "twilio" ? smsProvider.from : null));

  // A browser (or anything not asking for ActivityPub) that opens the network's actor URL
  // gets the network's page; any other actor path is a 404, never an empty 200.
  app.get("/actors/:identifier", (c) => (c.req.param("identifier") === services.settings.handle ? c.redirect("/", 303) : notFound(c)));

  app.notFound(notFound);
  app.onError((error, c) => {
    if (error instanceof DomainError) return problem(c, statusOf(error), error);
    if (isNulCharacterError(error)) return problem(c, 400, new Error("Text must not contain NUL characters."));
    // Hono's own 4xx, e.g. a JSON body that does not parse.
    if (error instanceof HTTPException && error.status < 500) return problem(c, error.status as ContentfulStatusCode, error);
    log.error("Unhandled error on {method} {path}: {error}", { method: c.req.method, path: c.req.path, error: loggable(error) });
    return problem(c, 500, new Error("Something went wrong on our side."));
  });
  return app;
}

/** The one place a domain error becomes an HTTP status; a new kind does not compile until mapped here. */
function statusOf(error: DomainError): ContentfulStatusCode {
  switch (error.kind) {
    case "invalid_input":
      return 400;
    case "unauthenticated":
      return 401;
    case "forbidden":
      return 403;
    case "not_found":
      return 404;
    case "conflict":
      return 409;
    case "invalid_fields":
      return 422;
    case "rate_limited":
      return 429;
    // The OAuth endpoints answer these in OAuth's own shape; anywhere else they are a bad request.
    case "oauth":
      return 400;
    default:
      return unreachable(error.kind);
  }
}

function wantsJson(c: Context): boolean {
  return c.req.path.startsWith("/api/") || !(c.req.header("accept") ?? "").includes("text/html");
}

function notFound(c: Context<WebEnv>) {
  if (wantsJson(c) || c.var.t === undefined) return c.json({ error: readerT(c)("problems.notFound") }, 404);
  c.status(404);
  return c.render(<MessagePage title={c.var.t("errors.notFoundTitle")} message={c.var.t("errors.notFound")} />, {
    title: c.var.t("errors.notFoundTitle"),
  });
}

function problem(c: Context<WebEnv>, status: ContentfulStatusCode, error: Error) {
  if (error instanceof RateLimitedError) c.header("Retry-After", String(error.retryAfterSeconds));
  if (wantsJson(c) || c.var.t === undefined) return c.json(problemBody(readerT(c), error), status);
  c.status(status);
  const title = c.var.t(status === 500 ? "errors.serverTitle" : "errors.title");
  return c.render(<MessagePage title={title} message={pageMessage(c, error)} />, { title });
}

/** The page's translator; the JSON API (before the language switch) answers by Accept-Language. */
function readerT(c: Context<WebEnv>): Translate {
  return c.var.t ?? translatorFor(languageFromHeader(c.req.header("accept-language")));
}

/** A domain message in the page's language where the catalogue knows it (see problem-text.ts). */
function pageMessage(c: Context<WebEnv>, error: Error): string {
  if (error instanceof RateLimitedError) {
    return c.var.t("errors.rateLimited", { count: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) });
  }
  return problemText(c.var.t, error.message, c.var.viewer?.timeZone);
}
