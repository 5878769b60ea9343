import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Session } from "../src/members/account.service.ts";

const COOKIE = "mycelium_session";

export function sessionSecret(c: Context): string | undefined {
  return getCookie(c, COOKIE);
}

/** HttpOnly so scripts cannot read it; SameSite=Lax so other sites cannot post with it. */
export function startSessionCookie(c: Context, session: Session, secure: boolean): void {
  setCookie(c, COOKIE, session.secret, {
    httpOnly: true,
    sameSite: "Lax",
    secure,
    path: "/",
    maxAge: 30 * 86_400,
  });
}

export function endSessionCookie(c: Context): void {
  deleteCookie(c, COOKIE, { path: "/" });
}
