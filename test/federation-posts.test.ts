import { randomUUID } from "node:crypto";
import { Create, Note, OrderedCollectionPage } from "@fedify/vocab";
import { preloadedContexts } from "@fedify/vocab-runtime";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
import { testDriver } from "./support/database.ts";
import { dayFromNow } from "./support/dates.ts";
import { FakeMastodon, PUBLIC, proofVerifies } from "./support/fake-mastodon.ts";
import { eventually, settled, startTestInstance, type TestInstance } from "./support/instance.ts";
import { makeSiblings } from "./support/networks.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { visibleText, WebClient } from "./support/web-client.ts";

/** Within the two years a needed-by date may lie ahead; read once, so every check agrees. */
const NEEDED_BY = dayFromNow(200);

/** JSON-LD contexts from Fedify's preloaded copies only: nothing is fetched, so a term the page leaves undefined is lost, not looked up. */
async function preloadedOnly(url: string) {
  const document = preloadedContexts[url];
  if (document === undefined) throw new Error(`not a preloaded context: ${url}`);
  return { contextUrl: null, documentUrl: url, document };
}

let east: TestInstance;
let west: TestInstance;
let north: TestInstance;
let mastodon: FakeMastodon;
let author: Person;
let coordinator: Person;
let westCoordinator: Person;

const CONTACT = {
  name: "Esperanza Villalobos-Nakamura",
  phone: "+34 600 111 222",
  email: "esperanza.vn@example.org",
  address: "Calle Ficticia 42, 3ºB",
};
const SECRETS = [...Object.values(CONTACT), "author_anouk", "41.38712", "2.16998"];

/** A public request with every field filled in, private ones included. */
const fullRequest = (title: string) => ({
  kind: "request",
  category: "medical_supplies",
  title,
  details: "Two cooler bags to keep insulin cold during the power cut.",
  quantity: 2,
  unit: "bags",
  urgency: "critical",
  area: "Gràcia",
  latitude: 41.38712,
  longitude: 2.16998,
  neededBy: NEEDED_BY,
  language: "en",
  contact: CONTACT,
});

/** Publishes on East and waits until Alice (on Mastodon) and West both have it. */
async function publishAndDeliver(body: object): Promise<{ id: string; noteId: string; url: string }> {
  const created = await api(east, "POST", "/posts", { as: author, body });
  expect(created.status).toBe(201);
  const post = {
    id: created.body.id as string,
    noteId: `${east.url}/ap/notes/${created.body.id}`,
    url: `${east.url}/posts/${created.body.id}`,
  };
  await eventually(async () => mastodon.received("alice", "Create").find((c) => c.object.id === post.noteId));
  await eventually(async () => (await feedOf(west)).find((p) => p.url === post.url));
  return post;
}

/** Everything a network holds from its siblings, as one of its coordinators sees it. */
const feedOf = async (instance: TestInstance) => {
  const [viewer] = (await instance.services.members.list()).filter((m) => m.role !== "member");
  return (await instance.services.siblingPosts.list(viewer ?? null, { includeClosed: true })).items;
};

beforeAll(async () => {
  [east, west, north] = await Promise.all([startTestInstance("eastside"), startTestInstance("westside"), startTestInstance("northside")]);
  mastodon = new FakeMastodon();
  await mastodon.start();
  await east.services.areas.add("Gràcia");
  author = await makePerson(east, "author_anouk", "member");
  coordinator = await makePerson(east, "coord_omar", "coordinator");
  westCoordinator = await makePerson(west, "coord_wen", "coordinator");
  await makePerson(north, "coord_nils", "coordinator");

  await makeSiblings(east, west);
  // North follows East and is accepted, but East does not follow North: a follower, not a sibling.
  await north.services.networks.follow(east.actorUrl);
  const northAtEast = await eventually(async () => (await east.services.networks.list()).find((n) => n.actor === north.actorUrl));
  await east.services.networks.approveFollower(northAtEast.id);

  // Alice follows East from Mastodon: every test that checks the Mastodon side reads her inbox.
  await mastodon.addAccount("alice");
  await mastodon.follow("alice", east.actorUrl);
  await eventually(async () => mastodon.received("alice", "Accept")[0]);
  await settled(east, west, north);
}, 120_000);
afterAll(async () => {
  await Promise.all([east?.destroy(), west?.destroy(), north?.destroy(), mastodon?.stop()]);
});

