import { createMiddleware } from "hono/factory";
import { ForbiddenError, UnauthenticatedError } from "../../src/errors.ts";
import type { Member } from "../../src/members/member.service.ts";
import type { TokenGrant } from "../../src/oauth/oauth.service.ts";
import { scopeCovers } from "../../src/oauth/scopes.ts";
import type { Services } from "../../src/services.ts";

export type MastodonEnv = {
  Variables: {
    /** The token's grant; null when the call came without one (public endpoints only). */
    grant: TokenGrant;
    /** The member the token speaks for, on endpoints that need one. */
    member: Member;
  };
};

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match === null ? null : match[1]!;
}

/** A valid OAuth token is required (a member's or the app's own). */
export const bearerGrant = (services: Services) =>
  createMiddleware<MastodonEnv>(async (c, next) => {
    const token = bearer(c.req.header("authorization"));
    if (token === null) throw new UnauthenticatedError("The access token is invalid");
    c.set("grant", await services.oauth.verify(token));
    await next();
  });

/**
 * A member's token holding `scope` (or the broader scope it is part of). Mastodon answers
 * 401 without a usable token and 403 when the token lacks the scope.
 */
export const memberWithScope = (services: Services, scope: string) =>
  createMiddleware<MastodonEnv>(async (c, next) => {
    const token = bearer(c.req.header("authorization"));
    if (token === null) throw new UnauthenticatedError("The access token is invalid");
    const grant = await services.oauth.verify(token);
    if (grant.member === null) throw new UnauthenticatedError("This method requires an authenticated user");
    if (!scopeCovers(grant.scopes, scope)) throw new ForbiddenError("This action is outside the authorized scopes");
    c.set("grant", grant);
    c.set("member", grant.member);
    await next();
  });

/**
 * Public endpoints: without a token the caller is the public; a token, when sent, must be
 * valid and hold `scope`, and then the member sees what they may see.
 */
export const optionalMember = (services: Services, scope: string) =>
  createMiddleware<MastodonEnv & { Variables: { viewer: Member | null } }>(async (c, next) => {
    const token = bearer(c.req.header("authorization"));
    if (token === null) {
      c.set("viewer", null);
    } else {
      const grant = await services.oauth.verify(token);
      if (!scopeCovers(grant.scopes, scope)) throw new ForbiddenError("This action is outside the authorized scopes");
      c.set("grant", grant);
      c.set("viewer", grant.member);
    }
    await next();
  });
