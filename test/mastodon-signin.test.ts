import { createRestAPIClient } from "masto";
import generator from "megalodon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { CredentialAccount, InstanceV1, InstanceV2, Markers, Preferences } from "./support/mastodon-entities.ts";
import { mastodon, signInWithApp } from "./support/mastodon.ts";
import { makePerson, type Person } from "./support/people.ts";

let instance: TestInstance;
let member: Person;
let token: string;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  member = await makePerson(instance, "mona_member", "member", "Mona");
  token = await signInWithApp(instance, member);
});
afterAll(() => instance?.destroy());

/** The endpoints apps probe for features Mycelium lacks: each must answer an empty list. */
const EMPTY_LISTS = [
  "/api/v1/filters",
  "/api/v2/filters",
  "/api/v1/lists",
  "/api/v1/announcements",
  "/api/v1/followed_tags",
  "/api/v1/conversations",
  "/api/v1/bookmarks",
  "/api/v1/favourites",
  "/api/v1/blocks",
  "/api/v1/mutes",
  "/api/v1/domain_blocks",
  "/api/v1/follow_requests",
  "/api/v1/endorsements",
  "/api/v1/featured_tags",
  "/api/v1/scheduled_statuses",
  "/api/v2/suggestions",
  "/api/v1/trends/tags",
  "/api/v1/trends/statuses",
  "/api/v1/trends/links",
  "/api/v1/instance/peers",
  "/api/v1/custom_emojis",
];

