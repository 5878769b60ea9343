import { Hono, type Context } from "hono";
import type { Services } from "../../src/services.ts";
import type { TimelineEntry } from "../../src/timeline/timeline.service.ts";
import { memberWithScope, optionalMember, type MastodonEnv } from "./auth.ts";
import { statusJson } from "./entities/status.ts";
import { networkFacts } from "./network-facts.ts";
import { setLinkHeader, numberPage } from "./paging.ts";
import { readParams } from "./params.ts";

/** Answers a page of statuses with the Link header apps page by. */
export async function statusPage(c: Context, services: Services, origin: URL, entries: TimelineEntry[]) {
  const { account: network, profile } = await networkFacts(services, origin);
  const statuses = entries.map((entry) => statusJson(entry, { origin, profile, network }));
  setLinkHeader(
    c,
    origin,
    statuses.map((s) => s.id),
  );
  return c.json(statuses);
}

/** Home, public and hashtag timelines. */
export function timelinesApi(services: Services, origin: URL) {
  const app = new Hono<MastodonEnv>();

  app.get("/api/v1/timelines/home", memberWithScope(services, "read:statuses"), async (c) =>
    statusPage(c, services, origin, await services.timelines.home(c.var.member, numberPage(await readParams(c)))),
  );

  // Public posts only, with or without a token: what anyone may read on the board.
  app.get("/api/v1/timelines/public", optionalMember(services, "read:statuses"), async (c) =>
    statusPage(c, services, origin, await services.timelines.publicTimeline(c.var.viewer, numberPage(await readParams(c)))),
  );

  app.get("/api/v1/timelines/tag/:tag", optionalMember(services, "read:statuses"), async (c) =>
    statusPage(c, services, origin, await services.timelines.tag(c.var.viewer, c.req.param("tag"), numberPage(await readParams(c)))),
  );
  return app;
}
