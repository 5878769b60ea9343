import { Hono } from "hono";
import type { Member } from "../../src/members/member.service.ts";
import type { Services } from "../../src/services.ts";
import { memberWithScope, type MastodonEnv } from "./auth.ts";
import { credentialAccount, type AccountCounts } from "./entities/account.ts";

/** The signed-in member's own account and settings, as apps read them at sign-in. */
export function accountsApi(services: Services, origin: URL) {
  const app = new Hono<MastodonEnv>();

  const counts = async (member: Member): Promise<AccountCounts> => {
    const mine = await services.posts.listMine(member, 1, 1);
    const newest = mine.items[0];
    return { statuses: mine.total, lastStatusAt: newest ? new Date(newest.createdAt) : null };
  };

  // Mastodon lets the identity-only `profile` scope read this too.
  app.get("/api/v1/accounts/verify_credentials", memberWithScope(services, "read:accounts:me"), async (c) =>
    c.json(credentialAccount(c.var.member, origin, await counts(c.var.member))),
  );

  app.get("/api/v1/preferences", memberWithScope(services, "read:accounts"), (c) =>
    c.json({
      "posting:default:visibility": "unlisted",
      "posting:default:sensitive": false,
      "posting:default:language": null,
      "reading:expand:media": "default",
      "reading:expand:spoilers": false,
      "reading:autoplay:gifs": false,
    }),
  );
  return app;
}