describe(`what Mastodon apps read at sign-in (${testDriver})`, () => {
  it("describes the server in Mastodon 4.3's instance shapes, v1 and v2, without a token", async () => {
    const v2 = await mastodon(instance, "/api/v2/instance");
    expect(v2.status).toBe(200);
    const parsed = InstanceV2.parse(v2.body);
    expect(parsed).toMatchObject({
      domain: new URL(instance.url).host,
      title: "eastside mutual aid",
      version: expect.stringMatching(/^4\.3\.0 \(compatible; Mycelium /),
      api_versions: { mastodon: 2 },
      registrations: { enabled: true, approval_required: true, url: `${instance.url}/join` },
    });
    expect(parsed.contact.account).toMatchObject({ id: "1", username: "eastside", group: true });
    expect(v2.headers.get("access-control-allow-origin")).toBe("*");

    const v1 = await mastodon(instance, "/api/v1/instance");
    expect(InstanceV1.parse(v1.body).stats.user_count).toBeGreaterThanOrEqual(1);
    const avatar = await fetch(parsed.contact.account!.avatar);
    expect(avatar.headers.get("content-type")).toBe("image/png");
    expect((await avatar.arrayBuffer()).byteLength).toBeGreaterThan(50);
  });

  it("shows the signed-in member their own account with its source, and nobody else's", async () => {
    const me = await mastodon(instance, "/api/v1/accounts/verify_credentials", { token });
    expect(me.status).toBe(200);
    expect(CredentialAccount.parse(me.body)).toMatchObject({
      username: "mona_member",
      acct: "mona_member",
      display_name: "Mona",
      group: false,
    });
    const anonymous = await mastodon(instance, "/api/v1/accounts/verify_credentials");
    expect(anonymous).toMatchObject({ status: 401, body: { error: "The access token is invalid" } });
  });

  it("lets an identity-only (profile) token read the member's account but nothing else", async () => {
    const profileOnly = await signInWithApp(instance, member, { scope: "profile" });
    expect((await mastodon(instance, "/api/v1/accounts/verify_credentials", { token: profileOnly })).status).toBe(200);
    const prefs = await mastodon(instance, "/api/v1/preferences", { token: profileOnly });
    expect(prefs).toMatchObject({ status: 403, body: { error: "This action is outside the authorized scopes" } });
  });

  it("answers preferences and keeps reading markers between apps, bumping the version on each save", async () => {
    expect(Preferences.parse((await mastodon(instance, "/api/v1/preferences", { token })).body)).toBeTruthy();
    const form = await fetch(`${instance.url}/api/v1/markers`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
      body: "home[last_read_id]=12345",
    });
    expect(form.status).toBe(200);
    const first = Markers.parse(await form.json()).home!;
    expect(first.last_read_id).toBe("12345");

    const otherApp = await signInWithApp(instance, member, { scope: "read write" });
    const again = await mastodon(instance, "/api/v1/markers", {
      token: otherApp,
      method: "POST",
      body: { home: { last_read_id: "12399" } },
    });
    expect(Markers.parse(again.body).home).toMatchObject({ last_read_id: "12399", version: first.version + 1 });
    const read = await mastodon(instance, "/api/v1/markers?timeline[]=home&timeline[]=notifications", { token });
    expect(Markers.parse(read.body)).toEqual({ home: again.body.home });

    const bad = await mastodon(instance, "/api/v1/markers", { token, method: "POST", body: { home: { last_read_id: "abc" } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain("home[last_read_id]");
  });

  it("refuses to save a marker with a read-only token (403), and anything without one (401)", async () => {
    const readOnly = await signInWithApp(instance, member, { scope: "read" });
    const refused = await mastodon(instance, "/api/v1/markers", { token: readOnly, method: "POST", body: { home: { last_read_id: "1" } } });
    expect(refused).toMatchObject({ status: 403, body: { error: "This action is outside the authorized scopes" } });
    for (const path of EMPTY_LISTS.filter((p) => !p.includes("trends") && !p.includes("instance") && !p.includes("emojis"))) {
      const answer = await mastodon(instance, path);
      expect(answer.status, path).toBe(401);
      expect(answer.body, path).toEqual({ error: "The access token is invalid" });
    }
  });

  it("answers what Mycelium does not have with empty lists, so apps show empty screens instead of errors", async () => {
    for (const path of EMPTY_LISTS) {
      const answer = await mastodon(instance, path, { token });
      expect(answer.status, path).toBe(200);
      expect(answer.body, path).toEqual([]);
    }
    const search = await mastodon(instance, "/api/v2/search?q=food", { token });
    expect(search.body).toEqual({ accounts: [], statuses: [], hashtags: [] });
  });

  it("works with masto.js as a client", async () => {
    const masto = createRestAPIClient({ url: instance.url, accessToken: token });
    const server = await masto.v2.instance.fetch();
    expect(server.apiVersions).toEqual({ mastodon: 2 });
    const me = await masto.v1.accounts.verifyCredentials();
    expect(me.username).toBe("mona_member");
    expect(me.source.privacy).toBe("unlisted");
    expect((await masto.v1.preferences.fetch())["posting:default:visibility"]).toBe("unlisted");
    expect(await masto.v1.instance.peers.list()).toEqual([]);
    expect(await masto.v1.customEmojis.list()).toEqual([]);
    expect(await masto.v2.filters.list()).toEqual([]);
    expect(await masto.v1.lists.list()).toEqual([]);
    expect(await masto.v1.announcements.list()).toEqual([]);
    expect(await masto.v1.trends.tags.list()).toEqual([]);
    expect(await masto.v1.followedTags.list()).toEqual([]);
    expect(await masto.v1.conversations.list()).toEqual([]);
    const saved = await masto.v1.markers.create({ notifications: { lastReadId: "777" } });
    expect(saved.notifications.lastReadId).toBe("777");
    expect((await masto.v1.markers.fetch({ timeline: ["notifications"] })).notifications.lastReadId).toBe("777");
  });

  it("works with megalodon's Mastodon client", async () => {
    const client = generator("mastodon", instance.url, token);
    expect((await client.verifyAccountCredentials()).data.username).toBe("mona_member");
    expect((await client.getInstance()).data.title).toBe("eastside mutual aid");
    expect((await client.getPreferences()).data["posting:default:visibility"]).toBe("unlisted");
    expect((await client.getFilters()).data).toEqual([]);
    expect((await client.getLists()).data).toEqual([]);
    expect((await client.getInstanceCustomEmojis()).data).toEqual([]);
    const markers = await client.getMarkers(["home", "notifications"]);
    expect(markers.status).toBe(200);
  });
});
