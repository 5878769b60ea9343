import { type Context, Hono } from "hono";
import { DomainError, RateLimitedError, UnauthenticatedError } from "../../src/errors.ts";
import type { Session } from "../../src/members/account.service.ts";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { fieldErrors, readForm } from "../forms.ts";
import {
  type AccountNotice,
  AccountPage,
  InvitePage,
  JoinPage,
  JoinRequestedPage,
  MessagePage,
  SetPasswordPage,
  SignInPage,
} from "../pages/account.tsx";
import type { SettingsState } from "../pages/member-settings.tsx";
import { problemText } from "../problem-text.ts";
import { endSessionCookie, sessionSecret, startSessionCookie } from "../session.ts";
import { requireSignedIn } from "./auth.ts";

/** Signing in and out, joining, invitations, and passwords. */
export function accountRoutes(services: Services, secureCookies: boolean) {
  const app = new Hono<WebEnv>();
  // A member with the network's agreements still to accept reads them (and the welcome) first,
  // unless they were on their way somewhere: asking for help never waits for this.
  const signedIn = async (c: Context<WebEnv>, session: Session, next = "/") => {
    startSessionCookie(c, session, secureCookies);
    const target = safeNext(next);
    const orientation = target === "/" && (await services.orientation.needsAcceptance(session.member));
    return c.redirect(orientation ? "/welcome" : target, 303);
  };

  app.get("/sign-in", (c) =>
    c.render(<SignInPage values={{}} errors={{}} next={safeNext(c.req.query("next"))} />, { title: c.var.t("signIn.title") }),
  );

  app.post("/sign-in", async (c) => {
    const values = await readForm(c);
    try {
      const session = await services.accounts.signIn(values.username ?? "", values.password ?? "", c.var.clientAddress);
      return signedIn(c, session, values.next);
    } catch (error) {
      // A refusal for too many attempts is the error page's to show (429 with Retry-After).
      if (!(error instanceof DomainError) || error instanceof RateLimitedError) throw error;
      c.status(error instanceof UnauthenticatedError ? 401 : 403);
      const message = error instanceof UnauthenticatedError ? c.var.t("signIn.failed") : problemText(c.var.t, error.message);
      return c.render(<SignInPage values={{ username: values.username ?? "" }} errors={{ form: message }} next={safeNext(values.next)} />, {
        title: c.var.t("signIn.title"),
      });
    }
  });

  app.post("/sign-out", async (c) => {
    const secret = sessionSecret(c);
    if (secret) await services.accounts.signOut(secret);
    endSessionCookie(c);
    return c.redirect("/", 303);
  });

  app.get("/join", (c) => c.render(<JoinPage values={{}} errors={{}} />, { title: c.var.t("join.title") }));

  app.post("/join", async (c) => {
    const values = await readForm(c);
    try {
      await services.accounts.requestToJoin(
        {
          username: values.username ?? "",
          displayName: values.displayName,
          password: values.password ?? "",
          message: values.message,
        },
        c.var.clientAddress,
      );
      return c.render(<JoinRequestedPage />, { title: c.var.t("join.requestedTitle") });
    } catch (error) {
      if (error instanceof RateLimitedError) throw error;
      c.status(422);
      return c.render(<JoinPage values={values} errors={fieldErrors(error, c.var.t)} />, { title: c.var.t("join.title") });
    }
  });

  app.get("/invite/:token", async (c) => {
    const { role } = await services.accounts.checkInvite(c.req.param("token"));
    return c.render(<InvitePage values={{}} errors={{}} role={role} action={c.req.path} />, { title: c.var.t("invite.title") });
  });

  app.post("/invite/:token", async (c) => {
    const values = await readForm(c);
    const token = c.req.param("token");
    try {
      const session = await services.accounts.acceptInvite(token, {
        username: values.username ?? "",
        displayName: values.displayName,
        password: values.password ?? "",
      });
      return signedIn(c, session);
    } catch (error) {
      const { role } = await services.accounts.checkInvite(token);
      c.status(422);
      return c.render(<InvitePage values={values} errors={fieldErrors(error, c.var.t)} role={role} action={c.req.path} />, {
        title: c.var.t("invite.title"),
      });
    }
  });

  app.get("/set-password/:token", async (c) => {
    const member = await services.accounts.checkSetPasswordLink(c.req.param("token"));
    return c.render(<SetPasswordPage errors={{}} username={member.username} action={c.req.path} />, {
      title: c.var.t("setPassword.title"),
    });
  });

  app.post("/set-password/:token", async (c) => {
    const values = await readForm(c);
    const token = c.req.param("token");
    try {
      const session = await services.accounts.setPasswordWithLink(token, values.password ?? "");
      // A reset that ended other sign-ins or tokens says so; a first password just goes to the board.
      const endedAnything = session.ended.sessions + session.ended.tokens > 0;
      return signedIn(c, session, endedAnything ? "/account?reset=1" : "/");
    } catch (error) {
      const member = await services.accounts.checkSetPasswordLink(token).catch(() => null);
      if (member === null) {
        return c.render(<MessagePage title={c.var.t("setPassword.title")} message={problemText(c.var.t, (error as Error).message)} />, {
          title: c.var.t("setPassword.title"),
        });
      }
      c.status(422);
      return c.render(<SetPasswordPage errors={fieldErrors(error, c.var.t)} username={member.username} action={c.req.path} />, {
        title: c.var.t("setPassword.title"),
      });
    }
  });

  app.get("/account", requireSignedIn, async (c) =>
    c.render(
      <AccountPage
        errors={{}}
        notice={accountNotice(c.req.query())}
        apps={await services.oauth.listAuthorized(c.var.member)}
        appRevoked={c.req.query("revoked") === "1"}
        settings={{ errors: {}, state: settingsState(c.req.query("settings")) }}
        checklists={await services.orientation.checklistsFor(c.var.member)}
        contributions={await services.appreciation.contributions(c.var.viewer)}
      />,
      { title: c.var.t("account.title") },
    ),
  );

  // Takes back a Mastodon app's access: every token it holds for this member stops working.
  app.post("/account/apps/:id/revoke", requireSignedIn, async (c) => {
    await services.oauth.revokeAuthorized(c.var.member, c.req.param("id"));
    return c.redirect("/account?revoked=1", 303);
  });

  app.post("/account/password", requireSignedIn, async (c) => {
    const values = await readForm(c);
    try {
      await services.accounts.changePassword(c.var.member, values.currentPassword ?? "", values.newPassword ?? "", sessionSecret(c));
      return c.redirect("/account?changed=1", 303);
    } catch (error) {
      c.status(422);
      const apps = await services.oauth.listAuthorized(c.var.member);
      return c.render(<AccountPage errors={fieldErrors(error, c.var.t)} notice={null} apps={apps} appRevoked={false} />, {
        title: c.var.t("account.title"),
      });
    }
  });

  return app;
}

function accountNotice(query: Record<string, string>): AccountNotice {
  if (query.changed === "1") return "changed";
  return query.reset === "1" ? "reset" : null;
}

function settingsState(value: string | undefined): SettingsState {
  return value === "saved" || value === "verifySent" || value === "mailOff" ? value : null;
}

/**
 * Only paths on this site: a sign-in link must not bounce anyone to another one. The
 * value is resolved as a browser would (dropping tabs and newlines, reading "\\" as "/",
 * collapsing "/./"), and the path it resolves to must itself stay here when a browser
 * reads it again from the Location header: "/.//evil.example" resolves to the path
 * "//evil.example", which a browser takes for another host.
 */
function safeNext(next: string | undefined): string {
  if (next === undefined || !next.startsWith("/")) return "/";
  const base = new URL("http://this.site");
  const resolved = new URL(next, base);
  const path = `${resolved.pathname}${resolved.search}`;
  const reread = new URL(path, base);
  return resolved.origin === base.origin && reread.origin === base.origin && reread.pathname === resolved.pathname ? path : "/";
}
