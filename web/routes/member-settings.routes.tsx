import { type Context, Hono } from "hono";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { fieldErrors, readForm } from "../forms.ts";
import { AccountPage, MessagePage } from "../pages/account.tsx";
import { UnsubscribePage } from "../pages/member-settings.tsx";
import { requireSignedIn } from "./auth.ts";

/** A member's e-mail address, time zone and language (on the account page), and checking the address. */
export function memberSettingsRoutes(services: Services) {
  const app = new Hono<WebEnv>();
  const settings = services.memberSettings;
  const sent = (verificationSent: boolean) => (verificationSent ? "verifySent" : settings.emailEnabled ? "saved" : "mailOff");

  app.post("/account/settings", requireSignedIn, async (c) => {
    const values = await readForm(c);
    const orNull = (value: string | undefined) => (value === undefined || value.trim() === "" ? null : value.trim());
    try {
      const { member, verificationSent } = await settings.update(c.var.member, {
        email: orNull(values.email),
        timeZone: orNull(values.timeZone),
        language: orNull(values.language),
      });
      const waiting = member.email !== null && !member.emailVerified;
      return c.redirect(`/account?settings=${verificationSent ? "verifySent" : waiting ? sent(false) : "saved"}`, 303);
    } catch (error) {
      c.status(422);
      return c.render(
        <AccountPage
          errors={{}}
          notice={null}
          apps={await services.oauth.listAuthorized(c.var.member)}
          appRevoked={false}
          settings={{ values, errors: fieldErrors(error, c.var.t), state: null }}
        />,
        { title: c.var.t("account.title") },
      );
    }
  });

  app.post("/account/verify-email", requireSignedIn, async (c) => {
    return c.redirect(`/account?settings=${sent(await settings.resendVerification(c.var.member))}`, 303);
  });

  app.get("/verify-email/:token", async (c) => {
    await settings.verifyEmail(c.req.param("token"));
    return c.render(<MessagePage title={c.var.t("memberSettings.verifiedTitle")} message={c.var.t("memberSettings.verifiedText")} />, {
      title: c.var.t("memberSettings.verifiedTitle"),
    });
  });
  return app;
}

/**
 * One-click unsubscribe (RFC 8058). Mail programs POST to the List-Unsubscribe URL from
 * outside the site, so this must be mounted before the CSRF check; the signed token is the
 * authority. A GET (a person following the link) asks before doing anything, since link
 * scanners open every link in a message.
 */
export function unsubscribeRoutes(services: Services) {
  const app = new Hono<WebEnv>();
  const page = (c: Context<WebEnv>, kind: string, done: boolean) =>
    c.render(<UnsubscribePage kind={kind} done={done} />, { title: c.var.t("unsubscribe.title") });
  app.get("/unsubscribe/:token", (c) => page(c, "", false));
  app.post("/unsubscribe/:token", async (c) => page(c, await services.preferences.unsubscribe(c.req.param("token")), true));
  return app;
}
