import { Hono } from "hono";
import type { Services } from "../../src/services.ts";
import { SOFTWARE_VERSION } from "../../src/version.ts";
import { LANGUAGES } from "../i18n.ts";
import type { MastodonEnv } from "./auth.ts";
import { networkFacts } from "./network-facts.ts";

/** What this server is, for apps that ask before signing in (Mastodon 4.3's shape). */
export const MASTODON_VERSION = `4.3.0 (compatible; Mycelium ${SOFTWARE_VERSION})`;
/** A status is a post's title and details; the longest text a post may hold. */
export const MAX_CHARACTERS = 5000;

const statusLimits = { max_characters: MAX_CHARACTERS, max_media_attachments: 0, characters_reserved_per_url: 23 };
const mediaLimits = {
  supported_mime_types: [],
  image_size_limit: 0,
  image_matrix_limit: 0,
  video_size_limit: 0,
  video_frame_rate_limit: 0,
  video_matrix_limit: 0,
};
const pollLimits = { max_options: 0, max_characters_per_option: 0, min_expiration: 300, max_expiration: 300 };

export function instanceApi(services: Services, origin: URL) {
  const app = new Hono<MastodonEnv>();
  const streaming = `${origin.protocol === "https:" ? "wss" : "ws"}://${origin.host}`;
  // Mastodon lists ISO 639-1 codes: pt-BR is "pt".
  const languages = [...new Set(Object.keys(LANGUAGES).map((code) => code.split("-")[0]!))];

  app.get("/api/v2/instance", async (c) => {
    const { profile, account, stats } = await networkFacts(services, origin);
    return c.json({
      domain: origin.host,
      title: profile.name,
      version: MASTODON_VERSION,
      // Mycelium has no public source address configured; its own site is the honest answer.
      source_url: new URL("/", origin).href,
      description: profile.summary,
      usage: { users: { active_month: stats.activeMembers } },
      thumbnail: { url: account.header },
      icon: [],
      languages,
      configuration: {
        urls: { streaming, status: null, about: new URL("/", origin).href, privacy_policy: null, terms_of_service: null },
        vapid: { public_key: "" },
        accounts: { max_featured_tags: 0, max_pinned_statuses: 0 },
        statuses: statusLimits,
        media_attachments: { ...mediaLimits, image_matrix_limit: 0, description_limit: 0 },
        polls: pollLimits,
        translation: { enabled: false },
      },
      registrations: { enabled: true, approval_required: true, message: null, url: new URL("/join", origin).href },
      api_versions: { mastodon: 2 },
      contact: { email: "", account },
      rules: [],
    });
  });

  app.get("/api/v1/instance", async (c) => {
    const { profile, account, stats } = await networkFacts(services, origin);
    return c.json({
      uri: origin.host,
      title: profile.name,
      short_description: profile.summary,
      description: profile.summary,
      email: "",
      version: MASTODON_VERSION,
      urls: { streaming_api: streaming },
      stats: { user_count: stats.activeMembers, status_count: stats.publicPosts, domain_count: 0 },
      thumbnail: account.header,
      languages,
      registrations: true,
      approval_required: true,
      invites_enabled: true,
      configuration: {
        accounts: { max_featured_tags: 0 },
        statuses: statusLimits,
        media_attachments: mediaLimits,
        polls: pollLimits,
      },
      contact_account: account,
      rules: [],
    });
  });

  app.get("/api/v1/instance/peers", (c) => c.json([]));
  app.get("/api/v1/instance/activity", (c) => c.json([]));
  app.get("/api/v1/instance/rules", (c) => c.json([]));
  app.get("/api/v1/instance/extended_description", async (c) => {
    const { profile } = await networkFacts(services, origin);
    return c.json({ updated_at: new Date(0).toISOString(), content: profile.summary });
  });
  app.get("/api/v1/custom_emojis", (c) => c.json([]));
  return app;
}
