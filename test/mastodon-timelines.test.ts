import { createRestAPIClient } from "masto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { PostFieldsInput } from "../src/posts/post.schema.ts";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { mastodon, signInWithApp } from "./support/mastodon.ts";
import { Account, Relationship, Status } from "./support/mastodon-entities.ts";
import { makePerson, type Person } from "./support/people.ts";

let instance: TestInstance;
let member: Person;
let coordinator: Person;
let memberToken: string;
let coordinatorToken: string;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  await instance.services.areas.add("Riverside");
  member = await makePerson(instance, "mona_member", "member");
  coordinator = await makePerson(instance, "coco_coord", "coordinator");
  memberToken = await signInWithApp(instance, member, { scope: "read" });
  coordinatorToken = await signInWithApp(instance, coordinator, { scope: "read" });
  // Two people signing in through two apps: a slow start on a loaded machine.
}, 180_000);
afterAll(() => instance?.destroy());

const Statuses = z.array(Status);

/** A post made through the real service, as `person` (a member object). */
async function post(person: Person, fields: Partial<PostFieldsInput>) {
  const author = (await instance.services.members.list()).find((m) => m.username === person.username)!;
  return instance.services.posts.create(author, {
    kind: "request",
    category: "food",
    area: "East side",
    title: "A request",
    details: "",
    urgency: "normal",
    ...fields,
  });
}

const everyTimeline = (tag = "request") => [
  "/api/v1/timelines/home?limit=40",
  "/api/v1/timelines/public?limit=40",
  `/api/v1/timelines/tag/${tag}?limit=40`,
  "/api/v1/timelines/tag/mutualaid?limit=40",
  "/api/v1/timelines/tag/food?limit=40",
  "/api/v1/timelines/tag/eastside?limit=40",
  "/api/v1/accounts/1/statuses?limit=40",
];

