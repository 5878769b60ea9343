import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { FakeMastodon } from "./support/fake-mastodon.ts";
import { eventually, settled, startTestInstance, type TestInstance } from "./support/instance.ts";
import { makeSiblings } from "./support/networks.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { visibleText } from "./support/web-client.ts";

let east: TestInstance;
let west: TestInstance;
let north: TestInstance;
let mastodon: FakeMastodon;
let eastCoordinator: Person;
let eastMember: Person;
let westCoordinator: Person;
let northCoordinator: Person;

const feedOf = async (instance: TestInstance, viewer: Person) =>
  (await api(instance, "GET", "/feed?perPage=100", { as: viewer })).body.items as any[];

/**
 * Each test declares its own crisis over its own area, so that what one test forwards,
 * holds or ends never touches another's needs.
 */
const AREAS = ["Riverside", "Harbour", "Old Town", "Uplands", "Lakeside", "Docks", "Hilltop", "Forest"];

async function declareCrisis(title: string, area: string, extra: Record<string, unknown> = {}): Promise<string> {
  const declared = await api(east, "POST", "/crises", {
    as: eastCoordinator,
    body: { title, areas: [area], categories: ["food", "shelter"], severity: "severe", ...extra },
  });
  expect(declared.status).toBe(201);
  return declared.body.id;
}

/** A request by East's member; resolves to its id. */
async function request(title: string, area: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await api(east, "POST", "/posts", { as: eastMember, body: { kind: "request", category: "food", title, area, ...extra } });
  expect(created.status).toBe(201);
  return created.body.id;
}

/** Waits until West lists the need as forwarded in a crisis. */
const forwardedToWest = (title: string) =>
  eventually(async () => (await feedOf(west, westCoordinator)).find((i) => i.title === title && i.forwarded));

beforeAll(async () => {
  [east, west, north] = await Promise.all([startTestInstance("eastside"), startTestInstance("westside"), startTestInstance("northside")]);
  mastodon = new FakeMastodon();
  await mastodon.start();
  for (const area of AREAS) await east.services.areas.add(area);
  eastCoordinator = await makePerson(east, "coord_eve", "coordinator");
  eastMember = await makePerson(east, "member_max", "member");
  westCoordinator = await makePerson(west, "coord_will", "coordinator");
  northCoordinator = await makePerson(north, "coord_nina", "coordinator");
  // east — west — north: north is west's sibling, not east's.
  await makeSiblings(east, west);
  await makeSiblings(west, north);
  await mastodon.addAccount("alice");
  await mastodon.follow("alice", west.actorUrl);
  await mastodon.follow("alice", east.actorUrl);
  await eventually(async () => mastodon.received("alice", "Accept").length === 2);
  await settled(east, west, north);
}, 120_000);
afterAll(async () => {
  await Promise.all([east?.destroy(), west?.destroy(), north?.destroy(), mastodon?.stop()]);
});

