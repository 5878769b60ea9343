import { type Context, Hono } from "hono";
import { InvalidInputError } from "../../src/errors.ts";
import { OUT_OF_BAND } from "../../src/oauth/oauth.service.ts";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { readForm } from "../forms.ts";
import { MessagePage } from "../pages/account.tsx";
import { AuthorizationCodePage, AuthorizePage } from "../pages/authorize.tsx";
import { problemText } from "../problem-text.ts";
import { requireSignedIn } from "../routes/auth.ts";

/** What an app's authorization request carries through the consent form. */
const REQUEST_FIELDS = ["response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method"];

/**
 * The page where a member lets a Mastodon app use their account. Someone not signed in
 * is sent to sign in and back. The page is an ordinary form of this site, so its POST
 * stays behind the CSRF check.
 */
export function authorizeRoutes(services: Services) {
  const app = new Hono<WebEnv>();

  app.get("/oauth/authorize", requireSignedIn, async (c) => {
    const fields = pick(c.req.query());
    const request = await checked(c, fields);
    if (request instanceof Response) return request;
    return c.render(<AuthorizePage request={request} fields={fields} />, { title: c.var.t("oauth.title", { app: request.app.name }) });
  });

  app.post("/oauth/authorize", requireSignedIn, async (c) => {
    const values = await readForm(c);
    const request = await checked(c, pick(values));
    if (request instanceof Response) return request;
    // Appended to the registered URI as written: parsing it would lower-case a custom
    // scheme (com.tapbots.Ivory…), which the app then might not recognise.
    const back = (params: Record<string, string>) => {
      const query = new URLSearchParams(params);
      if (request.state !== null) query.set("state", request.state);
      return c.redirect(`${request.redirectUri}${request.redirectUri.includes("?") ? "&" : "?"}${query}`, 303);
    };
    if (values.decision !== "allow") {
      if (request.redirectUri === OUT_OF_BAND) {
        const title = c.var.t("oauth.deniedTitle", { app: request.app.name });
        return c.render(<MessagePage title={title} message={c.var.t("oauth.deniedHint")} />, { title });
      }
      return back({ error: "access_denied" });
    }
    const code = await services.oauth.grantCode(c.var.member, request);
    if (request.redirectUri === OUT_OF_BAND) {
      return c.render(<AuthorizationCodePage app={request.app.name} code={code} />, {
        title: c.var.t("oauth.codeTitle", { app: request.app.name }),
      });
    }
    return back({ code });
  });

  /** A request that cannot be answered is explained here, never bounced to an unchecked address. */
  async function checked(c: Context<WebEnv>, fields: Record<string, string>) {
    try {
      return await services.oauth.checkAuthorization(fields);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      c.status(400);
      const title = c.var.t("oauth.invalidTitle");
      return c.render(<MessagePage title={title} message={problemText(c.var.t, error.message)} />, { title });
    }
  }

  return app;
}

function pick(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(REQUEST_FIELDS.filter((k) => values[k] !== undefined).map((k) => [k, values[k]!]));
}