describe(`timelines and statuses for Mastodon apps (${testDriver})`, () => {
  it("shows the network's posts as its Group account's statuses: the Note's plain words, hashtags and the post's page", async () => {
    const created = await post(member, { title: "Rice and beans for four", details: "Any brand is fine", quantity: 2, unit: "bags" });
    const home = await mastodon(instance, "/api/v1/timelines/home", { token: memberToken });
    expect(home.status).toBe(200);
    const statuses = Statuses.parse(home.body);
    const status = statuses.find((s) => s.content.includes("Rice and beans for four"))!;
    expect(status.account).toMatchObject({ id: "1", username: "eastside", acct: "eastside", group: true });
    expect(Account.parse(status.account)).toBeTruthy();
    expect(status.url).toBe(`${instance.url}/posts/${created.id}`);
    expect(status.visibility).toBe("public");
    expect(status.edited_at).toBeNull();
    expect(status.content).toContain("<strong>Request</strong> · Rice and beans for four");
    expect(status.content).toContain("Any brand is fine");
    expect(status.content).toContain("2 bags");
    expect(status.tags.map((t) => t.name)).toEqual(["mutualaid", "request", "food", "eastside"]);

    const one = await mastodon(instance, `/api/v1/statuses/${status.id}`, { token: memberToken });
    expect(Status.parse(one.body)).toEqual(status);
    const context = await mastodon(instance, `/api/v1/statuses/${status.id}/context`);
    expect(context.body).toEqual({ ancestors: [], descendants: [] });
  });

  it("shows a later change as an edit and a closed post's status in its text", async () => {
    const created = await post(member, { title: "Nappies size 3" });
    // A coordinator marks it fulfilled (as the web's button does).
    const coordinatorMember = (await instance.services.members.list()).find((m) => m.username === coordinator.username)!;
    await instance.services.posts.update(coordinatorMember, created.id, { details: "Two packs", status: "fulfilled" });
    const mine = await mastodon(instance, `/api/v1/accounts/${await myId()}/statuses`, { token: memberToken });
    const status = Statuses.parse(mine.body).find((s) => s.content.includes("Nappies size 3"))!;
    expect(status.edited_at).not.toBeNull();
    expect(status.content).toContain("Fulfilled: no longer needed");
    expect(status.content).toContain("Two packs");
    expect((await mastodon(instance, `/api/v1/statuses/${status.id}`)).body.edited_at).toBe(status.edited_at);
  });

  it("pages newest first by ids that sort as numbers, with Link headers, max_id, since_id and min_id", async () => {
    for (const title of ["Paging one", "Paging two", "Paging three", "Paging four"]) await post(member, { title, category: "tools" });
    const first = await mastodon(instance, "/api/v1/timelines/tag/tools?limit=2");
    const ids = Statuses.parse(first.body).map((s) => s.id);
    expect(first.body.map((s: { content: string }) => /Paging (\w+)/.exec(s.content)![1])).toEqual(["four", "three"]);
    expect(BigInt(ids[0]!)).toBeGreaterThan(BigInt(ids[1]!));
    const link = first.headers.get("link")!;
    const next = /<([^>]+)>; rel="next"/.exec(link)![1]!;
    expect(new URL(next).searchParams.get("max_id")).toBe(ids[1]);
    expect(new URL(next).searchParams.get("limit")).toBe("2");
    const older = await mastodon(instance, new URL(next).pathname + new URL(next).search);
    expect(older.body.map((s: { content: string }) => /Paging (\w+)/.exec(s.content)![1])).toEqual(["two", "one"]);

    const oldestId = older.body[1].id;
    const newer = await mastodon(instance, `/api/v1/timelines/tag/tools?min_id=${oldestId}&limit=2`);
    expect(newer.body.map((s: { content: string }) => /Paging (\w+)/.exec(s.content)![1])).toEqual(["three", "two"]);
    const since = await mastodon(instance, `/api/v1/timelines/tag/tools?since_id=${oldestId}&limit=2`);
    expect(since.body.map((s: { content: string }) => /Paging (\w+)/.exec(s.content)![1])).toEqual(["four", "three"]);
    const bad = await mastodon(instance, "/api/v1/timelines/tag/tools?max_id=abc");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain("max_id");
  });

  it("never shows a member what the web hides from them; no status carries a requester's name, contact or exact place", async () => {
    await post(coordinator, {
      title: "Zebracorn coordinators only",
      details: "Quiet help needed",
      visibility: "coordinators",
      onBehalfOfSomeoneElse: true,
      contact: { name: "Quentin Private", phone: "+1 555 0199", email: "quentin@example.org", address: "12 Hidden Lane" },
      latitude: 40.712345,
      longitude: -74.006789,
    });
    const membersOnly = await post(member, { title: "Yakmilk members only", visibility: "members" });
    const webBoard = await member.web.page("/?lang=en");
    expect(webBoard.html).not.toContain("Zebracorn");

    const secrets = ["Zebracorn", "Quentin", "555 0199", "quentin@example.org", "Hidden Lane", "40.71", "-74.00"];
    for (const path of everyTimeline()) {
      const asMember = await mastodon(instance, path, { token: memberToken });
      expect(asMember.status, path).toBe(200);
      for (const secret of secrets) expect(JSON.stringify(asMember.body), `${path} as a member`).not.toContain(secret);
      const asPublic = await mastodon(instance, path);
      if (path.includes("home")) {
        expect(asPublic.status).toBe(401);
        continue;
      }
      expect(asPublic.status, path).toBe(200);
      expect(JSON.stringify(asPublic.body), `${path} without a token`).not.toContain("Yakmilk");
      expect(
        Statuses.parse(asPublic.body).every((s) => s.visibility === "public"),
        path,
      ).toBe(true);
    }
    const home = JSON.stringify((await mastodon(instance, "/api/v1/timelines/home?limit=40", { token: memberToken })).body);
    expect(home).toContain("Yakmilk");
    expect(JSON.stringify((await mastodon(instance, "/api/v1/timelines/public?limit=40", { token: memberToken })).body)).not.toContain(
      "Yakmilk",
    );

    // The coordinator sees the post, but the status still names nobody and no place.
    const coordinatorHome = (await mastodon(instance, "/api/v1/timelines/home?limit=40", { token: coordinatorToken })).body as {
      id: string;
      content: string;
      visibility: string;
    }[];
    const hidden = coordinatorHome.find((s) => s.content.includes("Zebracorn"))!;
    expect(hidden.visibility).toBe("private");
    for (const secret of secrets.slice(1)) expect(JSON.stringify(hidden)).not.toContain(secret);

    // The member cannot open it by id either, nor its thread.
    expect((await mastodon(instance, `/api/v1/statuses/${hidden.id}`, { token: memberToken })).status).toBe(404);
    expect((await mastodon(instance, `/api/v1/statuses/${hidden.id}/context`, { token: memberToken })).status).toBe(404);
    const membersStatus = (JSON.parse(home) as { id: string; content: string }[]).find((s) => s.content.includes("Yakmilk"))!;
    expect((await mastodon(instance, `/api/v1/statuses/${membersStatus.id}`)).status).toBe(404);
    expect(membersOnly.visibility).toBe("members");
  });

  it("serves the network's account, the member's own, and no other member's; relationships are all empty", async () => {
    const network = await mastodon(instance, "/api/v1/accounts/1");
    expect(Account.parse(network.body)).toMatchObject({ group: true, username: "eastside" });
    expect((await mastodon(instance, "/api/v1/accounts/lookup?acct=eastside")).body.id).toBe("1");
    const mine = await myId();
    expect((await mastodon(instance, `/api/v1/accounts/${mine}`, { token: memberToken })).body.username).toBe("mona_member");
    const coordinatorId = (await mastodon(instance, "/api/v1/accounts/verify_credentials", { token: coordinatorToken })).body.id;
    const other = await mastodon(instance, `/api/v1/accounts/${coordinatorId}`, { token: memberToken });
    expect(other).toMatchObject({ status: 404, body: { error: "Record not found" } });
    expect((await mastodon(instance, "/api/v1/accounts/not-a-number")).status).toBe(404);
    const relationships = await mastodon(instance, "/api/v1/accounts/relationships?id[]=1", { token: memberToken });
    expect(z.array(Relationship).parse(relationships.body)).toHaveLength(1);
    expect(relationships.body[0]).toMatchObject({ id: "1", following: false });
  });

  it("works with masto.js: home, public and tag timelines, a status and its context", async () => {
    await post(member, { title: "Masto reads this", category: "transport" });
    const masto = createRestAPIClient({ url: instance.url, accessToken: memberToken });
    const home = await masto.v1.timelines.home.list({ limit: 5 });
    expect(home.some((s) => s.content.includes("Masto reads this"))).toBe(true);
    const tagged = await masto.v1.timelines.tag.$select("transport").list();
    expect(tagged[0]!.account.group).toBe(true);
    const publicOnes = await masto.v1.timelines.public.list();
    expect(publicOnes.every((s) => s.visibility === "public")).toBe(true);
    const status = await masto.v1.statuses.$select(tagged[0]!.id).fetch();
    expect(status.url).toContain("/posts/");
    expect(await masto.v1.statuses.$select(tagged[0]!.id).context.fetch()).toEqual({ ancestors: [], descendants: [] });
  });
});

async function myId(): Promise<string> {
  return (await mastodon(instance, "/api/v1/accounts/verify_credentials", { token: memberToken })).body.id;
}
