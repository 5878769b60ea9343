import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { consentFields } from "./support/mastodon.ts";
import { makePerson, type Person } from "./support/people.ts";

/**
 * The calls three popular apps make when a member signs in and opens the main screen, in
 * order, with the bodies they send. Phanpy's come from its source (src/utils/auth.js:
 * form-encoded registration, PKCE, `scope` repeated in the token request); Elk's from its
 * use of masto.js (JSON registration, code exchange with the secret, no PKCE); Ivory is
 * closed source, so its sequence is the one Mastodon servers log for it (form registration
 * with a custom-scheme redirect, code exchange with the secret). None may fail.
 */
interface AppProfile {
  name: string;
  redirectUri: string;
  registerAs: "form" | "json";
  pkce: boolean;
  before: string[];
  after: string[];
}

const PROFILES: AppProfile[] = [
  {
    name: "Phanpy",
    redirectUri: "https://phanpy.social/",
    registerAs: "form",
    pkce: true,
    before: ["/api/v2/instance", "/api/v1/instance", "/.well-known/nodeinfo"],
    after: [
      "/api/v1/accounts/verify_credentials",
      "/api/v2/instance",
      "/api/v1/preferences",
      "/api/v1/timelines/home?limit=20",
      "/api/v1/markers?timeline[]=notifications",
      "/api/v1/notifications?limit=30",
      "/api/v1/announcements",
      "/api/v1/follow_requests",
      "/api/v1/lists",
      "/api/v1/followed_tags",
      "/api/v2/filters",
      "/api/v1/custom_emojis",
      "/api/v1/trends/tags",
      "/api/v1/timelines/public?local=true&limit=20",
    ],
  },
  {
    name: "Elk",
    redirectUri: "https://elk.zone/api/SERVER/oauth/https%3A%2F%2Felk.zone",
    registerAs: "json",
    pkce: false,
    before: ["/api/v2/instance", "/api/v1/instance"],
    after: [
      "/api/v1/accounts/verify_credentials",
      "/api/v2/instance",
      "/api/v1/custom_emojis",
      "/api/v2/filters",
      "/api/v1/preferences",
      "/api/v1/timelines/home?limit=20",
      "/api/v1/markers?timeline[]=home&timeline[]=notifications",
      "/api/v1/notifications?limit=20&types[]=mention",
      "/api/v1/conversations?limit=20",
      "/api/v1/lists",
      "/api/v1/followed_tags",
      "/api/v1/trends/statuses",
      "/api/v1/trends/tags",
      "/api/v1/timelines/tag/mutualaid",
    ],
  },
  {
    name: "Ivory for iOS",
    redirectUri: "com.tapbots.Ivory.19300:/request_token/4B0F3E51-8F2C-4E4A-8D2B-6A1F0C9E7D21",
    registerAs: "form",
    pkce: false,
    before: ["/api/v1/instance", "/api/v2/instance"],
    after: [
      "/api/v1/accounts/verify_credentials",
      "/api/v1/instance",
      "/api/v2/instance",
      "/api/v1/markers?timeline[]=home&timeline[]=notifications",
      "/api/v1/timelines/home?limit=40",
      "/api/v1/notifications?limit=40&exclude_types[]=follow_request",
      "/api/v2/filters",
      "/api/v1/lists",
      "/api/v1/followed_tags",
      "/api/v1/custom_emojis",
      "/api/v1/accounts/relationships?id[]=1",
      "/api/v1/accounts/1",
      "/api/v1/accounts/1/statuses?limit=40&exclude_replies=true",
    ],
  },
];

let instance: TestInstance;
let member: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  member = await makePerson(instance, "mona_member", "member");
  const author = (await instance.services.members.list()).find((m) => m.username === "mona_member")!;
  await instance.services.posts.create(author, { kind: "request", category: "food", title: "Bread for the shelter", area: "East side" });
}, 120_000);
afterAll(() => instance?.destroy());

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${instance.url}${path}`, { ...init, headers: { "user-agent": "replay", ...(init.headers as Record<string, string>) } });
}

async function signIn(app: AppProfile): Promise<string> {
  const scopes = "read write follow push";
  const registration = { client_name: app.name, redirect_uris: app.redirectUri, scopes, website: "https://app.example" };
  const registered = await call("/api/v1/apps", {
    method: "POST",
    headers: { "content-type": app.registerAs === "json" ? "application/json" : "application/x-www-form-urlencoded" },
    body: app.registerAs === "json" ? JSON.stringify(registration) : new URLSearchParams(registration).toString(),
  });
  expect(registered.status, `${app.name}: POST /api/v1/apps`).toBe(200);
  const { client_id, client_secret } = (await registered.json()) as { client_id: string; client_secret: string };

  const verifier = randomBytes(32).toString("base64url");
  const authorize = new URLSearchParams({ client_id, redirect_uri: app.redirectUri, response_type: "code", scope: scopes });
  if (app.pkce) {
    authorize.set("code_challenge_method", "S256");
    authorize.set("code_challenge", createHash("sha256").update(verifier).digest("base64url"));
  }
  const page = await member.web.get(`/oauth/authorize?${authorize}`);
  expect(page.status, `${app.name}: GET /oauth/authorize`).toBe(200);
  const allowed = await member.web.post("/oauth/authorize", { ...consentFields(await page.text()), decision: "allow" });
  const location = allowed.headers.get("location")!;
  expect(location.startsWith(`${app.redirectUri}?`), `${app.name}: sent back to the app's own URI, exactly as registered`).toBe(true);
  const back = new URL(location);

  const exchange = new URLSearchParams({
    client_id,
    redirect_uri: app.redirectUri,
    grant_type: "authorization_code",
    code: back.searchParams.get("code")!,
    scope: scopes,
  });
  if (app.pkce) exchange.set("code_verifier", verifier);
  else exchange.set("client_secret", client_secret);
  const token = await call("/oauth/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(app.redirectUri).origin },
    body: exchange.toString(),
  });
  expect(token.status, `${app.name}: POST /oauth/token`).toBe(200);
  return ((await token.json()) as { access_token: string }).access_token;
}

describe(`the sign-in sequences of Phanpy, Elk and Ivory (${testDriver})`, () => {
  for (const app of PROFILES) {
    it(`replays ${app.name}'s calls without a single failure`, async () => {
      for (const path of app.before) expect((await call(path)).status, `${app.name}: GET ${path} before sign-in`).toBe(200);
      const token = await signIn(app);
      for (const path of app.after) {
        const answer = await call(path, { headers: { authorization: `Bearer ${token}` } });
        expect(answer.status, `${app.name}: GET ${path}`).toBe(200);
        await answer.json();
      }
      const home = await (await call("/api/v1/timelines/home", { headers: { authorization: `Bearer ${token}` } })).json();
      expect(JSON.stringify(home)).toContain("Bread for the shelter");
      // Mastodon answers 404 to a push subscription that does not exist; apps expect that.
      const push = await call("/api/v1/push/subscription", { headers: { authorization: `Bearer ${token}` } });
      expect(push.status).toBe(404);
    });
  }
});
