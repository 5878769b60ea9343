import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { approveVolunteer } from "./support/volunteers.ts";

/** Who is told what: the notifier calls in the domain services, seen through listNotifications. */
let instance: TestInstance;
let admin: Person;
let coordinator: Person;
let member: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  admin = await makePerson(instance, "admin_ada", "admin");
  coordinator = await makePerson(instance, "coord_cy", "coordinator");
  member = await makePerson(instance, "mem_mo", "member");
});
afterAll(() => instance?.destroy());

async function notices(person: Person): Promise<{ kind: string; text: string; url: string }[]> {
  const listed = await api(instance, "GET", "/notifications", { as: person });
  expect(listed.status).toBe(200);
  return listed.body.items;
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe(`what people are told (${testDriver})`, () => {
  it("tells every member but the declarer when a crisis is declared and when it ends", async () => {
    const declared = await api(instance, "POST", "/crises", {
      as: coordinator,
      body: { title: "River flood", areas: ["East side"], categories: ["shelter"], severity: "severe" },
    });
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    const url = `${instance.url}/crises/${declared.body.id}`;
    for (const person of [admin, member]) {
      expect(await notices(person)).toContainEqual(
        expect.objectContaining({ kind: "crisis_declared", text: "A crisis was declared: River flood.", url }),
      );
    }
    expect((await notices(coordinator)).some((n) => n.url === url)).toBe(false);

    expect((await api(instance, "POST", `/crises/${declared.body.id}/end`, { as: admin })).status).toBe(200);
    expect(await notices(member)).toContainEqual(expect.objectContaining({ kind: "crisis_ended", url }));
    expect(await notices(coordinator)).toContainEqual(expect.objectContaining({ kind: "crisis_ended", url }));
  });

  it("tells coordinators of new requests, urgent ones as such, and nobody of offers", async () => {
    const create = async (body: Record<string, unknown>) => {
      const created = await api(instance, "POST", "/posts", { as: member, body: { area: "East side", category: "food", ...body } });
      expect(created.status).toBe(201);
      return `${instance.url}/posts/${created.body.id}`;
    };
    const urgent = await create({ kind: "request", title: "Insulin run", urgency: "critical", contact: { phone: "699 000 111" } });
    const plain = await create({ kind: "request", title: "Spare jars", urgency: "normal" });
    const offer = await create({ kind: "offer", title: "Bread on Fridays" });
    for (const person of [coordinator, admin]) {
      const told = await notices(person);
      expect(told).toContainEqual(
        expect.objectContaining({ kind: "new_urgent_request", text: "An urgent request: “Insulin run” (East side).", url: urgent }),
      );
      expect(told).toContainEqual(expect.objectContaining({ kind: "new_request", url: plain }));
      expect(told.some((n) => n.url === offer)).toBe(false);
      expect(told.some((n) => n.text.includes("699 000 111") || n.text.includes("mem_mo"))).toBe(false);
    }
    expect((await notices(member)).some((n) => n.url === urgent)).toBe(false);
  });

  it("tells coordinators of a join request, and the new member of their approval and role", async () => {
    const joiner = await instance.services.accounts.requestToJoin(
      { username: "new_nia", password: "a long password", message: "I live on Elm St" },
      "192.0.2.1",
    );
    const told = (await notices(coordinator)).find((n) => n.kind === "join_requested");
    expect(told).toMatchObject({ text: "Someone asked to join the network.", url: `${instance.url}/members` });

    const coordinatorMember = await instance.services.members.getByUsername(coordinator.username);
    await instance.services.accounts.setStatus(coordinatorMember, joiner.id, "active");
    await instance.services.accounts.setRole(coordinatorMember, joiner.id, "coordinator");
    const active = await instance.services.members.getByUsername("new_nia");
    const { items } = await instance.services.notifications.list(active, "es");
    expect(items.map((n) => n.text)).toEqual([
      "Tu rol ahora es: Coordinador/a.",
      "¡Te damos la bienvenida! Se aprobó tu solicitud para unirte.",
    ]);
  });

  it("asks an author once whether a post that is about to expire is still needed", async () => {
    const created = await api(instance, "POST", "/posts", {
      as: member,
      body: { kind: "request", area: "East side", category: "transport", title: "Lift to the clinic", neededBy: inDays(2) },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await instance.services.notifications.remindExpiring();
    await instance.services.notifications.remindExpiring();
    const asked = (await notices(member)).filter((n) => n.kind === "post_expiring");
    expect(asked).toEqual([
      expect.objectContaining({
        text: "Is “Lift to the clinic” still needed? It expires soon; renew it if so.",
        url: `${instance.url}/my/posts`,
      }),
    ]);
  });

  it("tells a member of new posts they may see that match a watch, until they delete it", async () => {
    expect((await api(instance, "POST", "/watches", { as: member, body: {} })).status).toBe(400);
    const nowhere = await api(instance, "POST", "/watches", { as: member, body: { area: "Nowhere" } });
    expect(nowhere.status).toBe(422);
    expect(nowhere.body.fields.area).toContain("Nowhere");
    const watch = await api(instance, "POST", "/watches", { as: member, body: { kind: "offer", category: "tools", area: "East side" } });
    expect(watch.status).toBe(201);
    expect((await api(instance, "GET", "/watches", { as: member })).body).toEqual([
      { id: watch.body.id, kind: "offer", category: "tools", area: "East side", createdAt: expect.any(String) },
    ]);

    const offer = async (body: Record<string, unknown>) => {
      const created = await api(instance, "POST", "/posts", {
        as: coordinator,
        body: { kind: "offer", area: "East side", category: "tools", ...body },
      });
      expect(created.status).toBe(201);
      return `${instance.url}/posts/${created.body.id}`;
    };
    const drill = await offer({ title: "A drill to lend" });
    const soup = await offer({ title: "Soup", category: "meals" });
    const hidden = await offer({ title: "Ladder (coordinators only)", visibility: "coordinators" });
    const told = (await notices(member)).filter((n) => n.kind === "watch_match");
    expect(told).toEqual([expect.objectContaining({ text: "New, matching what you watch: “A drill to lend” (East side).", url: drill })]);
    expect(told.some((n) => n.url === soup || n.url === hidden)).toBe(false);

    expect((await api(instance, "DELETE", `/watches/${watch.body.id}`, { as: member })).status).toBe(204);
    expect((await api(instance, "DELETE", `/watches/${watch.body.id}`, { as: member })).status).toBe(404);
    const saw = await offer({ title: "A saw" });
    expect((await notices(member)).some((n) => n.url === saw)).toBe(false);
  });

  it("tells approved volunteers free on that day of a handover opened to volunteers, and nobody else", async () => {
    const requester = await makePerson(instance, "req_rosa", "member");
    const offerer = await makePerson(instance, "off_oli", "member");
    const onSaturdays = await makePerson(instance, "vol_sat", "member");
    const anyDay = await makePerson(instance, "vol_any", "member");
    const onTuesdays = await makePerson(instance, "vol_tue", "member");
    const blocked = await makePerson(instance, "vol_blocked", "member");
    const notApproved = await makePerson(instance, "vol_asked", "member");
    await approveVolunteer(instance, onSaturdays, coordinator, { weekdays: ["sat"], note: "", maxTasks: 2 });
    await approveVolunteer(instance, anyDay, coordinator, { weekdays: [], note: "", maxTasks: 1 });
    await approveVolunteer(instance, onTuesdays, coordinator, { weekdays: ["tue"], note: "", maxTasks: 2 });
    await approveVolunteer(instance, blocked, coordinator, { weekdays: [], note: "", maxTasks: 2 });
    const { members, volunteers, blocks } = instance.services;
    await volunteers.setAvailability(await members.getByUsername(notApproved.username), { weekdays: [], note: "", maxTasks: 2 });
    await blocks.block(await members.getByUsername(requester.username), blocked.username);

    const post = async (as: Person, body: Record<string, unknown>) =>
      (await api(instance, "POST", "/posts", { as, body: { area: "East side", category: "groceries", ...body } })).body.id;
    const request = await post(requester, { kind: "request", title: "Weekly shop", contact: { phone: "+34 611 000 222" } });
    const offer = await post(offerer, { kind: "offer", title: "Car on weekends" });
    const match = (await api(instance, "POST", "/matches", { as: coordinator, body: { request, offer, quantity: 1 } })).body.id;
    const patch = (body: unknown) => api(instance, "PATCH", `/matches/${match}`, { as: coordinator, body });
    expect((await patch({ status: "accepted" })).status).toBe(200);
    const saturday = new Date();
    saturday.setDate(saturday.getDate() + ((6 - saturday.getDay() + 7) % 7 || 7));
    saturday.setHours(10, 0, 0, 0);
    const windowEnd = new Date(saturday.getTime() + 3_600_000).toISOString();
    expect((await patch({ method: "delivery", windowStart: saturday.toISOString(), windowEnd })).status).toBe(200);
    expect((await patch({ openToVolunteers: true })).status).toBe(200);

    const openTasks = async (person: Person) => (await notices(person)).filter((n) => n.kind === "task_open");
    for (const person of [onSaturdays, anyDay]) {
      expect(await openTasks(person)).toEqual([
        expect.objectContaining({ text: "A new open task on your days: the handover for “Weekly shop”.", url: `${instance.url}/tasks` }),
      ]);
    }
    for (const person of [onTuesdays, blocked, notApproved, requester, offerer, coordinator]) expect(await openTasks(person)).toEqual([]);
    // Closing and opening it again is not news to anyone who was told.
    expect((await patch({ openToVolunteers: false })).status).toBe(200);
    expect((await patch({ openToVolunteers: true })).status).toBe(200);
    expect(await openTasks(onSaturdays)).toHaveLength(1);
  });
});
