import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { FakeMastodon } from "./support/fake-mastodon.ts";
import { eventually, startTestInstance, type TestInstance } from "./support/instance.ts";
import { makeSiblings } from "./support/networks.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { publishRequest } from "./support/posts.ts";
import { visibleText, WebClient } from "./support/web-client.ts";

let east: TestInstance;
let west: TestInstance;
let mastodon: FakeMastodon;
let coordinator: Person;

/** What West holds from its siblings, as its coordinator sees it. */
const westFeed = async () => {
  const [viewer] = (await west.services.members.list()).filter((m) => m.role !== "member");
  return (await west.services.siblingPosts.list(viewer ?? null, { includeClosed: true })).items;
};

beforeAll(async () => {
  [east, west] = await Promise.all([startTestInstance("eastside"), startTestInstance("westside")]);
  mastodon = new FakeMastodon();
  await mastodon.start();
  await east.services.areas.add("East side");
  coordinator = await makePerson(east, "coord_hana", "coordinator");
  await makePerson(west, "coord_wes", "coordinator");
  await makeSiblings(east, west);
  await mastodon.addAccount("alice");
  await mastodon.follow("alice", east.actorUrl);
  await eventually(async () => mastodon.received("alice", "Accept")[0]);
}, 120_000);
afterAll(async () => {
  await Promise.all([east?.destroy(), west?.destroy(), mastodon?.stop()]);
});

/** Every public and member surface on East that could show the post: whether any still does. */
async function shownAnywhere(postId: string, title: string, member: Person): Promise<string[]> {
  const shown: string[] = [];
  const visitor = new WebClient(east.url, { "accept-language": "en" });
  if (visibleText((await visitor.page("/")).html).includes(title)) shown.push("public board");
  if (visibleText((await member.web.page("/")).html).includes(title)) shown.push("member board");
  if ((await visitor.get(`/posts/${postId}`)).status !== 404) shown.push("public page");
  if ((await api(east, "GET", `/posts/${postId}`, { as: member })).status !== 404) shown.push("API post");
  if ((await api(east, "GET", "/posts", { as: member })).body.items.some((p: { id: string }) => p.id === postId)) shown.push("API list");
  const note = await fetch(`${east.url}/ap/notes/${postId}`, { headers: { accept: "application/activity+json" } });
  if (note.status !== 404) shown.push("ActivityPub note");
  const outbox = await (await fetch(`${east.actorUrl}/outbox`, { headers: { accept: "application/activity+json" } })).json();
  const firstPage = await (await fetch(outbox.first, { headers: { accept: "application/activity+json" } })).json();
  if (JSON.stringify(firstPage).includes(postId)) shown.push("outbox");
  return shown;
}

describe(`hiding a post pending review (${testDriver})`, () => {
  it("a hidden post leaves every surface and other servers (a Delete), and comes back when restored", async () => {
    const author = await makePerson(east, "author_hugo", "member");
    const reader = await makePerson(east, "reader_rosa", "member");
    const title = "Cheap medicines, no prescription";
    const postId = await publishRequest(east, author, title, "East side");
    const noteId = `${east.url}/ap/notes/${postId}`;
    await eventually(async () => mastodon.received("alice", "Create").find((c) => c.object.id === noteId));
    await eventually(async () => (await westFeed()).find((p) => p.title === title));
    expect(await shownAnywhere(postId, title, reader)).toEqual([
      "public board",
      "member board",
      "public page",
      "API post",
      "API list",
      "ActivityPub note",
      "outbox",
    ]);

    expect((await api(east, "POST", `/posts/${postId}/hide`, { as: author })).status).toBe(403);
    const hidden = await api(east, "POST", `/posts/${postId}/hide`, { as: coordinator });
    expect(hidden.status).toBe(200);
    expect(hidden.body.hidden).toBe(true);
    expect((await api(east, "POST", `/posts/${postId}/hide`, { as: coordinator })).status).toBe(409);

    const deleted = await eventually(async () => mastodon.received("alice", "Delete").find((d) => d.object.id === noteId));
    expect(deleted.actor).toBe(east.actorUrl);
    await eventually(async () => !(await westFeed()).some((p) => p.title === title));
    expect(await shownAnywhere(postId, title, reader)).toEqual([]);
    // Not even its author sees it meanwhile; the team does, with the way back.
    expect((await api(east, "GET", `/posts/${postId}`, { as: author })).status).toBe(404);
    const teamPage = visibleText((await coordinator.web.page(`/posts/${postId}`)).html);
    expect(teamPage).toContain("Hidden by the safety team pending review");
    expect(teamPage).toContain("Restore the post");
    expect(visibleText((await reader.web.page("/log")).html)).toContain("hid a post pending review");

    const createsBefore = mastodon.received("alice", "Create").filter((c) => c.object.id === noteId).length;
    expect((await coordinator.web.post(`/posts/${postId}/restore`, {})).status).toBe(303);
    await eventually(async () => mastodon.received("alice", "Create").filter((c) => c.object.id === noteId).length > createsBefore);
    await eventually(async () => (await westFeed()).find((p) => p.title === title));
    expect(await shownAnywhere(postId, title, reader)).toEqual([
      "public board",
      "member board",
      "public page",
      "API post",
      "API list",
      "ActivityPub note",
      "outbox",
    ]);
  });

  it("nobody matches a hidden post", async () => {
    const author = await makePerson(east, "author_ines", "member");
    const requestId = await publishRequest(east, author, "Two bags of rice", "East side");
    const offer = await api(east, "POST", "/posts", {
      as: author,
      body: { kind: "offer", category: "food", title: "Rice to spare", area: "East side" },
    });
    await api(east, "POST", `/posts/${requestId}/hide`, { as: coordinator });
    const match = await api(east, "POST", "/matches", { as: coordinator, body: { request: requestId, offer: offer.body.id, quantity: 1 } });
    expect(match.status).toBe(422);
    expect(match.body.fields).toEqual({ request: "is hidden pending the safety team's review" });
  });
});
