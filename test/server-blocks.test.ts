import { signRequest } from "@fedify/fedify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { announceServerBlocksChanged, deleteServerBlock, insertServerBlock } from "../db/queries/server-blocks.ts";
import { inTransaction } from "../db/transaction.ts";
import { testDriver } from "./support/database.ts";
import type { FakeMastodon } from "./support/fake-mastodon.ts";
import { eventually, settled, type TestInstance } from "./support/instance.ts";
import { type SiblingPair, startSiblingPair } from "./support/networks.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { publishRequest } from "./support/posts.ts";
import { visibleText } from "./support/web-client.ts";

let pair: SiblingPair;
let east: TestInstance;
let west: TestInstance;
let mastodon: FakeMastodon;
let eastCoordinator: Person;
let eastMember: Person;

beforeAll(async () => {
  pair = await startSiblingPair();
  ({ east, west, mastodon } = pair);
  eastCoordinator = await makePerson(east, "coord_ella", "coordinator");
  eastMember = await makePerson(east, "member_emma", "member");
}, 120_000);
afterAll(() => pair?.destroy());

/** POSTs an activity to `to`'s shared inbox signed with `from`'s real network key (draft-cavage, as Mastodon signs). */
async function signedPost(from: TestInstance, handle: string, to: TestInstance, activity: object | null): Promise<Response> {
  const ctx = from.federation.createContext(new URL(from.url), from.federationData());
  const [pair] = await ctx.getActorKeyPairs(handle);
  const request = new Request(`${to.url}/inbox`, {
    method: "POST",
    headers: { "content-type": "application/activity+json" },
    body: JSON.stringify(activity),
  });
  return fetch(activity === null ? request : await signRequest(request, pair!.privateKey, pair!.keyId));
}

const titles = (body: { items: { title: string }[] }) => body.items.map((p) => p.title);

