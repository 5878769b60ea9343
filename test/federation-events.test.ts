import { randomUUID } from "node:crypto";
import { getDocumentLoader } from "@fedify/vocab-runtime";
import jsonld from "jsonld";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { FakeMastodon, proofVerifies } from "./support/fake-mastodon.ts";
import { eventually, settled, startTestInstance, type TestInstance } from "./support/instance.ts";
import { makeSiblings } from "./support/networks.ts";
import { api, makePerson, type Person } from "./support/people.ts";

// Public events on the wire: what followers (Mastodon, Mobilizon, sibling networks) receive,
// and Joins and Leaves from people elsewhere, between real instances with signatures on.

let east: TestInstance;
let west: TestInstance;
let mobilizon: FakeMastodon;
let coordinator: Person;

beforeAll(async () => {
  [east, west] = await Promise.all([startTestInstance("eastside"), startTestInstance("westside")]);
  mobilizon = new FakeMastodon();
  await mobilizon.start();
  await east.services.areas.add("East side");
  coordinator = await makePerson(east, "coord_ed", "coordinator");
  await makeSiblings(east, west);
}, 180_000);
afterAll(() => Promise.all([east?.destroy(), west?.destroy(), mobilizon?.stop()]));

/** How many activities of `type` the instance's inbox has handled (its metrics say). */
async function handled(instance: TestInstance, type: string): Promise<number> {
  const metric = await instance.metrics.registry.getSingleMetric("mycelium_inbox_activities_total")!.get();
  return metric.values.filter((v) => v.labels.activity === type && v.labels.result === "handled").reduce((n, v) => n + v.value, 0);
}

function at(days: number) {
  const start = new Date(Date.now() + days * 86_400_000);
  start.setUTCMinutes(0, 0, 0);
  return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 2 * 3_600_000).toISOString() };
}

async function createEvent(fields: Record<string, unknown>) {
  const body = { description: "Bring bags.", kind: "distribution", area: "East side", visibility: "public", ...at(3), ...fields };
  const created = await api(east, "POST", "/events", { as: coordinator, body });
  expect(created.status).toBe(201);
  return created.body;
}

/** A follower on a Mobilizon-like server: it follows the network and waits for the Accept. */
async function follower(username: string) {
  const account = await mobilizon.addAccount(username);
  await mobilizon.follow(username, east.actorUrl);
  await eventually(async () => mobilizon.received(username, "Accept").length > 0);
  return account;
}

async function join(username: string, eventIri: string): Promise<string> {
  const id = `${mobilizon.account(username).actorUrl}/join/${randomUUID()}`;
  const actor = mobilizon.account(username).actorUrl;
  await mobilizon.send(username, east.actorUrl, {
    "@context": "https://www.w3.org/ns/activitystreams",
    id,
    type: "Join",
    actor,
    object: eventIri,
  });
  return id;
}

const answersTo = (username: string, joinId: string) =>
  mobilizon.deliveries
    .filter((d) => d.to === username && ["Accept", "Reject"].includes(d.body.type) && JSON.stringify(d.body.object).includes(joinId))
    .map((d) => d.body.type);

