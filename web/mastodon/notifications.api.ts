import { Hono } from "hono";
import { NotFoundError } from "../../src/errors.ts";
import type { MemberNotice } from "../../src/notifications/notification-feed.ts";
import type { Services } from "../../src/services.ts";
import { memberWithScope, type MastodonEnv } from "./auth.ts";
import { escapeHtml } from "../../src/text.ts";
import type { AccountJson } from "./entities/account.ts";
import { plainStatus } from "./entities/status.ts";
import { networkFacts } from "./network-facts.ts";
import { numberPage, setLinkHeader } from "./paging.ts";
import { many, readParams } from "./params.ts";

/**
 * A notice as a Mastodon Notification: a `mention` from the network's account carrying a
 * status whose text is the notice, the one type every app shows.
 */
function notificationJson(notice: MemberNotice, network: AccountJson, origin: URL) {
  const id = String(notice.number);
  const url = notice.url ?? new URL("/", origin).href;
  const createdAt = notice.createdAt.toISOString();
  return {
    id,
    type: "mention",
    group_key: `ungrouped-${id}`,
    created_at: createdAt,
    account: network,
    status: plainStatus({
      id,
      uri: url,
      url,
      account: network,
      content: `<p>${escapeHtml(notice.text)}</p>`,
      tags: [],
      language: null,
      visibility: "direct",
      createdAt,
      updatedAt: createdAt,
    }),
  };
}

const noticeNumber = (id: string) => {
  if (!/^\d{1,15}$/.test(id)) throw new NotFoundError("Record not found");
  return Number(id);
};

/** /api/v1/notifications, read from the NotificationFeed port. */
export function notificationsApi(services: Services, origin: URL) {
  const app = new Hono<MastodonEnv>();

  app.get("/api/v1/notifications", memberWithScope(services, "read:notifications"), async (c) => {
    const params = await readParams(c);
    // Every notice is a mention: asking for other types only, or excluding mentions, gets none.
    const types = many(params, "types");
    const wanted = (types.length === 0 || types.includes("mention")) && !many(params, "exclude_types").includes("mention");
    const page = numberPage(params);
    const notices = wanted
      ? await services.notificationFeed.list(c.var.member, {
          maxNumber: page.maxId,
          sinceNumber: page.sinceId,
          minNumber: page.minId,
          limit: page.limit,
        })
      : [];
    const { account } = await networkFacts(services, origin);
    const answer = notices.map((n) => notificationJson(n, account, origin));
    setLinkHeader(
      c,
      origin,
      answer.map((n) => n.id),
    );
    return c.json(answer);
  });

  app.get("/api/v1/notifications/:id", memberWithScope(services, "read:notifications"), async (c) => {
    const notice = await services.notificationFeed.get(c.var.member, noticeNumber(c.req.param("id")));
    if (notice === null) throw new NotFoundError("Record not found");
    return c.json(notificationJson(notice, (await networkFacts(services, origin)).account, origin));
  });

  app.post("/api/v1/notifications/clear", memberWithScope(services, "write:notifications"), async (c) => {
    await services.notificationFeed.clear(c.var.member);
    return c.json({});
  });

  app.post("/api/v1/notifications/:id/dismiss", memberWithScope(services, "write:notifications"), async (c) => {
    await services.notificationFeed.dismiss(c.var.member, noticeNumber(c.req.param("id")));
    return c.json({});
  });
  return app;
}
