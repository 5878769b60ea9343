import { createMiddleware } from "hono/factory";
import type { Member } from "../../src/members/member.service.ts";
import type { Services } from "../../src/services.ts";
import { UnauthenticatedError } from "../../src/errors.ts";

export type AuthEnv = { Variables: { member: Member } };

/** Requires `Authorization: Bearer TOKEN`; puts the token's member in `c.var.member`. */
export function requireMember(services: Services) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match === null) throw new UnauthenticatedError("Send an API token as `Authorization: Bearer TOKEN`.");
    c.set("member", await services.tokens.verify(match[1]!));
    await next();
  });
}
