import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { localWindow } from "./support/dates.ts";

let instance: TestInstance;
let member: Person;
let coordinator: Person;
let coordinator2: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  for (const area of ["East side", "Riverside"]) await instance.services.areas.add(area);
  member = await makePerson(instance, "member_mo", "member");
  coordinator = await makePerson(instance, "coord_cy", "coordinator");
  coordinator2 = await makePerson(instance, "coord_dee", "coordinator");
});
afterAll(() => instance?.destroy());

async function post(body: Record<string, unknown>): Promise<string> {
  const created = await api(instance, "POST", "/posts", { as: member, body });
  expect(created.status).toBe(201);
  return created.body.id;
}

describe(`matching offers and requests (${testDriver})`, () => {
  it("suggests offers of the same category, nearest and most able first, with reasons", async () => {
    const request = await post({
      kind: "request",
      category: "groceries",
      title: "Groceries, 5 bags",
      area: "East side",
      quantity: 5,
      latitude: 40.41,
      longitude: -3.7,
    });
    const far = await post({
      kind: "offer",
      category: "groceries",
      title: "Far groceries",
      area: "Riverside",
      quantity: 10,
      latitude: 40.6,
      longitude: -3.7,
    });
    const near = await post({
      kind: "offer",
      category: "groceries",
      title: "Near groceries",
      area: "East side",
      quantity: 10,
      latitude: 40.42,
      longitude: -3.7,
    });
    const small = await post({
      kind: "offer",
      category: "groceries",
      title: "Small groceries",
      area: "East side",
      quantity: 2,
      latitude: 40.42,
      longitude: -3.7,
    });
    await post({ kind: "offer", category: "tools", title: "A drill", area: "East side" });

    const suggestions = await api(instance, "GET", `/matches/suggestions?post=${request}`, { as: coordinator });
    expect(suggestions.status).toBe(200);
    expect(suggestions.body.suggestions.map((s: { post: { id: string } }) => s.post.id)).toEqual([near, small, far]);
    expect(suggestions.body.suggestions[0].reasons).toEqual(
      expect.arrayContaining(["same_category", "same_area", "enough_quantity", "distance_km:1.1"]),
    );
    expect(suggestions.body.suggestions[1].reasons).toContain("partial_quantity");
    expect((await api(instance, "GET", `/matches/suggestions?post=${request}`, { as: member })).status).toBe(403);
  });

  it("puts the oldest and most urgent needs first when suggesting requests for an offer", async () => {
    const offer = await post({ kind: "offer", category: "meals", title: "Soup pot", area: "Riverside", quantity: 20 });
    const normal = await post({ kind: "request", category: "meals", title: "Meals normal", area: "Riverside" });
    const critical = await post({ kind: "request", category: "meals", title: "Meals critical", area: "Riverside", urgency: "critical" });
    const ids = (await api(instance, "GET", `/matches/suggestions?post=${offer}`, { as: coordinator })).body.suggestions.map(
      (s: { post: { id: string } }) => s.post.id,
    );
    expect(ids).toEqual([critical, normal]);
  });

  it("reserves quantities, follows the statuses through the lifecycle, and releases on cancel", async () => {
    const request = await post({ kind: "request", category: "goods", title: "Winter coats", area: "East side", quantity: 4 });
    const offer = await post({ kind: "offer", category: "goods", title: "Coats to give", area: "East side", quantity: 10 });
    const first = await api(instance, "POST", "/matches", { as: coordinator, body: { request, offer, quantity: 3 } });
    expect(first.status).toBe(201);
    expect((await api(instance, "GET", `/posts/${request}`)).body.status).toBe("partially_matched");
    const second = await api(instance, "POST", "/matches", { as: coordinator, body: { request, offer, quantity: 1 } });
    expect((await api(instance, "GET", `/posts/${request}`)).body.status).toBe("matched");
    expect((await api(instance, "GET", `/posts/${offer}`)).body.status).toBe("partially_matched");

    // Lifecycle: only forward, or cancelled.
    const window = localWindow(30);
    expect(
      (await api(instance, "PATCH", `/matches/${first.body.id}`, { as: coordinator, body: { method: "pickup", ...window } })).status,
    ).toBe(409);
    await api(instance, "PATCH", `/matches/${first.body.id}`, { as: coordinator, body: { status: "accepted" } });
    await api(instance, "PATCH", `/matches/${first.body.id}`, { as: coordinator, body: { status: "completed" } });
    const cancelled = await api(instance, "PATCH", `/matches/${second.body.id}`, { as: coordinator, body: { status: "cancelled" } });
    expect(cancelled.body.status).toBe("cancelled");
    expect((await api(instance, "GET", `/posts/${request}`)).body.status).toBe("partially_matched");
    expect((await api(instance, "GET", `/matches?post=${request}`, { as: coordinator })).body).toHaveLength(2);

    // The author cannot lower the quantity below what is reserved.
    const lower = await api(instance, "PATCH", `/posts/${request}`, { as: member, body: { quantity: 2 } });
    expect(lower.status).toBe(422);
  });

  it("never over-allocates an offer, even when two coordinators allocate at the same moment", async () => {
    const offer = await post({ kind: "offer", category: "transport", title: "Van, 5 trips", area: "East side", quantity: 5 });
    const requests = await Promise.all(
      [1, 2, 3, 4].map((n) => post({ kind: "request", category: "transport", title: `Trip ${n}`, area: "East side", quantity: 2 })),
    );
    const attempts = await Promise.all(
      requests.map((request, i) =>
        api(instance, "POST", "/matches", { as: i % 2 === 0 ? coordinator : coordinator2, body: { request, offer, quantity: 2 } }),
      ),
    );
    const statuses = attempts.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 201, 409, 409]);
    expect(attempts.find((a) => a.status === 409)!.body.error).toBe("The offer does not have that much left.");
    const matches = await api(instance, "GET", `/matches?post=${offer}`, { as: coordinator });
    expect(matches.body.reduce((sum: number, m: { quantity: number }) => sum + m.quantity, 0)).toBe(4);
  });

  it("cancels a post's unfinished matches when it is withdrawn, freeing the other side, and keeps its category while matched", async () => {
    const request = await post({ kind: "request", category: "space", title: "Room for a meeting", area: "East side", quantity: 1 });
    const offer = await post({ kind: "offer", category: "space", title: "Community hall", area: "East side", quantity: 3 });
    const match = await api(instance, "POST", "/matches", { as: coordinator, body: { request, offer, quantity: 1 } });
    await api(instance, "PATCH", `/matches/${match.body.id}`, { as: coordinator, body: { status: "accepted" } });
    expect((await api(instance, "PATCH", `/posts/${offer}`, { as: member, body: { category: "tools" } })).status).toBe(422);

    expect((await api(instance, "PATCH", `/posts/${request}`, { as: member, body: { status: "withdrawn" } })).status).toBe(200);
    expect((await api(instance, "GET", `/matches/${match.body.id}`, { as: coordinator })).body.status).toBe("cancelled");
    const freed = (await api(instance, "GET", `/posts/${offer}`)).body;
    expect(freed.status).toBe("open");
    const again = await post({ kind: "request", category: "space", title: "Room for a class", area: "East side", quantity: 3 });
    expect((await api(instance, "POST", "/matches", { as: coordinator, body: { request: again, offer, quantity: 3 } })).status).toBe(201);
    const log = await api(instance, "GET", "/matches?post=" + offer, { as: coordinator });
    expect(log.body.map((m: { status: string }) => m.status).sort()).toEqual(["cancelled", "proposed"]);
  });

  it("refuses matches across categories, between posts of the wrong kind, or with bad input", async () => {
    const request = await post({ kind: "request", category: "childcare", title: "Babysitting", area: "East side" });
    const offer = await post({ kind: "offer", category: "pet_care", title: "Dog walking", area: "East side" });
    expect((await api(instance, "POST", "/matches", { as: coordinator, body: { request, offer, quantity: 1 } })).status).toBe(422);
    expect(
      (await api(instance, "POST", "/matches", { as: coordinator, body: { request: offer, offer: request, quantity: 1 } })).status,
    ).toBe(422);
    const bad = await api(instance, "POST", "/matches", { as: coordinator, body: { request: "x", offer, quantity: 0 } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["quantity", "request"]);
  });
});
