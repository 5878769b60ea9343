import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { approveVolunteer } from "./support/volunteers.ts";

let instance: TestInstance;
let admin: Person;
let coordinator: Person;
let requester: Person;
let offerer: Person;
let neighbour: Person;
let volunteer: Person;

const REQUESTER_CONTACT = { name: "Ximena Quiroga-Test", phone: "+34 611 222 333", address: "Calle Secreta 17, 2ºB" };

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  admin = await makePerson(instance, "admin_ana", "admin");
  coordinator = await makePerson(instance, "coord_cy", "coordinator");
  requester = await makePerson(instance, "req_ximena", "member", "Ximena Q");
  offerer = await makePerson(instance, "offer_otto", "member", "Otto O");
  neighbour = await makePerson(instance, "nosy_nell", "member");
  volunteer = await makePerson(instance, "vol_vera", "member", "Vera V");
});
afterAll(() => instance?.destroy());

async function post(as: Person, body: Record<string, unknown>): Promise<string> {
  const created = await api(instance, "POST", "/posts", { as, body: { area: "East side", ...body } });
  expect(created.status).toBe(201);
  return created.body.id;
}

async function pair(category: string, quantity = 2): Promise<{ request: string; offer: string }> {
  const request = await post(requester, { kind: "request", category, title: `Need ${category}`, quantity, contact: REQUESTER_CONTACT });
  const offer = await post(offerer, {
    kind: "offer",
    category,
    title: `Spare ${category}`,
    quantity: 10,
    contact: { phone: "+34 699 000 111" },
  });
  return { request, offer };
}

const patch = (as: Person, id: string, body: unknown) => api(instance, "PATCH", `/matches/${id}`, { as, body });

/** A window on the next `weekday` (0 = Sunday) at 10:00–11:00 server time. */
function windowOn(weekday: number): { windowStart: string; windowEnd: string } {
  const start = new Date();
  start.setDate(start.getDate() + ((weekday - start.getDay() + 7) % 7 || 7));
  start.setHours(10, 0, 0, 0);
  return { windowStart: start.toISOString(), windowEnd: new Date(start.getTime() + 3_600_000).toISOString() };
}

