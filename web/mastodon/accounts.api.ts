import { Hono } from "hono";
import { NotFoundError } from "../../src/errors.ts";
import type { Member } from "../../src/members/member.service.ts";
import type { Services } from "../../src/services.ts";
import { type MastodonEnv, memberWithScope, optionalMember } from "./auth.ts";
import { type AccountCounts, credentialAccount, memberAccount, siblingAccount } from "./entities/account.ts";
import { networkFacts } from "./network-facts.ts";
import { numberPage } from "./paging.ts";
import { many, one, readParams } from "./params.ts";
import { statusPage } from "./timelines.api.ts";

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
  app.get("/api/v1/accounts/relationships", memberWithScope(services, "read:follows"), async (c) => {
    const ids = many(await readParams(c), "id");
    // Mycelium has no follows between people: every relationship is "none".
    return c.json(ids.map((id) => relationshipJson(id)));
  });

  app.get("/api/v1/accounts/lookup", optionalMember(services, "read:accounts"), async (c) => {
    const acct = (one(await readParams(c), "acct") ?? "").replace(/^@/, "");
    const { profile, account } = await networkFacts(services, origin);
    if (acct !== profile.handle && acct !== `${profile.handle}@${origin.host}`) throw new NotFoundError("Record not found");
    return c.json(account);
  });

  app.get("/api/v1/accounts/:id", optionalMember(services, "read:accounts"), async (c) => {
    const ref = await services.timelines.account(c.var.viewer, accountNumber(c.req.param("id")));
    if (ref.kind === "network") return c.json((await networkFacts(services, origin)).account);
    if (ref.kind === "self") return c.json(memberAccount(ref.member, origin, await counts(ref.member)));
    return c.json(siblingAccount(ref.network, origin));
  });

  app.get("/api/v1/accounts/:id/statuses", optionalMember(services, "read:statuses"), async (c) => {
    const params = await readParams(c);
    const ref = await services.timelines.account(c.var.viewer, accountNumber(c.req.param("id")));
    // No post is pinned, has media or is a reply.
    const nothing = ["pinned", "only_media"].some((flag) => one(params, flag) === "true") || one(params, "tagged") !== undefined;
    const entries = nothing ? [] : await services.timelines.accountStatuses(c.var.viewer, ref, numberPage(params));
    return statusPage(c, services, origin, entries);
  });

  for (const list of ["followers", "following", "featured_tags", "lists"]) {
    app.get(`/api/v1/accounts/:id/${list}`, optionalMember(services, "read:accounts"), async (c) => {
      await services.timelines.account(c.var.viewer, accountNumber(c.req.param("id")));
      return c.json([]);
    });
  }
  return app;
}

const accountNumber = (id: string) => {
  if (!/^\d{1,15}$/.test(id)) throw new NotFoundError("Record not found");
  return Number(id);
};

function relationshipJson(id: string) {
  return {
    id,
    following: false,
    showing_reblogs: false,
    notifying: false,
    languages: null,
    followed_by: false,
    blocking: false,
    blocked_by: false,
    muting: false,
    muting_notifications: false,
    requested: false,
    requested_by: false,
    domain_blocking: false,
    endorsed: false,
    note: "",
  };
}