describe(`events on the wire (${testDriver})`, () => {
  it("sends a public event to followers in Mobilizon's shape, without the private address, losslessly", async () => {
    await follower("mob_shape");
    const event = await createEvent({ title: "Winter coat drive", place: "Parish hall", address: "7 Hidden Lane", capacity: 20 });
    const create = await eventually(async () =>
      mobilizon.received("mob_shape", "Create").find((a) => a.object?.type === "Event" && a.object.name === "Winter coat drive"),
    );
    expect(create.object).toMatchObject({
      url: `${east.url}/events/${event.id}`,
      joinMode: "free",
      maximumAttendeeCapacity: 20,
      remainingAttendeeCapacity: 20,
      participantCount: 0,
      status: "CONFIRMED",
      location: { type: "Place", name: "Parish hall, East side" },
    });
    expect([Date.parse(create.object.startTime), Date.parse(create.object.endTime)]).toEqual([
      Date.parse(event.startsAt),
      Date.parse(event.endsAt),
    ]);
    expect(create.object.summary).toContain("Winter coat drive");
    expect(create.object.summary).toContain("Parish hall");
    expect(JSON.stringify(create)).not.toContain("7 Hidden Lane");
    // Signed by the network (FEP-8b32), the follow's Accept as much as the Create.
    expect(await proofVerifies(create)).toBe(true);
    expect(await proofVerifies(mobilizon.received("mob_shape", "Accept")[0])).toBe(true);

    // A JSON-LD processor reads the Mobilizon terms as their full IRIs.
    const documentLoader = getDocumentLoader();
    const [expanded] = await jsonld.expand(create.object, { documentLoader });
    expect(expanded!["https://joinmobilizon.org/ns#joinMode"]).toEqual([{ "@value": "free" }]);
    expect(expanded!["http://schema.org#maximumAttendeeCapacity"]).toEqual([{ "@value": 20 }]);
    expect(expanded!["http://www.w3.org/2002/12/cal/ical#status"]).toEqual([{ "@value": "CONFIRMED" }]);

    const open = await createEvent({ title: "Open pantry", address: "1 Main Street", addressPublic: true });
    const shown = await eventually(async () => mobilizon.received("mob_shape", "Create").find((a) => a.object?.name === "Open pantry"));
    expect(shown.object.location.address).toEqual({ type: "PostalAddress", streetAddress: "1 Main Street", addressLocality: "East side" });
    const fetched = await (await fetch(`${east.url}/ap/events/${open.id}`, { headers: { accept: "application/activity+json" } })).json();
    expect(fetched).toMatchObject({ type: "Event", name: "Open pantry", joinMode: "free" });
  });

  it("never sends a members-only event, and a sibling does not take a public one for a crisis", async () => {
    await follower("mob_quiet");
    const before = await handled(west, "Create");
    await createEvent({ title: "Members' budget assembly", kind: "assembly", visibility: "members" });
    const party = await createEvent({ title: "Street party", kind: "social" });
    await settled(east, west);
    const titles = mobilizon.received("mob_quiet", "Create").map((a) => a.object?.name);
    expect(titles).toContain("Street party");
    expect(titles).not.toContain("Members' budget assembly");
    expect((await fetch(`${east.url}/ap/events/${randomUUID()}`, { headers: { accept: "application/activity+json" } })).status).toBe(404);
    expect(await west.services.siblingPosts.knowsCrisis(`${east.url}/ap/events/${party.id}`)).toBe(false);
    expect(await handled(west, "Create")).toBe(before + 1);
    const nearby = await (await fetch(`${west.url}/nearby`)).text();
    expect(nearby).toContain("Street party");
    expect(nearby).not.toContain("Members' budget assembly");
  });

  it("shows a sibling's public events on the Nearby page, with their changes, and drops them when withdrawn", async () => {
    const event = await createEvent({
      title: "Tool library opening",
      kind: "social",
      place: "Old fire station",
      address: "3 Quiet Row",
      capacity: 30,
    });
    const nearbyOnWest = async () => (await fetch(`${west.url}/nearby`)).text();
    const listed = async () => (await west.services.siblingEvents.listUpcoming()).find((e) => e.title === "Tool library opening");
    const seen = await eventually(listed);
    expect(seen).toMatchObject({
      place: "Old fire station, East side",
      address: null,
      capacity: 30,
      remainingCapacity: 30,
      status: "confirmed",
    });
    expect(seen.url).toBe(`${east.url}/events/${event.id}`);
    expect(await nearbyOnWest()).not.toContain("3 Quiet Row");
    const listedByApi = await api(west, "GET", "/feed/events");
    expect(listedByApi.body.find((e: { title: string }) => e.title === "Tool library opening")).toMatchObject({
      address: null,
      capacity: 30,
    });

    await api(east, "PATCH", `/events/${event.id}`, { as: coordinator, body: { ...at(10), addressPublic: true } });
    const moved = await eventually(async () => {
      const found = await listed();
      return found?.startsAt === at(10).startsAt ? found : null;
    });
    expect(moved.address).toBe("3 Quiet Row, East side");
    await api(east, "POST", `/events/${event.id}/cancel`, { as: coordinator });
    await eventually(async () => (await listed())?.status === "cancelled");
    expect(await nearbyOnWest()).toMatch(/Cancelled[\s\S]*Tool library opening|Tool library opening[\s\S]*Cancelled/);

    const other = await createEvent({ title: "Repair cafe", kind: "skill_share" });
    await eventually(async () => (await west.services.siblingEvents.listUpcoming()).some((e) => e.title === "Repair cafe"));
    await api(east, "PATCH", `/events/${other.id}`, { as: coordinator, body: { visibility: "members" } });
    await eventually(async () => !(await west.services.siblingEvents.listUpcoming()).some((e) => e.title === "Repair cafe"));
    expect(await nearbyOnWest()).not.toContain("Repair cafe");
  });

  it("sends an event to five inboxes or more whole, with a proof that verifies", async () => {
    // Five followers and the sibling: enough inboxes for Fedify's fan-out, which would drop Mobilizon's terms.
    const crowd = ["mob_crowd1", "mob_crowd2", "mob_crowd3", "mob_crowd4", "mob_crowd5"];
    for (const username of crowd) await follower(username);
    const event = await createEvent({ title: "Blanket swap", kind: "social", capacity: 12 });
    await api(east, "PATCH", `/events/${event.id}`, { as: coordinator, body: { capacity: 10 } });
    for (const username of crowd) {
      const sent = (type: string) =>
        eventually(async () => mobilizon.received(username, type).find((a) => a.object?.name === "Blanket swap"));
      for (const [activity, capacity] of [
        [await sent("Create"), 12],
        [await sent("Update"), 10],
      ]) {
        expect(activity.object).toMatchObject({ joinMode: "free", maximumAttendeeCapacity: capacity, status: "CONFIRMED" });
        expect(await proofVerifies(activity)).toBe(true);
      }
    }
  });

  it("tells followers of a new time with an Update and a Note, and of a cancellation", async () => {
    await follower("mob_change");
    const event = await createEvent({ title: "Seed library", kind: "skill_share" });
    await eventually(async () => mobilizon.received("mob_change", "Create").find((a) => a.object?.name === "Seed library"));
    await api(east, "PATCH", `/events/${event.id}`, { as: coordinator, body: at(9) });
    const update = await eventually(async () => mobilizon.received("mob_change", "Update").find((a) => a.object?.name === "Seed library"));
    expect(Date.parse(update.object.startTime)).toBe(Date.parse(at(9).startsAt));
    const note = await eventually(async () =>
      mobilizon.received("mob_change", "Create").find((a) => a.object?.type === "Note" && a.object.content.includes("Seed library")),
    );
    expect(note.object.content).toContain("Changed");
    await api(east, "POST", `/events/${event.id}/cancel`, { as: coordinator });
    const cancelled = await eventually(async () =>
      mobilizon.received("mob_change", "Update").find((a) => a.object?.name === "Seed library" && a.object.status === "CANCELLED"),
    );
    expect(cancelled.object.summary).toContain("Cancelled");
  });

  it("accepts a Mobilizon Join while there is room, waitlists the next, and accepts them when the first leaves", async () => {
    const event = await createEvent({ title: "Soup kitchen shift", kind: "other", capacity: 1 });
    const eventIri = `${east.url}/ap/events/${event.id}`;
    await mobilizon.addAccount("mob_first");
    await mobilizon.addAccount("mob_second");
    const first = await join("mob_first", eventIri);
    await eventually(async () => answersTo("mob_first", first).length > 0);
    expect(answersTo("mob_first", first)).toEqual(["Accept"]);
    const second = await join("mob_second", eventIri);
    await settled(east);
    expect(answersTo("mob_second", second)).toEqual([]);
    const seen = (await api(east, "GET", `/events/${event.id}`, { as: coordinator })).body;
    expect(seen).toMatchObject({ goingCount: 1, waitlistCount: 1 });
    expect(seen.attendees.map((a: { name: string }) => a.name).join(" ")).toContain("mob_first");

    const actor = mobilizon.account("mob_first").actorUrl;
    await mobilizon.send("mob_first", east.actorUrl, {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${actor}/leave/${randomUUID()}`,
      type: "Leave",
      actor,
      object: eventIri,
    });
    await eventually(async () => answersTo("mob_second", second).length > 0);
    expect(answersTo("mob_second", second)).toEqual(["Accept"]);
    expect((await api(east, "GET", `/events/${event.id}`)).body).toMatchObject({ goingCount: 1, waitlistCount: 0 });

    const members = await createEvent({ title: "Members' supper", kind: "social", visibility: "members" });
    const refused = await join("mob_first", `${east.url}/ap/events/${members.id}`);
    await eventually(async () => answersTo("mob_first", refused).length > 0);
    expect(answersTo("mob_first", refused)).toEqual(["Reject"]);
  });
});