describe(`domain and actor blocks (${testDriver})`, () => {
  it("blocks a sibling's server: follows and posts go, its signed activities are refused, nothing reaches it", async () => {
    const westAuthor = await makePerson(west, "author_wanda", "member");
    await publishRequest(west, westAuthor, "Soup for the street", "West side");
    await eventually(async () => titles((await api(east, "GET", "/feed", { as: eastMember })).body).includes("Soup for the street"));
    const westHost = new URL(west.url).host;

    const notAllowed = await api(east, "POST", "/blocks", { as: eastMember, body: { domain: westHost } });
    expect(notAllowed.status).toBe(403);
    const both = await api(east, "POST", "/blocks", { as: eastCoordinator, body: { domain: westHost, actor: west.actorUrl } });
    expect(both.status).toBe(400);
    expect(Object.keys(both.body.fields)).toEqual(["domain"]);
    const notAHost = await api(east, "POST", "/blocks", { as: eastCoordinator, body: { domain: "not a host!" } });
    expect(notAHost.status).toBe(422);
    expect(Object.keys(notAHost.body.fields)).toEqual(["domain"]);
    const ourselves = await api(east, "POST", "/blocks", { as: eastCoordinator, body: { domain: new URL(east.url).host } });
    expect(ourselves.body.fields).toEqual({ domain: "that is this server" });

    const created = await api(east, "POST", "/blocks", {
      as: eastCoordinator,
      body: { domain: `HTTP://${westHost}/`, reason: "Flooded us with scam posts" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: "domain", target: westHost, removed: { followers: 1, following: 1, posts: 1 } });
    expect((await api(east, "POST", "/blocks", { as: eastCoordinator, body: { domain: westHost } })).status).toBe(409);

    // Their posts and follows are gone from our side.
    expect(titles((await api(east, "GET", "/feed", { as: eastMember })).body)).not.toContain("Soup for the street");
    const networks = (await api(east, "GET", "/networks", { as: eastCoordinator })).body as { actor: string }[];
    expect(networks.map((n) => n.actor)).not.toContain(west.actorUrl);
    // Following them again is refused until the block is lifted.
    const refollow = await api(east, "POST", "/networks", { as: eastCoordinator, body: { actor: west.actorUrl } });
    expect(refollow.status).toBe(422);
    expect(refollow.body.fields).toEqual({ actor: "that server or actor is blocked; lift the block first" });

    // Their signature is still checked: unsigned is 401, signed by them is 403, and nothing is filed.
    const proposalLike = {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${west.actorUrl}#follows/${crypto.randomUUID()}`,
      type: "Follow",
      actor: west.actorUrl,
      object: east.actorUrl,
    };
    expect((await signedPost(west, "westside", east, null)).status).toBe(401);
    expect((await signedPost(west, "westside", east, proposalLike)).status).toBe(403);

    // Nothing we publish now is delivered to them, though they still think they follow us.
    const eastAuthor = await makePerson(east, "author_eric", "member");
    await publishRequest(east, eastAuthor, "Blankets for the shelter", "East side");
    await settled(east, west);
    const westReader = await makePerson(west, "reader_wes", "member");
    expect(titles((await api(west, "GET", "/feed", { as: westReader })).body)).not.toContain("Blankets for the shelter");

    const listed = await api(east, "GET", "/blocks", { as: eastCoordinator });
    expect(listed.body).toContainEqual(
      expect.objectContaining({ id: created.body.id, target: westHost, reason: "Flooded us with scam posts", createdBy: "coord_ella" }),
    );

    expect((await api(east, "DELETE", `/blocks/${created.body.id}`, { as: eastCoordinator })).status).toBe(204);
    expect((await api(east, "DELETE", `/blocks/${created.body.id}`, { as: eastCoordinator })).status).toBe(404);
    const blocks = (await api(east, "GET", "/blocks", { as: eastCoordinator })).body as { target: string }[];
    expect(blocks.map((b) => b.target)).not.toContain(westHost);

    const log = await east.services.log.list(await east.services.members.getByUsername("member_emma"));
    // (Other tests here block other servers: only this one's entries are looked at.)
    expect(log.filter((e) => e.action.startsWith("server_") && e.detail === westHost).map((e) => [e.action, e.detail])).toEqual([
      ["server_unblocked", westHost],
      ["server_blocked", westHost],
    ]);
    expect(JSON.stringify(log)).not.toContain("scam posts");
  });

  it("blocks one Mastodon account: its follow ends and it is refused, while its neighbours still get through", async () => {
    await mastodon.addAccount("troll");
    await mastodon.addAccount("kind");
    await mastodon.follow("troll", east.actorUrl);
    await mastodon.follow("kind", east.actorUrl);
    await eventually(async () => mastodon.received("kind", "Accept").length > 0 && mastodon.received("troll", "Accept").length > 0);

    const followersBefore = await east.services.networks.countAcceptedFollowers();
    const created = await api(east, "POST", "/blocks", { as: eastCoordinator, body: { actor: mastodon.account("troll").actorUrl } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: "actor", removed: { followers: 1, following: 0, posts: 0 } });
    expect(await east.services.networks.countAcceptedFollowers()).toBe(followersBefore - 1);

    await expect(mastodon.follow("troll", east.actorUrl)).rejects.toThrow(/403/);
    await expect(mastodon.follow("kind", east.actorUrl)).resolves.toBeTypeOf("string");
  });

  it("refuses at once a sender that another process on the same database blocked", async () => {
    await mastodon.addAccount("faraway");
    await expect(mastodon.follow("faraway", east.actorUrl)).resolves.toBeTypeOf("string");
    const target = mastodon.account("faraway").actorUrl;
    const refused = () =>
      mastodon.follow("faraway", east.actorUrl).then(
        () => false,
        (error: unknown) => /403/.test(String(error)),
      );
    // Another process writes the block; this one, which has read the blocks already, is told through the database.
    const block = await inTransaction(east.database.db, async (tx) => {
      const row = await insertServerBlock(tx, { kind: "actor", target, reason: null, createdById: eastCoordinator.id });
      await announceServerBlocksChanged(tx);
      return row!;
    });
    await eventually(refused, 5_000);
    await inTransaction(east.database.db, async (tx) => {
      await deleteServerBlock(tx, block.id);
      await announceServerBlocksChanged(tx);
    });
    await eventually(async () => !(await refused()), 5_000);
  });

  it("offers blocking on a page that works without JavaScript, and names the field when the form is wrong", async () => {
    const page = await eastCoordinator.web.page("/safety/blocks");
    expect(page.status).toBe(200);
    expect(visibleText(page.html)).toContain("Blocked now");
    const bad = await eastCoordinator.web.post("/safety/blocks", { type: "domain", target: "no such host!" });
    expect(bad.status).toBe(422);
    expect(visibleText(await bad.text())).toContain("give a server's host name");
    const made = await eastCoordinator.web.post("/safety/blocks", { type: "domain", target: "spam.example", reason: "Spam" });
    expect(made.status).toBe(303);
    const listed = await eastCoordinator.web.page("/safety/blocks");
    expect(visibleText(listed.html)).toContain("spam.example");
    expect(listed.html).toContain('aria-label="Lift the block of spam.example"');
    const [block] = (await api(east, "GET", "/blocks", { as: eastCoordinator })).body.filter(
      (b: { target: string }) => b.target === "spam.example",
    );
    expect((await eastCoordinator.web.post(`/safety/blocks/${block.id}/delete`, {})).status).toBe(303);
    expect((await eastMember.web.get("/safety/blocks")).status).toBe(403);
  });
});
