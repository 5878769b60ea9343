import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";

let instance: TestInstance;
let coordinator: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  coordinator = await makePerson(instance, "coord_eva", "coordinator");
});
afterAll(() => instance?.destroy());

/** A two-hour event `days` from now, as ISO date-times. */
function at(days: number, hours = 2) {
  const start = new Date(Date.now() + days * 86_400_000);
  start.setUTCMinutes(0, 0, 0);
  return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + hours * 3_600_000).toISOString() };
}

async function createEvent(fields: Record<string, unknown>, as: Person = coordinator) {
  const body = { title: "Food distribution", description: "Bring bags.", kind: "distribution", area: "East side", visibility: "public" };
  return api(instance, "POST", "/events", { as, body: { ...body, ...at(3), ...fields } });
}

async function noticesOf(person: Person): Promise<string[]> {
  return (await api(instance, "GET", "/notifications", { as: person })).body.items.map((n: { text: string }) => n.text);
}

describe(`events through the API (${testDriver})`, () => {
  it("shows a public event to everyone, but its street address and members-only events only to members", async () => {
    const member = await makePerson(instance, "member_mia", "member");
    const open = await createEvent({ title: "Saturday pantry", place: "Community hall", address: "12 Elm Street", ...at(5) });
    expect(open.status).toBe(201);
    expect(open.body).toMatchObject({ title: "Saturday pantry", status: "confirmed", goingCount: 0, waitlistCount: 0 });
    const sooner = await createEvent({ title: "Members' assembly", kind: "assembly", visibility: "members", ...at(4) });
    expect(sooner.status).toBe(201);

    const publicView = await api(instance, "GET", `/events/${open.body.id}`);
    expect(publicView.body).toMatchObject({ place: "Community hall", address: null, organiser: null });
    expect(JSON.stringify(await api(instance, "GET", "/events"))).not.toContain("12 Elm Street");
    expect((await api(instance, "GET", `/events/${sooner.body.id}`)).status).toBe(404);
    const publicList = (await api(instance, "GET", "/events")).body.map((e: { title: string }) => e.title);
    expect(publicList).toContain("Saturday pantry");
    expect(publicList).not.toContain("Members' assembly");

    expect((await api(instance, "GET", `/events/${open.body.id}`, { as: member })).body.address).toBe("12 Elm Street");
    const memberList = (await api(instance, "GET", "/events", { as: member })).body.map((e: { title: string }) => e.title);
    // Upcoming first: the assembly in four days comes before the pantry in five.
    expect(memberList.indexOf("Members' assembly")).toBeLessThan(memberList.indexOf("Saturday pantry"));

    const shown = await createEvent({ title: "Open distribution", address: "3 Oak Road", addressPublic: true });
    expect((await api(instance, "GET", `/events/${shown.body.id}`)).body.address).toBe("3 Oak Road");
  });

  it("names each bad field and lets members create events only where the network allows it", async () => {
    const backwards = await createEvent({ startsAt: at(3).endsAt, endsAt: at(3).startsAt });
    expect(backwards.status).toBe(422);
    expect(backwards.body.fields).toHaveProperty("endsAt");
    const malformed = await createEvent({ capacity: 0, onlineUrl: "ftp://example.org/x", kind: "party" });
    expect(malformed.status).toBe(400);
    expect(Object.keys(malformed.body.fields).sort()).toEqual(["capacity", "kind", "onlineUrl"]);
    const nowhere = await createEvent({ area: "Atlantis" });
    expect(nowhere.status).toBe(422);
    expect(nowhere.body.fields).toHaveProperty("area");
    expect((await createEvent({ startsAt: "2020-01-01T10:00:00Z", endsAt: "2020-01-01T12:00:00Z" })).body.fields).toHaveProperty(
      "startsAt",
    );

    const member = await makePerson(instance, "member_max", "member");
    expect((await createEvent({ title: "Repair café" }, member)).status).toBe(403);
    const admin = await makePerson(instance, "admin_ada", "admin");
    const saved = await admin.web.post("/settings", { name: "eastside", summary: "", membersCreateEvents: "on" });
    expect(saved.status).toBe(303);
    try {
      const made = await createEvent({ title: "Repair café", kind: "skill_share" }, member);
      expect(made.status).toBe(201);
      expect(made.body.canEdit).toBe(true);
    } finally {
      await admin.web.post("/settings", { name: "eastside", summary: "" });
    }
  });

  it("puts people on a waiting list when full and moves the earliest up when someone leaves, telling them", async () => {
    const event = (await createEvent({ title: "Bike repair class", kind: "training", capacity: 2 })).body;
    const people = [];
    for (const name of ["wl_ann", "wl_ben", "wl_cat", "wl_dan"]) people.push(await makePerson(instance, name, "member"));
    const answers = [];
    for (const person of people) {
      answers.push((await api(instance, "POST", `/events/${event.id}/rsvp`, { as: person, body: { response: "going" } })).body.status);
    }
    expect(answers).toEqual(["going", "going", "waitlisted", "waitlisted"]);
    expect((await api(instance, "GET", `/events/${event.id}`)).body).toMatchObject({ goingCount: 2, waitlistCount: 2 });

    const left = await api(instance, "POST", `/events/${event.id}/rsvp`, { as: people[0]!, body: { response: "not_going" } });
    expect(left.body.status).toBe("not_going");
    const after = await api(instance, "GET", `/events/${event.id}`, { as: people[2]! });
    expect(after.body).toMatchObject({ goingCount: 2, waitlistCount: 1, myStatus: "going" });
    expect(await noticesOf(people[2]!)).toContain("A place opened up: you are going to “Bike repair class”.");
    expect(await noticesOf(people[3]!)).toEqual([]);

    const bad = await api(instance, "POST", `/events/${event.id}/rsvp`, { as: people[3]!, body: { response: "perhaps" } });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toHaveProperty("response");
  });

  it("never over-books when many answer at once", async () => {
    const event = (await createEvent({ title: "Cooking workshop", kind: "skill_share", capacity: 3 })).body;
    const people = await Promise.all(Array.from({ length: 10 }, (_, i) => makePerson(instance, `rush_${i}`, "member")));
    const answers = await Promise.all(
      people.map((person) => api(instance, "POST", `/events/${event.id}/rsvp`, { as: person, body: { response: "going" } })),
    );
    const statuses = answers.map((a) => a.body.status);
    expect(statuses.filter((s) => s === "going")).toHaveLength(3);
    expect(statuses.filter((s) => s === "waitlisted")).toHaveLength(7);
    expect((await api(instance, "GET", `/events/${event.id}`)).body).toMatchObject({ goingCount: 3, waitlistCount: 7 });
  });

  it("tells those coming of a new time and of a cancellation, and serves the event as a calendar file", async () => {
    const event = (await createEvent({ title: "Neighbourhood picnic", kind: "social", place: "River park" })).body;
    const guest = await makePerson(instance, "guest_gus", "member");
    await api(instance, "POST", `/events/${event.id}/rsvp`, { as: guest, body: { response: "maybe" } });

    const retitled = await api(instance, "PATCH", `/events/${event.id}`, { as: coordinator, body: { description: "Bring a dish." } });
    expect(retitled.status).toBe(200);
    expect(await noticesOf(guest)).toEqual([]);
    const moved = await api(instance, "PATCH", `/events/${event.id}`, { as: coordinator, body: at(6) });
    expect(moved.body.startsAt).toBe(at(6).startsAt);
    expect(await noticesOf(guest)).toEqual(["The time or place of “Neighbourhood picnic” changed."]);
    expect((await api(instance, "PATCH", `/events/${event.id}`, { as: guest, body: { title: "Mine now" } })).status).toBe(403);

    const feed = /(http:\/\/[^<\s]+\/calendar\/[A-Za-z0-9_-]+\.ics)/.exec(await (await guest.web.post("/tasks/calendar", {})).text())![1]!;
    expect(await (await fetch(feed)).text()).toContain("SUMMARY:Neighbourhood picnic");

    const cancelled = await api(instance, "POST", `/events/${event.id}/cancel`, { as: coordinator });
    expect(cancelled.body.status).toBe("cancelled");
    expect((await noticesOf(guest))[0]).toBe("“Neighbourhood picnic” was cancelled.");
    const late = await api(instance, "POST", `/events/${event.id}/rsvp`, { as: guest, body: { response: "going" } });
    expect(late.status).toBe(409);

    const ics = await fetch(`${instance.url}/events/${event.id}.ics`);
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    const text = await ics.text();
    expect(text).toContain("SUMMARY:Neighbourhood picnic");
    expect(text).toContain("STATUS:CANCELLED");
  });

  it("keeps an assembly's agenda and minutes for members", async () => {
    const member = await makePerson(instance, "member_moe", "member");
    const assembly = (await createEvent({ title: "Open assembly", kind: "assembly" })).body;
    const closesAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const proposal = { title: "Pantry budget", body: "Spend 200 on a freezer.", process: "consent", closesAt };
    const decision = (await api(instance, "POST", "/decisions", { as: coordinator, body: proposal })).body.id;
    const unknown = await api(instance, "PATCH", `/events/${assembly.id}`, {
      as: coordinator,
      body: { agenda: [{ title: "Budget", decision: "0b9d6c1e-4f5a-4c3b-9a7e-2d1f0e9c8b7a" }] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.fields.agenda).toContain("no decision");
    const agenda = [{ title: "Budget for the pantry", decision }, { title: "Any other business" }];
    const saved = await api(instance, "PATCH", `/events/${assembly.id}`, {
      as: coordinator,
      body: { agenda, minutes: "We agreed to buy a freezer." },
    });
    expect(saved.status).toBe(200);
    const seen = (await api(instance, "GET", `/events/${assembly.id}`, { as: member })).body;
    expect(seen.agenda).toEqual([
      { title: "Budget for the pantry", decision },
      { title: "Any other business", decision: null },
    ]);
    expect(seen.minutes).toBe("We agreed to buy a freezer.");
    const outside = (await api(instance, "GET", `/events/${assembly.id}`)).body;
    expect(outside).toMatchObject({ agenda: [], minutes: null });

    const social = (await createEvent({ title: "Games night", kind: "social" })).body;
    const refused = await api(instance, "PATCH", `/events/${social.id}`, { as: coordinator, body: { agenda } });
    expect(refused.status).toBe(422);
    expect(refused.body.fields).toHaveProperty("agenda");
  });
});
