import { Hono } from "hono";
import { NotFoundError } from "../../src/errors.ts";
import type { Services } from "../../src/services.ts";
import { type MastodonEnv, memberWithScope, optionalMember } from "./auth.ts";

/**
 * Features Mycelium does not have, which apps still ask for on their main screens: each
 * answers as Mastodon does when there is nothing (an empty list), after the same token and
 * scope check, so no app crashes or shows an error.
 */
const EMPTY_FOR_MEMBERS: [path: string, scope: string][] = [
  ["/api/v1/filters", "read:filters"],
  ["/api/v2/filters", "read:filters"],
  ["/api/v1/lists", "read:lists"],
  ["/api/v1/announcements", "read"],
  ["/api/v1/followed_tags", "read:follows"],
  ["/api/v1/conversations", "read:statuses"],
  ["/api/v1/bookmarks", "read:bookmarks"],
  ["/api/v1/favourites", "read:favourites"],
  ["/api/v1/blocks", "read:blocks"],
  ["/api/v1/mutes", "read:mutes"],
  ["/api/v1/domain_blocks", "read:blocks"],
  ["/api/v1/follow_requests", "read:follows"],
  ["/api/v1/endorsements", "read:accounts"],
  ["/api/v1/featured_tags", "read:accounts"],
  ["/api/v1/scheduled_statuses", "read:statuses"],
  ["/api/v1/suggestions", "read"],
  ["/api/v2/suggestions", "read"],
  ["/api/v1/timelines/list/:id", "read:lists"],
];

const EMPTY_FOR_ANYONE = ["/api/v1/trends", "/api/v1/trends/tags", "/api/v1/trends/statuses", "/api/v1/trends/links", "/api/v1/directory"];

export function emptyApi(services: Services) {
  const app = new Hono<MastodonEnv>();
  for (const [path, scope] of EMPTY_FOR_MEMBERS) app.get(path, memberWithScope(services, scope), (c) => c.json([]));
  for (const path of EMPTY_FOR_ANYONE) app.get(path, (c) => c.json([]));
  app.get("/api/v2/search", optionalMember(services, "read:search"), (c) => c.json({ accounts: [], statuses: [], hashtags: [] }));
  // Mastodon answers 404 when the member has no push subscription.
  app.get("/api/v1/push/subscription", memberWithScope(services, "push"), () => {
    throw new NotFoundError("Record not found");
  });
  return app;
}