describe(`publishing offers and requests (${testDriver})`, () => {
  it("accepts a Mastodon user's follow at once, and lets them unfollow", async () => {
    const followers = () => east.services.networks.countAcceptedFollowers();
    const before = await followers();
    await mastodon.addAccount("bob");
    await mastodon.follow("bob", east.actorUrl);
    const accept = await eventually(async () => mastodon.received("bob", "Accept")[0]);
    expect(accept.actor).toBe(east.actorUrl);
    expect(await followers()).toBe(before + 1);

    await mastodon.addAccount("carol");
    const followId = await mastodon.follow("carol", east.actorUrl);
    await eventually(async () => (await followers()) === before + 2);
    await mastodon.unfollow("carol", east.actorUrl, followId);
    await eventually(async () => (await followers()) === before + 1);
  });

  it("sends a public request to Mastodon followers as a Note, and to siblings as a Proposal with every field", async () => {
    const created = await api(east, "POST", "/posts", { as: author, body: fullRequest("Insulin cooler bags") });
    expect(created.status).toBe(201);
    const postId = created.body.id;

    // Mastodon: a Create of a Note it will show.
    const create = await eventually(async () =>
      mastodon.received("alice", "Create").find((c) => c.object.id === `${east.url}/ap/notes/${postId}`),
    );
    const note = create.object;
    expect(note).toMatchObject({
      type: "Note",
      id: `${east.url}/ap/notes/${postId}`,
      attributedTo: east.actorUrl,
      url: `${east.url}/posts/${postId}`,
      to: PUBLIC,
      cc: `${east.actorUrl}/followers`,
    });
    expect(new URL(note.id).host).toBe(new URL(east.actorUrl).host); // Mastodon requires it
    expect(create.actor).toBe(east.actorUrl);
    expect(await proofVerifies(create)).toBe(true);
    expect(note.published).toBeTruthy();
    expect(note.contentMap).toEqual({ en: note.content }); // the post's language, for Mastodon
    const words = note.content.replace(/<[^>]+>/g, " ");
    for (const expected of ["Request", "Insulin cooler bags", "in Gràcia", "Critical", "2 bags", `Needed by ${NEEDED_BY}`]) {
      expect(words).toContain(expected);
    }
    const tagNames = note.tag.map((t: { type: string; name: string }) => `${t.type}:${t.name}`);
    expect(tagNames).toEqual(["Hashtag:#MutualAid", "Hashtag:#Request", "Hashtag:#MedicalSupplies", "Hashtag:#Gracia"]);
    expect(mastodon.deliveries.every((d) => d.signed)).toBe(true);

    // The sibling rebuilds the post without loss.
    const item = await eventually(async () => (await feedOf(west)).find((p) => p.url === `${east.url}/posts/${postId}`));
    expect(item).toMatchObject({
      origin: { actor: east.actorUrl, name: "eastside mutual aid" },
      kind: "request",
      category: "medical_supplies",
      title: "Insulin cooler bags",
      details: "Two cooler bags to keep insulin cold during the power cut.",
      quantity: 2,
      unit: "bags",
      urgency: "critical",
      area: "Gràcia",
      untilDate: NEEDED_BY,
      status: "open",
      visibility: "public",
      url: `${east.url}/posts/${postId}`,
    });
    const listFeed = await api(west, "GET", "/feed?perPage=100");
    expect(listFeed.body.items.find((i: { url: string }) => i.url === item.url)).toMatchObject({
      title: "Insulin cooler bags",
      origin: { actor: east.actorUrl },
    });
    expect(visibleText((await new WebClient(west.url).page("/nearby")).html)).toContain("Insulin cooler bags");

    // A follower that is not a sibling gets the Note only.
    await settled(east, west, north);
    expect((await feedOf(north)).filter((p) => p.url === item.url)).toEqual([]);
  });

  it("propagates an edit and a withdrawal to the sibling and to Mastodon", async () => {
    const { id, noteId, url } = await publishAndDeliver({
      kind: "request",
      category: "goods",
      title: "Winter coats",
      quantity: 2,
      area: "Gràcia",
    });
    await api(east, "PATCH", `/posts/${id}`, { as: author, body: { title: "Winter coats (3)", quantity: 3 } });
    await eventually(async () => (await feedOf(west)).find((p) => p.url === url && p.title === "Winter coats (3)" && p.quantity === 3));
    const update = await eventually(async () => mastodon.received("alice", "Update").find((u) => u.object.id === noteId));
    expect(update.object.content).toContain("Winter coats (3)");

    await api(east, "PATCH", `/posts/${id}`, { as: author, body: { status: "withdrawn" } });
    await eventually(async () => (await feedOf(west)).find((p) => p.url === url && p.status === "withdrawn"));
    const withdrawn = await eventually(async () =>
      mastodon.received("alice", "Update").find((u) => u.object.id === noteId && u.object.content.includes("Withdrawn")),
    );
    expect(withdrawn.object.content).toContain("no longer needed");
    // Closed needs leave the nearby list.
    expect((await west.services.siblingPosts.list(null)).items.find((p) => p.url === url)).toBeUndefined();
  });

  it("keeps a reply from Mastodon as a response for coordinators, sanitised, never public", async () => {
    const fresh = await api(east, "POST", "/posts", {
      as: author,
      body: { kind: "request", category: "food", title: "Rice for the shelter", area: "Gràcia" },
    });
    const noteId = `${east.url}/ap/notes/${fresh.body.id}`;
    await eventually(async () => mastodon.received("alice", "Create").find((c) => c.object.id === noteId));
    const reply = await mastodon.reply(
      "alice",
      noteId,
      east.actorUrl,
      '<p>I can bring 5 kg tomorrow <script>alert("x")</script><img src="x" onerror="alert(1)"><a href="javascript:alert(1)">here</a></p>',
    );
    const [response] = await eventually(async () => {
      const list = await east.services.responses.listForPost(await coordinatorViewer(), fresh.body.id);
      return list.length > 0 ? list : null;
    });
    expect(response).toMatchObject({
      source: "reply",
      from: { actor: mastodon.account("alice").actorUrl, handle: `alice@${new URL(mastodon.base).host}` },
    });
    expect(response!.contentHtml).toContain("I can bring 5 kg tomorrow");
    expect(response!.contentHtml).not.toMatch(/script|onerror|javascript:|<img/);

    // The same activity delivered again changes nothing.
    await mastodon.send("alice", east.actorUrl, reply);
    await settled(east);
    expect(await east.services.responses.listForPost(await coordinatorViewer(), fresh.body.id)).toHaveLength(1);

    // Her next reply reuses what we fetched of her for the first: no request for her actor or key.
    const actorFetches = () => mastodon.requests.filter((r) => r.method === "GET" && r.path === "/users/alice").length;
    const fetchedBefore = actorFetches();
    await mastodon.reply("alice", noteId, east.actorUrl, "<p>And a bag of beans.</p>");
    await eventually(async () => (await east.services.responses.listForPost(await coordinatorViewer(), fresh.body.id)).length === 2);
    expect(actorFetches()).toBe(fetchedBefore);

    // A reply to a post of ours that is not there (any more) keeps nothing, not even its author.
    const stranger = await mastodon.addAccount("dara");
    await mastodon.reply("dara", `${east.url}/ap/notes/${randomUUID()}`, east.actorUrl, "<p>Is this still needed?</p>");
    await settled(east);
    expect(await queryRows(east.database.db, sql`SELECT 1 FROM remote_actors WHERE iri = ${stranger.actorUrl}`)).toHaveLength(0);

    expect(visibleText((await coordinator.web.page(`/posts/${fresh.body.id}`)).html)).toContain("I can bring 5 kg tomorrow");
    expect(await (await fetch(`${east.url}/posts/${fresh.body.id}`)).text()).not.toContain("I can bring");
    expect((await author.web.page(`/posts/${fresh.body.id}`)).html).not.toContain("I can bring");
  });

  it("sends members-only posts to siblings only, and only when the settings say so", async () => {
    const before = mastodon.deliveries.length;
    const privatePost = await api(east, "POST", "/posts", {
      as: author,
      body: { kind: "offer", category: "space", title: "Spare room for a week", area: "Gràcia", visibility: "members" },
    });
    await settled(east, west, north);
    expect((await feedOf(west)).find((p) => p.title === "Spare room for a week")).toBeUndefined();

    const admin = await makePerson(east, "admin_ama", "admin");
    await admin.web.post("/settings", { name: "eastside mutual aid", summary: "", shareMembersOnlyWithSiblings: "on" });
    await api(east, "PATCH", `/posts/${privatePost.body.id}`, { as: author, body: { details: "Quiet, ground floor." } });
    const shared = await eventually(async () => (await feedOf(west)).find((p) => p.title === "Spare room for a week"));
    expect(shared.visibility).toBe("members");
    // The public at the sibling does not see it; its members do.
    expect((await api(west, "GET", "/feed")).body.items.map((i: { title: string }) => i.title)).not.toContain("Spare room for a week");
    expect((await api(west, "GET", "/feed", { as: westCoordinator })).body.items.map((i: { title: string }) => i.title)).toContain(
      "Spare room for a week",
    );

    await settled(east, west, north);
    const sinceThen = mastodon.deliveries.slice(before).map((d) => JSON.stringify(d.body));
    expect(sinceThen.some((body) => body.includes("Spare room"))).toBe(false);
    expect((await feedOf(north)).some((p) => p.title === "Spare room for a week")).toBe(false);
  });

  it("deletes a deleted post everywhere", async () => {
    const post = await api(east, "POST", "/posts", {
      as: author,
      body: { kind: "offer", category: "tools", title: "Drill to lend", area: "Gràcia" },
    });
    await eventually(async () => (await feedOf(west)).find((p) => p.title === "Drill to lend"));
    expect((await api(east, "DELETE", `/posts/${post.body.id}`, { as: author })).status).toBe(204);
    const del = await eventually(async () =>
      mastodon.received("alice", "Delete").find((d) => d.object.id === `${east.url}/ap/notes/${post.body.id}`),
    );
    expect(del.object.type).toBe("Tombstone");
    await eventually(async () => !(await feedOf(west)).some((p) => p.title === "Drill to lend"));
    expect((await fetch(`${east.url}/ap/notes/${post.body.id}`, { headers: { accept: "application/activity+json" } })).status).toBe(404);
  });

  it("suggests a sibling's open offers beside the network's own when matching a request", async () => {
    await api(east, "POST", "/posts", {
      as: author,
      body: { kind: "offer", category: "pet_care", title: "Dog walks every morning", area: "Gràcia" },
    });
    await eventually(async () => (await feedOf(west)).find((p) => p.title === "Dog walks every morning"));
    await west.services.areas.add("Sants");
    const request = await api(west, "POST", "/posts", {
      as: westCoordinator,
      body: { kind: "request", category: "pet_care", title: "Someone to walk Luna", area: "Sants" },
    });
    const found = await api(west, "GET", `/matches/suggestions?post=${request.body.id}`, { as: westCoordinator });
    expect(found.body.suggestions).toEqual([]);
    expect(found.body.fromSiblings).toEqual([
      expect.objectContaining({
        title: "Dog walks every morning",
        kind: "offer",
        origin: expect.objectContaining({ actor: east.actorUrl }),
      }),
    ]);
    const page = visibleText((await westCoordinator.web.page(`/posts/${request.body.id}`)).html);
    expect(page).toContain("From sibling networks");
    expect(page).toContain("Dog walks every morning");
  });

  it("lists the Creates in the outbox and serves each Note by its id", async () => {
    await api(east, "POST", "/posts", { as: author, body: { kind: "offer", category: "tools", title: "Ladder to lend", area: "Gràcia" } });
    const created = await api(east, "POST", "/posts", {
      as: author,
      body: { kind: "offer", category: "tools", title: "Saw to lend", area: "Gràcia" },
    });
    const postId = created.body.id;
    const outbox = await (await fetch(`${east.actorUrl}/outbox`, { headers: { accept: "application/activity+json" } })).json();
    expect(outbox.totalItems).toBeGreaterThanOrEqual(2);
    const first = await (await fetch(outbox.first, { headers: { accept: "application/activity+json" } })).json();
    expect(first.orderedItems[0]).toMatchObject({ type: "Create", object: { type: "Note" } });
    const note = await (await fetch(`${east.url}/ap/notes/${postId}`, { headers: { accept: "application/activity+json" } })).json();
    expect(note.type).toBe("Note");

    // The items carry no @context of their own (the page's defines their terms): read as
    // JSON-LD, each Note in the page means what the Note served alone means.
    const loaders = { documentLoader: preloadedOnly, contextLoader: preloadedOnly };
    const page = await OrderedCollectionPage.fromJsonLd(first, loaders);
    let listed: unknown;
    for await (const item of page.getItems(loaders)) if (item.id?.href === `${east.url}/ap/notes/${postId}#create`) listed = item;
    expect(listed).toBeInstanceOf(Create);
    const listedNote = await (listed as Create).getObject(loaders);
    const alone = await Note.fromJsonLd(note, loaders);
    expect(await listedNote?.toJsonLd({ contextLoader: preloadedOnly })).toEqual(await alone.toJsonLd({ contextLoader: preloadedOnly }));
    expect(JSON.stringify(await alone.toJsonLd({ contextLoader: preloadedOnly }))).toContain("Saw to lend");
  });

  it("stops delivering to a follower whose inbox is gone (410)", async () => {
    const followers = () => east.services.networks.countAcceptedFollowers();
    await mastodon.addAccount("dave");
    await mastodon.follow("dave", east.actorUrl);
    await eventually(async () => mastodon.received("dave", "Accept")[0]);
    const before = await followers();
    mastodon.goneAccounts.add("dave");
    await api(east, "POST", "/posts", { as: author, body: { kind: "offer", category: "meals", title: "Stew for eight", area: "Gràcia" } });
    await eventually(async () => (await followers()) === before - 1);
  });

  it("sends a network that becomes a sibling the open posts it missed", async () => {
    const publish = async (body: object) => (await api(east, "POST", "/posts", { as: author, body })).body.id as string;
    await publish({ kind: "request", category: "food", title: "Lentils for the kitchen", area: "Gràcia" });
    await publish({ kind: "offer", category: "meals", title: "Soup for ten", area: "Gràcia" });
    const withdrawn = await publish({ kind: "request", category: "food", title: "Flour for the bakery", area: "Gràcia" });
    await api(east, "PATCH", `/posts/${withdrawn}`, { as: author, body: { status: "withdrawn" } });
    await settled(east, north);
    expect((await feedOf(north)).map((p) => p.title)).not.toContain("Soup for ten"); // a follower, not yet a sibling

    await east.services.networks.follow(north.actorUrl);
    const atNorth = await eventually(async () =>
      (await north.services.networks.list()).find((n) => n.actor === east.actorUrl && n.follower === "pending"),
    );
    await north.services.networks.approveFollower(atNorth.id);
    try {
      const titles = await eventually(async () => {
        const list = (await feedOf(north)).map((p) => p.title);
        // Each post travels as its own delivery, in no particular order: wait for both.
        return list.includes("Lentils for the kitchen") && list.includes("Soup for ten") ? list : null;
      });
      expect(titles).toContain("Soup for ten");
      await settled(east, north);
      expect((await feedOf(north)).map((p) => p.title)).not.toContain("Flour for the bakery"); // withdrawn: not an open need
    } finally {
      // North goes back to being a follower only, as the other tests expect it.
      await north.services.networks.rejectFollower(atNorth.id);
      await eventually(async () =>
        (await east.services.networks.list()).find((n) => n.actor === north.actorUrl && n.following === "rejected"),
      );
      await settled(east, north);
    }
  });

  it("never puts a requester's identity, contact or exact place on the wire", async () => {
    await publishAndDeliver(fullRequest("Oxygen concentrator"));
    await settled(east, west, north);
    const wire = mastodon.deliveries.map((d) => JSON.stringify(d.body)).join("\n");
    expect(wire).toContain("Oxygen concentrator");
    for (const secret of SECRETS) expect(wire, `a delivery carries "${secret}"`).not.toContain(secret);
  });

  it("never puts private details into what siblings store", async () => {
    await publishAndDeliver(fullRequest("Glucose test strips"));
    const stored = JSON.stringify(await feedOf(west));
    expect(stored).toContain("Glucose test strips");
    for (const secret of SECRETS) expect(stored, `the sibling stored "${secret}"`).not.toContain(secret);
    const point = await api(west, "GET", "/feed?perPage=100");
    expect(JSON.stringify(point.body)).not.toContain("41.38712");
  });
});

async function coordinatorViewer() {
  return east.services.members.getByUsername("coord_omar");
}