describe(`the handover of a match (${testDriver})`, () => {
  it("shows the two parties each other's contact once the match is accepted, and nobody else", async () => {
    const { request, offer } = await pair("groceries");
    const created = await api(instance, "POST", "/matches", { as: coordinator, body: { request, offer, quantity: 2 } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.parties.requester.contact.phone).toBe(REQUESTER_CONTACT.phone); // coordinators always

    const proposed = await api(instance, "GET", `/matches/${id}`, { as: offerer });
    expect(proposed.body.roles).toEqual(["offerer"]);
    expect(proposed.body.parties).toBeNull();
    for (const secret of ["611 222", "Secreta", "Ximena"]) expect(JSON.stringify(proposed.body)).not.toContain(secret);

    const accepted = await patch(offerer, id, { status: "accepted" });
    expect(accepted.status).toBe(200);
    expect(accepted.body.parties.requester).toEqual({
      member: { username: "req_ximena", displayName: "Ximena Q" },
      contact: { ...REQUESTER_CONTACT, email: null, notes: null },
    });
    const asRequester = await api(instance, "GET", `/matches/${id}`, { as: requester });
    expect(asRequester.body.parties.offerer.contact.phone).toBe("+34 699 000 111");

    // Someone not in the match sees nothing of it, and the public posts still hide the requester.
    expect((await api(instance, "GET", `/matches/${id}`, { as: neighbour })).status).toBe(404);
    expect((await api(instance, "GET", `/matches/${id}`)).status).toBe(401);
    expect((await api(instance, "GET", "/matches", { as: neighbour })).body).toEqual([]);
    const publicPost = JSON.stringify((await api(instance, "GET", `/posts/${request}`)).body);
    for (const secret of [REQUESTER_CONTACT.name, "611 222", "Secreta", "req_ximena", "Ximena Q"]) expect(publicPost).not.toContain(secret);
  });

  it("lets members claim directly only in peer-to-peer mode, and the other side accepts", async () => {
    const { request, offer } = await pair("tools", 1);
    const refused = await api(instance, "POST", "/matches", { as: requester, body: { request, offer, quantity: 1 } });
    expect(refused.status).toBe(403);

    const settings = await admin.web.post("/settings", { name: "eastside", summary: "", peerToPeerClaims: "on" });
    expect(settings.status).toBe(303);
    expect((await api(instance, "POST", "/matches", { as: neighbour, body: { request, offer, quantity: 1 } })).status).toBe(403);
    const suggestions = await api(instance, "GET", `/matches/suggestions?post=${request}`, { as: requester });
    expect(suggestions.body.suggestions.map((s: { post: { id: string } }) => s.post.id)).toContain(offer);

    const claim = await api(instance, "POST", "/matches", { as: requester, body: { request, offer, quantity: 1 } });
    expect(claim.status).toBe(201);
    expect(claim.body.actions).not.toContain("accept");
    expect((await patch(requester, claim.body.id, { status: "accepted" })).status).toBe(403);
    const accepted = await patch(offerer, claim.body.id, { status: "accepted" });
    expect(accepted.body.status).toBe("accepted");
    expect((await api(instance, "GET", `/posts/${offer}`)).body.status).toBe("partially_matched");
    await admin.web.post("/settings", { name: "eastside", summary: "" });
  });

  it("schedules a handover with a volunteer, within their limit and their days, then asks for feedback", async () => {
    await approveVolunteer(instance, volunteer, coordinator, { weekdays: ["sat"], note: "mornings", maxTasks: 1 });
    const first = await pair("meals");
    const second = await pair("goods");
    const m1 = (await api(instance, "POST", "/matches", { as: coordinator, body: { ...first, quantity: 2 } })).body.id;
    const m2 = (await api(instance, "POST", "/matches", { as: coordinator, body: { ...second, quantity: 2 } })).body.id;
    expect((await patch(coordinator, m1, { method: "delivery", ...windowOn(6) })).status).toBe(409); // not accepted yet
    await patch(requester, m1, { status: "accepted" });
    await patch(requester, m2, { status: "accepted" });

    const badWindow = await patch(coordinator, m1, {
      method: "delivery",
      windowStart: windowOn(6).windowEnd,
      windowEnd: windowOn(6).windowStart,
    });
    expect(badWindow.status).toBe(422);
    expect(badWindow.body.fields).toHaveProperty("windowEnd");
    expect((await patch(coordinator, m1, { method: "delivery", ...windowOn(6) })).body.status).toBe("scheduled");
    expect((await patch(coordinator, m2, { method: "pickup", ...windowOn(2) })).status).toBe(200);

    expect((await patch(coordinator, m2, { volunteer: "vol_vera" })).status).toBe(409); // a Tuesday: not one of her days
    const given = await patch(coordinator, m1, { volunteer: "vol_vera" });
    expect(given.status).toBe(200);
    expect(given.body.volunteer).toEqual({ username: "vol_vera", displayName: "Vera V" });
    await patch(coordinator, m2, { method: "pickup", ...windowOn(6) });
    const overLimit = await patch(coordinator, m2, { volunteer: "vol_vera" });
    expect(overLimit.status).toBe(409);
    expect(overLimit.body.error).toContain("1 of at most 1");
    expect((await patch(coordinator, m1, { status: "completed", volunteer: null })).status).toBe(422); // one change at a time

    const asVolunteer = await api(instance, "GET", `/matches/${m1}`, { as: volunteer });
    expect(asVolunteer.body.roles).toEqual(["volunteer"]);
    expect(asVolunteer.body.parties.requester.contact.address).toBe(REQUESTER_CONTACT.address);
    const done = await patch(volunteer, m1, { status: "completed" });
    expect(done.body.actions).toContain("feedback");
    expect((await api(instance, "GET", `/posts/${first.request}`)).body.status).toBe("fulfilled");

    const feedback = await api(instance, "POST", `/matches/${m1}/feedback`, {
      as: requester,
      body: { comment: "Arrived warm, thank you" },
    });
    expect(feedback.status).toBe(201);
    expect((await api(instance, "POST", `/matches/${m1}/feedback`, { as: requester, body: { comment: "again" } })).status).toBe(409);
    expect((await api(instance, "POST", `/matches/${m1}/feedback`, { as: volunteer, body: { comment: "" } })).status).toBe(422);
    expect((await api(instance, "POST", `/matches/${m1}/feedback`, { as: neighbour, body: { comment: "hi" } })).status).toBe(404);

    // No-shows are for coordinators' eyes only.
    expect((await patch(requester, m1, { noShow: "offerer" })).status).toBe(403);
    expect((await patch(coordinator, m1, { noShow: "offerer" })).body.noShow).toBe("offerer");
    const seenByRequester = (await api(instance, "GET", `/matches/${m1}`, { as: requester })).body;
    expect(seenByRequester.noShow).toBeNull();
    expect(seenByRequester.feedback).toEqual([expect.objectContaining({ side: "requester", comment: "Arrived warm, thank you" })]);
    expect((await api(instance, "GET", `/matches/${m1}`, { as: coordinator })).body.feedback).toHaveLength(1);

    // With the first task done, her one place is free again.
    expect((await patch(coordinator, m2, { volunteer: "vol_vera" })).status).toBe(200);
  });

  it("never gives a volunteer more tasks than their limit, even when two coordinators assign at once", async () => {
    const other = await makePerson(instance, "coord_dee", "coordinator");
    const busy = await makePerson(instance, "vol_bo", "member");
    await approveVolunteer(instance, busy, coordinator, { weekdays: [], note: "", maxTasks: 1 });
    const ids: string[] = [];
    for (const category of ["transport", "childcare"]) {
      const p = await pair(category, 1);
      const id = (await api(instance, "POST", "/matches", { as: coordinator, body: { ...p, quantity: 1 } })).body.id;
      await patch(offerer, id, { status: "accepted" });
      ids.push(id);
    }
    const attempts = await Promise.all([
      patch(coordinator, ids[0]!, { volunteer: "vol_bo" }),
      patch(other, ids[1]!, { volunteer: "vol_bo" }),
    ]);
    expect(attempts.map((a) => a.status).sort()).toEqual([200, 409]);
  });

  it("warns coordinators of a request that looks like an open one from the same contact", async () => {
    const first = await post(coordinator, {
      kind: "request",
      category: "food",
      title: "Food parcel for a family",
      onBehalfOfSomeoneElse: true,
      contact: { name: "Rosa Test", phone: "611 444 555" },
    });
    const second = await post(coordinator, {
      kind: "request",
      category: "food",
      title: "Food for Rosa",
      onBehalfOfSomeoneElse: true,
      contact: { name: "Someone Else", phone: "+34 611-444-555" },
    });
    const unrelated = await post(coordinator, {
      kind: "request",
      category: "shelter",
      title: "A bed for tonight",
      onBehalfOfSomeoneElse: true,
      contact: { phone: "611 444 555" },
    });
    const found = await api(instance, "GET", `/posts/${second}/duplicates`, { as: coordinator });
    expect(found.status).toBe(200);
    expect(found.body).toEqual([expect.objectContaining({ id: first, reasons: ["same_phone"] })]);
    expect((await api(instance, "GET", `/posts/${unrelated}/duplicates`, { as: coordinator })).body).toEqual([]);
    expect((await api(instance, "GET", `/posts/${second}/duplicates`, { as: neighbour })).status).toBe(403);
    const page = await coordinator.web.page(`/posts/${second}`);
    expect(page.html).toContain(`/posts/${first}`);
  });
});
