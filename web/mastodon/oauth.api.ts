import { type Context, Hono } from "hono";
import { cors } from "hono/cors";
import { InvalidInputError } from "../../src/errors.ts";
import { OAuthError } from "../../src/oauth/oauth.errors.ts";
import type { OAuthApp } from "../../src/oauth/oauth.service.ts";
import { TOP_SCOPES } from "../../src/oauth/scopes.ts";
import type { Services } from "../../src/services.ts";
import { languageFromHeader, translatorFor } from "../i18n.ts";
import { problemText } from "../problem-text.ts";
import { bearerGrant, type MastodonEnv } from "./auth.ts";
import { flat, many, one, type Params, readParams } from "./params.ts";

/**
 * The OAuth endpoints Mastodon apps call: registering an app, exchanging a code or the
 * app's own credentials for a token, revoking it, and the server metadata (RFC 8414).
 * Other sites' apps post here, so these sit outside the web pages' CSRF check; none of
 * them reads the session cookie.
 */
export function oauthApi(services: Services, origin: URL) {
  const app = new Hono<MastodonEnv>();
  app.use("/oauth/token", cors());
  app.use("/oauth/revoke", cors());
  app.use("/.well-known/oauth-authorization-server", cors());

  app.post("/api/v1/apps", async (c) => {
    const params = await readParams(c);
    const redirectUris = many(params, "redirect_uris")
      .flatMap((uri) => uri.split(/\s+/))
      .filter(Boolean);
    const { app: registered, clientSecret } = await services.oauth.registerApp({
      clientName: one(params, "client_name") ?? "",
      redirectUris,
      scopes: one(params, "scopes"),
      website: one(params, "website"),
      tokenEndpointAuthMethod: one(params, "token_endpoint_auth_method"),
    });
    return c.json({
      ...applicationJson(registered),
      client_id: registered.clientId,
      ...(clientSecret === null ? {} : { client_secret: clientSecret, client_secret_expires_at: 0 }),
    });
  });

  app.get("/api/v1/apps/verify_credentials", bearerGrant(services), (c) => c.json(applicationJson(c.var.grant.app)));

  app.post("/oauth/token", async (c) => {
    const params = withBasicAuth(c, await readParams(c));
    const grantType = params.grant_type;
    const issued =
      grantType === "authorization_code"
        ? await services.oauth.exchangeCode(params)
        : grantType === "client_credentials"
          ? await services.oauth.clientCredentials(params)
          : (() => {
              throw new OAuthError("unsupported_grant_type", "Use authorization_code or client_credentials.");
            })();
    c.header("cache-control", "no-store");
    return c.json({
      access_token: issued.token,
      token_type: "Bearer",
      scope: issued.scopes.join(" "),
      created_at: Math.floor(issued.createdAt.getTime() / 1000),
    });
  });

  app.post("/oauth/revoke", async (c) => {
    await services.oauth.revoke(withBasicAuth(c, await readParams(c)));
    return c.json({});
  });

  app.get("/.well-known/oauth-authorization-server", (c) => {
    const at = (path: string) => new URL(path, origin).href;
    return c.json({
      issuer: at("/"),
      service_documentation: "https://docs.joinmastodon.org/",
      authorization_endpoint: at("/oauth/authorize"),
      token_endpoint: at("/oauth/token"),
      app_registration_endpoint: at("/api/v1/apps"),
      revocation_endpoint: at("/oauth/revoke"),
      scopes_supported: [...TOP_SCOPES, "read:accounts", "read:statuses", "read:notifications", "write:statuses", "write:notifications"],
      response_types_supported: ["code"],
      response_modes_supported: ["query"],
      code_challenge_methods_supported: ["S256"],
      grant_types_supported: ["authorization_code", "client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
    });
  });

  // OAuth clients read `error` as a code (RFC 6749 §5.2), which stays as it is, and `error_description` as words for
  // a person, in the language the client asks for; the rest of the API answers its own way.
  app.onError((error, c) => {
    const description = () => problemText(translatorFor(languageFromHeader(c.req.header("accept-language"))), error.message);
    if (error instanceof OAuthError)
      return c.json({ error: error.code, error_description: description() }, error.code === "invalid_client" ? 401 : 400);
    if (error instanceof InvalidInputError && c.req.path.startsWith("/oauth/")) {
      return c.json({ error: "invalid_request", error_description: description() }, 400);
    }
    throw error;
  });
  return app;
}

/** The Application entity as Mastodon 4.3 shows it (without the secret). */
export function applicationJson(app: OAuthApp) {
  return {
    id: app.id,
    name: app.name,
    website: app.website,
    scopes: app.scopes.split(" "),
    redirect_uri: app.redirectUris.join("\n"),
    redirect_uris: app.redirectUris,
  };
}

/** Client credentials may come as HTTP Basic (client_secret_basic) rather than in the body. */
function withBasicAuth(c: Context, params: Params): Record<string, string | undefined> {
  const fields = flat(params);
  const match = /^Basic\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
  if (match === null) return fields;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw new OAuthError("invalid_client", "The Basic credentials are malformed.");
  return {
    ...fields,
    client_id: decodeURIComponent(decoded.slice(0, colon)),
    client_secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}
