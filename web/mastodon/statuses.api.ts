import { Hono } from "hono";
import { InvalidFieldsError, NotFoundError } from "../../src/errors.ts";
import type { Visibility } from "../../src/posts/post.schema.ts";
import type { Services } from "../../src/services.ts";
import { STATUS_FORMAT } from "../../src/timeline/status-text.ts";
import { languageFromHeader, translatorFor } from "../i18n.ts";
import { problemText, translatedFields } from "../problem-text.ts";
import { type MastodonEnv, memberWithScope, optionalMember } from "./auth.ts";
import { statusJson } from "./entities/status.ts";
import { networkFacts } from "./network-facts.ts";
import { many, one, readParams } from "./params.ts";

/** Mastodon's visibilities in ours (the reverse of MASTODON_VISIBILITY). */
const VISIBILITY_OF: Record<string, Visibility> = { public: "public", unlisted: "members", private: "coordinators" };

/** A status id names nothing unless it is digits (ours are); anything else is simply not found. */
export function statusNumber(id: string): number {
  if (!/^\d{1,15}$/.test(id)) throw new NotFoundError("Record not found");
  return Number(id);
}

/** One status and its (always empty) thread: replies to posts reach coordinators only. */
export function statusesApi(services: Services, origin: URL) {
  const app = new Hono<MastodonEnv>();

  app.get("/api/v1/statuses/:id", optionalMember(services, "read:statuses"), async (c) => {
    const entry = await services.timelines.status(c.var.viewer, statusNumber(c.req.param("id")));
    const { account: network, profile } = await networkFacts(services, origin);
    return c.json(statusJson(entry, { origin, profile, network }));
  });

  app.get("/api/v1/statuses/:id/context", optionalMember(services, "read:statuses"), async (c) => {
    await services.timelines.status(c.var.viewer, statusNumber(c.req.param("id")));
    return c.json({ ancestors: [], descendants: [] });
  });

  // A status with #request or #offer and a category hashtag becomes a post.
  app.post("/api/v1/statuses", memberWithScope(services, "write:statuses"), async (c) => {
    const params = await readParams(c);
    // Said in the app's language (Accept-Language), as the rest of the API answers.
    const t = translatorFor(languageFromHeader(c.req.header("accept-language")));
    const refuse = (error: string) => c.json({ error: problemText(t, error) }, 422);
    if (many(params, "media_ids").length > 0) return refuse("Posts cannot carry pictures or files yet: send the text alone.");
    if (one(params, "poll[options]") !== undefined || many(params, "poll[options]").length > 0) return refuse("Posts cannot be polls.");
    if (one(params, "in_reply_to_id")) return refuse("Replies are not posts: start a new status with #request or #offer.");
    const visibility = VISIBILITY_OF[one(params, "visibility") ?? "unlisted"];
    if (visibility === undefined)
      return refuse("Choose public (everyone), unlisted (members) or private (coordinators); direct messages are not posts.");
    const language = one(params, "language") || undefined;
    try {
      const entry = await services.timelines.postStatus(c.var.member, { text: one(params, "status") ?? "", visibility, language });
      const { account: network, profile } = await networkFacts(services, origin);
      return c.json(statusJson(entry, { origin, profile, network }));
    } catch (error) {
      if (!(error instanceof InvalidFieldsError)) throw error;
      if (error.fields.status !== undefined) return refuse(error.fields.status);
      const reasons = Object.entries(translatedFields(t, error.fields)).map(([field, reason]) => `${field}: ${reason}`);
      return c.json({ error: `${problemText(t, STATUS_FORMAT)} (${reasons.join("; ")})` }, 422);
    }
  });

  for (const list of ["reblogged_by", "favourited_by"]) {
    app.get(`/api/v1/statuses/:id/${list}`, optionalMember(services, "read:statuses"), async (c) => {
      await services.timelines.status(c.var.viewer, statusNumber(c.req.param("id")));
      return c.json([]);
    });
  }
  return app;
}
