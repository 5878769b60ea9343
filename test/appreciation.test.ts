import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { completeHandover } from "./support/handovers.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { approveVolunteer } from "./support/volunteers.ts";
import { visibleText } from "./support/web-client.ts";

// Appreciation: thanking the people of a completed handover, the members-only thanks stream
// (names only of those who opted in), and each member's own contribution counts.

let instance: TestInstance;
let coordinator: Person;
let requester: Person;
let offerer: Person;
let volunteer: Person;
let outsider: Person;
let matchId: string;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  coordinator = await makePerson(instance, "coord_tam", "coordinator");
  requester = await makePerson(instance, "rosa_asks", "member");
  offerer = await makePerson(instance, "omar_offers", "member");
  volunteer = await makePerson(instance, "val_carries", "member");
  outsider = await makePerson(instance, "nia_elsewhere", "member");
  await approveVolunteer(instance, volunteer, coordinator, { weekdays: [], note: "", maxTasks: 3 });
  matchId = await completeHandover(instance, { coordinator, requester, offerer, volunteer }, "East side");
});
afterAll(() => instance?.destroy());

const thank = (as: Person, body: unknown, id = matchId) => api(instance, "POST", `/matches/${id}/thanks`, { as, body });
const stream = async (as: Person) => visibleText((await as.web.page("/thanks")).html);

describe(`appreciation (${testDriver})`, () => {
  it("the people of a completed handover thank each other once; the one thanked is told", async () => {
    const thanked = await thank(requester, { to: "val_carries", message: "You came in the rain. Thank you!" });
    expect(thanked.status, JSON.stringify(thanked.body)).toBe(201);
    expect(thanked.body).toMatchObject({ from: null, to: "val_carries", message: "You came in the rain. Thank you!" });
    expect((await thank(requester, { to: "val_carries" })).status).toBe(409);
    expect((await thank(requester, { to: "rosa_asks" })).body.fields).toEqual({ to: "thank someone else who was part of this handover" });
    expect((await thank(requester, { to: "nia_elsewhere" })).status).toBe(422);
    expect((await thank(outsider, { to: "val_carries" })).status).toBe(404);
    expect((await thank(requester, {})).status).toBe(400);
    const notices = (await api(instance, "GET", "/notifications", { as: volunteer })).body.items;
    expect(notices).toContainEqual(expect.objectContaining({ kind: "thanks_received", text: "Someone thanked you for a handover." }));
    expect((await api(instance, "GET", "/thanks")).status).toBe(401);
  });

  it("someone the other blocked cannot thank them, and is not told why", async () => {
    const people = {
      coordinator,
      requester: await makePerson(instance, "ria_asks", "member"),
      offerer: await makePerson(instance, "oli_offers", "member"),
      volunteer: await makePerson(instance, "vic_carries", "member"),
    };
    await approveVolunteer(instance, people.volunteer, coordinator, { weekdays: [], note: "", maxTasks: 3 });
    const handover = await completeHandover(instance, people, "East side");
    expect((await api(instance, "POST", "/blocks/members", { as: people.volunteer, body: { member: "oli_offers" } })).status).toBe(204);
    const refused = await thank(people.offerer, { to: "vic_carries" }, handover);
    expect(refused.status).toBe(422);
    expect(refused.body.fields).toEqual({ to: "thank someone else who was part of this handover" });
    expect((await thank(people.offerer, { to: "ria_asks" }, handover)).status).toBe(201);
  });

  it("a handover not completed yet cannot be thanked", async () => {
    const request = await api(instance, "POST", "/posts", {
      as: requester,
      body: { kind: "request", category: "meals", title: "A meal", area: "East side" },
    });
    const offer = await api(instance, "POST", "/posts", {
      as: offerer,
      body: { kind: "offer", category: "meals", title: "Soup", area: "East side" },
    });
    const match = await api(instance, "POST", "/matches", {
      as: coordinator,
      body: { request: request.body.id, offer: offer.body.id, quantity: 1 },
    });
    expect((await thank(requester, { to: "omar_offers" }, match.body.id)).status).toBe(409);
  });

  it("the stream names only those who opted in, and shows thanks only to those who did", async () => {
    // The first test's thank-you, if it has not run (a second one is refused, and changes nothing).
    await thank(requester, { to: "val_carries", message: "You came in the rain. Thank you!" });
    await thank(volunteer, { to: "omar_offers" });
    expect(await stream(outsider)).toContain("No thanks to show yet.");
    expect((await volunteer.web.post("/thanks/appear", { appear: "on" })).headers.get("location")).toBe("/thanks?saved=1");
    let text = await stream(outsider);
    expect(text).toContain("A member thanked val_carries for a handover.");
    expect(text).toContain("You came in the rain. Thank you!");
    expect(text).not.toContain("omar_offers");
    await requester.web.post("/thanks/appear", { appear: "on" });
    text = await stream(outsider);
    expect(text).toContain("rosa_asks thanked val_carries for a handover.");
    // Turning it off again takes the name back out.
    await volunteer.web.post("/thanks/appear", {});
    expect(await stream(outsider)).not.toContain("val_carries");
  });

  it("the completed handover's page offers the thank-you form to its people", async () => {
    const page = await offerer.web.page(`/matches/${matchId}`);
    expect(visibleText(page.html)).toContain("Say thank you");
    const sent = await offerer.web.post(`/matches/${matchId}/thanks`, { to: "val_carries", message: "" });
    expect(sent.status).toBe(303);
    const again = await offerer.web.post(`/matches/${matchId}/thanks`, { to: "rosa_asks", message: "x".repeat(501) });
    expect(again.status).toBe(422);
    expect(visibleText(await again.text())).toContain("use at most 500 characters");
  });

  it("each member's account page shows their own contribution counts, to them alone", async () => {
    const group = await api(instance, "POST", "/working-groups", { as: coordinator, body: { name: "Pantry", purpose: "Stock." } });
    await api(instance, "POST", `/working-groups/${group.body.id}/join`, { as: volunteer });
    const task = await api(instance, "POST", `/working-groups/${group.body.id}/tasks`, { as: volunteer, body: { title: "Sort tins" } });
    await api(instance, "POST", `/working-groups/${group.body.id}/tasks/${task.body.id}`, { as: volunteer, body: { action: "done" } });
    const own = visibleText((await volunteer.web.page("/account")).html);
    expect(own).toContain("What I have done Only you see these numbers.");
    for (const line of ["1 handover done as a volunteer", "0 offers and requests posted", "1 working-group task done"]) {
      expect(own).toContain(line);
    }
    expect(own).toMatch(/\d+ thank-yous? received/);
    const theirs = visibleText((await requester.web.page("/account")).html);
    expect(theirs).toContain("0 handovers done as a volunteer");
    expect(theirs).toContain("0 working-group tasks done");
  });
});