describe(`crisis forwarding between networks (${testDriver})`, () => {
  it("announces a declared crisis to Mastodon and tells siblings in structured form", async () => {
    const declared = await api(east, "POST", "/crises", {
      as: eastCoordinator,
      body: {
        title: "River flooding",
        description: "The river burst its banks.",
        areas: ["Riverside"],
        categories: ["food", "shelter"],
        severity: "severe",
      },
    });
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({ active: true, forwardDelayMinutes: 120, maxHops: 1 });

    const note = await eventually(async () =>
      mastodon.received("alice", "Create").find((c) => c.object.content.includes("River flooding")),
    );
    expect(note.actor).toBe(east.actorUrl);
    expect(note.object.tag.map((t: { name: string }) => t.name)).toEqual(["#MutualAid", "#Crisis"]);

    const refused = await api(east, "POST", "/crises", {
      as: eastMember,
      body: { title: "Not mine", areas: ["Riverside"], categories: ["food"], severity: "low" },
    });
    expect(refused.status).toBe(403);
  });

  it("forwards a critical request at once; the sibling lists it as a cross-network need and announces it by reference", async () => {
    await declareCrisis("Storm surge", "Harbour");
    const critical = await request("Food for 12 evacuees", "Harbour", {
      urgency: "critical",
      contact: { name: "Hidden Person", phone: "555-0000-1" },
    });
    const item = await forwardedToWest("Food for 12 evacuees");
    expect(item).toMatchObject({ forwarded: true, crisis: { title: "Storm surge" }, origin: { actor: east.actorUrl } });
    expect(JSON.stringify(item)).not.toContain("Hidden Person");
    // West's coordinators are told that a sibling asks for help.
    const told = (await api(west, "GET", "/notifications", { as: westCoordinator })).body.items;
    expect(told).toContainEqual(
      expect.objectContaining({ kind: "need_forwarded", text: "A sibling network asks for help: “Food for 12 evacuees”." }),
    );
    expect(JSON.stringify(told)).not.toMatch(/Hidden Person|555-0000-1/);

    // West tells its own followers, by reference to East's Note: never a re-created copy.
    const announce = await eventually(async () =>
      mastodon.received("alice", "Announce").find((a) => a.actor === west.actorUrl && a.object === `${east.url}/ap/notes/${critical}`),
    );
    expect(announce.object).toBe(`${east.url}/ap/notes/${critical}`);
    // With one hop allowed, North (West's sibling, not East's) does not get it.
    await settled(east, west, north);
    expect((await feedOf(north, northCoordinator)).some((i) => i.title === "Food for 12 evacuees")).toBe(false);
  });

  it("waits the crisis's delay for other requests; coordinators forward or hold back by hand", async () => {
    const crisisId = await declareCrisis("Landslide", "Old Town");
    const waiting = await request("A dry room for two", "Old Town", { category: "shelter" });
    const held = await request("Tent for a family", "Old Town", { category: "shelter" });
    await request("Uplands soup", "Uplands", { urgency: "critical" });
    // The worker's sweep runs once more, and everything it or the posts queued is delivered.
    await east.services.crises.forwardDue();
    await settled(east, west);
    const titles = (await feedOf(west, westCoordinator)).filter((i) => i.forwarded).map((i) => i.title);
    expect(titles).not.toContain("A dry room for two");
    expect(titles).not.toContain("Uplands soup"); // not in the crisis's areas

    expect((await api(east, "POST", `/posts/${held}/hold`, { as: eastCoordinator })).status).toBe(204);
    expect((await api(east, "POST", `/posts/${waiting}/forward`, { as: eastCoordinator, body: { crisis: crisisId } })).status).toBe(204);
    await forwardedToWest("A dry room for two");
    expect((await api(east, "POST", `/posts/${waiting}/forward`, { as: eastCoordinator, body: { crisis: crisisId } })).status).toBe(409);
    expect((await api(east, "POST", `/posts/${waiting}/forward`, { as: eastMember, body: {} })).status).toBe(403);
  });

  // Three round trips between the networks, each through both queues: give it room on a busy machine.
  it("takes help from a sibling's member to the origin, and the coordinator's answer back", async () => {
    await declareCrisis("Power cut", "Lakeside");
    const westMember = await makePerson(west, "helper_hana", "member");
    const need = await api(east, "POST", "/posts", {
      as: eastMember,
      body: {
        kind: "request",
        category: "food",
        title: "Meals for 6 families",
        area: "Lakeside",
        urgency: "critical",
        quantity: 6,
        unit: "meals",
        contact: { phone: "555-PRIVATE-9" },
      },
    });
    const item = await eventually(async () => (await feedOf(west, westMember)).find((i) => i.title === "Meals for 6 families"));
    const offered = await api(west, "POST", `/feed/${item.id}/responses`, {
      as: westMember,
      body: { message: "Our kitchen can cook 4 meals tonight", quantity: 4 },
    });
    expect(offered.status).toBe(201);
    expect(offered.body).toMatchObject({ status: "received", quantity: 4, mine: true });

    const [received] = await eventually(async () => {
      const list = (await api(east, "GET", `/posts/${need.body.id}/responses`, { as: eastCoordinator })).body;
      return Array.isArray(list) && list.length > 0 ? list : null;
    });
    expect(received).toMatchObject({ source: "sibling", quantity: 4, status: "received", from: { actor: west.actorUrl } });
    expect(received.contentHtml).toContain("Our kitchen can cook 4 meals tonight");
    expect((await api(east, "GET", `/posts/${need.body.id}/responses`, { as: eastMember })).status).toBe(403);
    const coordinatorTold = (await api(east, "GET", "/notifications", { as: eastCoordinator })).body.items;
    expect(coordinatorTold).toContainEqual(expect.objectContaining({ kind: "help_offered", url: `${east.url}/posts/${need.body.id}` }));

    const decided = await api(east, "POST", `/responses/${received.id}/decision`, { as: eastCoordinator, body: { decision: "accept" } });
    expect(decided.body.status).toBe("accepted");
    // The requester hears that help came, but not from whom.
    const requesterTold = (await api(east, "GET", "/notifications", { as: eastMember })).body.items;
    expect(requesterTold).toContainEqual(
      expect.objectContaining({
        kind: "help_accepted",
        text: "Your network accepted the help offered from another network for “Meals for 6 families”.",
      }),
    );
    // 4 of 6 meals: partly matched, at home and at the sibling.
    expect((await api(east, "GET", `/posts/${need.body.id}`)).body.status).toBe("partially_matched");
    await eventually(async () => (await feedOf(west, westMember)).find((i) => i.id === item.id && i.status === "partially_matched"));
    // The helper and the helper's coordinator see the answer.
    await eventually(
      async () => (await api(west, "GET", `/posts/${item.id}/responses`, { as: westMember })).body[0]?.status === "accepted",
    );
    expect((await api(west, "GET", `/posts/${item.id}/responses`, { as: westCoordinator })).body).toHaveLength(1);
    // Deciding twice is a conflict; the requester's contact never travelled.
    expect(
      (await api(east, "POST", `/responses/${received.id}/decision`, { as: eastCoordinator, body: { decision: "decline" } })).status,
    ).toBe(409);
    expect(JSON.stringify(await feedOf(west, westCoordinator))).not.toContain("PRIVATE");

    // The same, on the pages: an offer from Nearby networks, a decision on the post's page.
    const nearby = visibleText((await westMember.web.page("/nearby")).html);
    expect(nearby).toContain("Forwarded during: Power cut");
    const sent = await westMember.web.post(`/nearby/${item.id}/respond`, { message: "Two more meals from us", quantity: "2" });
    expect(sent.headers.get("location")).toBe("/nearby?offered=1");
    const second = await eventually(async () =>
      (await api(east, "GET", `/posts/${need.body.id}/responses`, { as: eastCoordinator })).body.find(
        (r: { quantity: number }) => r.quantity === 2,
      ),
    );
    const postPage = visibleText((await eastCoordinator.web.page(`/posts/${need.body.id}`)).html);
    expect(postPage).toContain("Two more meals from us");
    expect(postPage).toContain("waiting for a decision");
    const decidedOnPage = await eastCoordinator.web.post(`/responses/${second.id}/decision`, { decision: "accept" });
    expect(decidedOnPage.headers.get("location")).toBe(`/posts/${need.body.id}`);
    expect((await api(east, "GET", `/posts/${need.body.id}`)).body.status).toBe("matched");
  }, 60_000);

  it("closes the need everywhere when it is fulfilled, and undoes the sibling's Announce", async () => {
    await declareCrisis("Gas leak", "Docks");
    const critical = await request("Food for 12 evacuees at the docks", "Docks", { urgency: "critical" });
    await forwardedToWest("Food for 12 evacuees at the docks");
    await eventually(async () =>
      mastodon.received("alice", "Announce").find((a) => a.actor === west.actorUrl && a.object === `${east.url}/ap/notes/${critical}`),
    );
    await api(east, "PATCH", `/posts/${critical}`, { as: eastCoordinator, body: { status: "fulfilled" } });
    await eventually(async () => (await feedOf(west, westCoordinator)).every((i) => i.title !== "Food for 12 evacuees at the docks"));
    const undo = await eventually(async () =>
      mastodon.received("alice", "Undo").find((u) => u.actor === west.actorUrl && u.object.object === `${east.url}/ap/notes/${critical}`),
    );
    expect(undo.object.type).toBe("Announce");
    expect(undo.object.object).toBe(`${east.url}/ap/notes/${critical}`);
  });

  it("passes a need on through more networks when the crisis allows more hops, once, without loops", async () => {
    const wide = await api(east, "POST", "/crises", {
      as: eastCoordinator,
      body: {
        title: "Heatwave",
        areas: ["Hilltop"],
        categories: ["medical_supplies"],
        severity: "extreme",
        maxHops: 2,
        forwardDelayMinutes: 0,
      },
    });
    expect(wide.status).toBe(201);
    const fans = await api(east, "POST", "/posts", {
      as: eastMember,
      body: { kind: "request", category: "medical_supplies", title: "Fans for the care home", area: "Hilltop" },
    });
    const atNorth = await eventually(async () => (await feedOf(north, northCoordinator)).find((i) => i.title === "Fans for the care home"));
    expect(atNorth).toMatchObject({ forwarded: true, origin: { actor: east.actorUrl } });
    await settled(east, west, north);
    expect((await feedOf(north, northCoordinator)).filter((i) => i.title === "Fans for the care home")).toHaveLength(1);
    expect((await feedOf(west, westCoordinator)).filter((i) => i.title === "Fans for the care home")).toHaveLength(1);
    // Nothing came back to the origin as a need of its own.
    expect((await feedOf(east, eastCoordinator)).some((i) => i.title === "Fans for the care home")).toBe(false);

    // When it is fulfilled, North, which cannot hear from East directly, learns it through West.
    await api(east, "PATCH", `/posts/${fans.body.id}`, { as: eastCoordinator, body: { status: "fulfilled" } });
    // Closed needs leave the list of open ones.
    await eventually(async () => !(await feedOf(north, northCoordinator)).some((i) => i.title === "Fans for the care home"));
  });

  it("ends a crisis: its forwarded needs close at the siblings and the end is announced", async () => {
    const crisisId = await declareCrisis("Forest fire", "Forest");
    // Four needs forwarded (one by hand): one fulfilled, one helped twice by West, two waiting.
    const pending = await request("Bread for the shelter", "Forest", { urgency: "critical" });
    const fulfilled = await request("Water for the shelter", "Forest", { urgency: "critical" });
    const helped = await request("Masks for the volunteers", "Forest", { urgency: "critical", quantity: 6 });
    const byHand = await request("Cots for the shelter", "Forest", { category: "shelter" });
    expect((await api(east, "POST", `/posts/${byHand}/forward`, { as: eastCoordinator, body: { crisis: crisisId } })).status).toBe(204);
    await forwardedToWest("Bread for the shelter");
    await forwardedToWest("Cots for the shelter");
    await forwardedToWest("Water for the shelter");
    await api(east, "PATCH", `/posts/${fulfilled}`, { as: eastCoordinator, body: { status: "fulfilled" } });
    const helperAtWest = await makePerson(west, "helper_ines", "member");
    const atWest = await forwardedToWest("Masks for the volunteers");
    for (const quantity of [4, 2]) {
      const offered = await api(west, "POST", `/feed/${atWest.id}/responses`, {
        as: helperAtWest,
        body: { message: `${quantity} masks`, quantity },
      });
      expect(offered.status).toBe(201);
    }
    const responses = await eventually(async () => {
      const list = (await api(east, "GET", `/posts/${helped}/responses`, { as: eastCoordinator })).body;
      return Array.isArray(list) && list.length === 2 ? list : null;
    });
    for (const response of responses) {
      const decided = await api(east, "POST", `/responses/${response.id}/decision`, { as: eastCoordinator, body: { decision: "accept" } });
      expect(decided.body.status).toBe("accepted");
    }
    expect((await api(east, "GET", `/posts/${helped}`)).body.status).toBe("matched");

    const ended = await api(east, "POST", `/crises/${crisisId}/end`, { as: eastCoordinator });
    expect(ended.body).toMatchObject({ active: false });
    await eventually(async () => {
      const item = (await feedOf(west, westCoordinator)).find((i) => i.title === "Bread for the shelter");
      return item && !item.forwarded;
    });
    await eventually(async () => mastodon.received("alice", "Undo").find((u) => u.object.object === `${east.url}/ap/notes/${pending}`));
    await eventually(async () => mastodon.received("alice", "Update").find((u) => u.object.content?.includes("Forest fire")));

    const report = await api(east, "GET", `/crises/${crisisId}`, { as: eastCoordinator });
    expect(report.body.forwarding).toMatchObject({ forwarded: 4, fulfilled: 1 });
    // West responded twice (both accepted) to the meals, which are matched, not yet fulfilled.
    expect(report.body.siblings).toEqual([
      expect.objectContaining({
        network: expect.objectContaining({ actor: west.actorUrl }),
        needsForwarded: 4,
        responsesReceived: 2,
        responsesAccepted: 2,
        needsFulfilled: 0,
        medianMinutesToFirstResponse: expect.any(Number),
        medianMinutesToFulfilment: null,
      }),
    ]);
    // The list shows it ended, newest crises first.
    const listed = (await api(east, "GET", "/crises", { as: eastCoordinator })).body as {
      id: string;
      active: boolean;
      createdAt: string;
    }[];
    expect(listed.find((c) => c.id === crisisId)).toMatchObject({ title: "Forest fire", active: false });
    const created = listed.map((c) => c.createdAt);
    expect(created).toEqual([...created].sort().reverse());
  });
});
