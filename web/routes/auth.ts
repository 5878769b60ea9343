import { createMiddleware } from "hono/factory";
import { ForbiddenError } from "../../src/errors.ts";
import { activeMember, isAdmin, isCoordinator } from "../../src/members/viewer.ts";
import type { WebEnv } from "../env.ts";

/** Pages for members: the public is sent to sign in, and back here afterwards. */
export const requireSignedIn = createMiddleware<WebEnv>(async (c, next) => {
  const member = activeMember(c.var.viewer);
  if (member === null) {
    const here = new URL(c.req.url);
    return c.redirect(`/sign-in?next=${encodeURIComponent(here.pathname + here.search)}`, 303);
  }
  c.set("member", member);
  await next();
});

export const requireCoordinator = createMiddleware<WebEnv>(async (c, next) => {
  if (!isCoordinator(c.var.viewer)) throw new ForbiddenError(c.var.t("errors.coordinatorsOnly"));
  c.set("member", activeMember(c.var.viewer)!);
  await next();
});

export const requireAdmin = createMiddleware<WebEnv>(async (c, next) => {
  if (!isAdmin(c.var.viewer)) throw new ForbiddenError(c.var.t("errors.adminsOnly"));
  c.set("member", activeMember(c.var.viewer)!);
  await next();
});
