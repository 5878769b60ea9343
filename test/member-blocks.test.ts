import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { publishRequest } from "./support/posts.ts";
import { approveVolunteer } from "./support/volunteers.ts";
import { visibleText } from "./support/web-client.ts";

let instance: TestInstance;
let coordinator: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  coordinator = await makePerson(instance, "coord_bo", "coordinator");
});
afterAll(() => instance?.destroy());

const offer = async (author: Person, title: string) =>
  (await api(instance, "POST", "/posts", { as: author, body: { kind: "offer", category: "food", title, area: "East side" } })).body
    .id as string;

const listed = async (viewer: Person, id: string) =>
  (await api(instance, "GET", "/posts", { as: viewer })).body.items.some((p: { id: string }) => p.id === id);

describe(`members blocking members (${testDriver})`, () => {
  it("neither sees the other's posts, on the board or the API, and the blocked one is not told; unblocking brings them back", async () => {
    const ada = await makePerson(instance, "ada_blocks", "member");
    const ben = await makePerson(instance, "ben_blocked", "member");
    const adaRequest = await publishRequest(instance, ada, "Help moving a sofa", "East side");
    const benOffer = await offer(ben, "Homemade jam jars");
    expect(await listed(ada, benOffer)).toBe(true);

    expect((await api(instance, "POST", "/blocks/members", { as: ada, body: { member: "ben_blocked" } })).status).toBe(204);

    expect(await listed(ada, benOffer)).toBe(false);
    expect(await listed(ben, adaRequest)).toBe(false);
    expect((await api(instance, "GET", `/posts/${benOffer}`, { as: ada })).status).toBe(404);
    expect((await api(instance, "GET", `/posts/${adaRequest}`, { as: ben })).status).toBe(404);
    expect(visibleText((await ada.web.page("/")).html)).not.toContain("Homemade jam jars");
    expect(visibleText((await ben.web.page("/")).html)).not.toContain("Help moving a sofa");
    // Everyone else still sees both.
    expect(await listed(coordinator, benOffer)).toBe(true);

    // Ben is told nothing: his blocks page is empty and nothing he can read names Ada's block.
    expect(visibleText((await ben.web.page("/my/blocks")).html)).toContain("You have blocked nobody.");
    expect(visibleText((await ada.web.page("/my/blocks")).html)).toContain("ben_blocked");

    expect((await api(instance, "DELETE", "/blocks/members/ben_blocked", { as: ada })).status).toBe(204);
    expect(await listed(ada, benOffer)).toBe(true);
    expect(await listed(ben, adaRequest)).toBe(true);
    expect((await api(instance, "DELETE", "/blocks/members/ben_blocked", { as: ada })).status).toBe(404);
  });

  it("members in a block are never suggested, matched or given a handover together", async () => {
    const cleo = await makePerson(instance, "cleo_blocks", "member");
    const dan = await makePerson(instance, "dan_blocked", "member");
    const vera = await makePerson(instance, "vera_volunteer", "member");
    const other = await makePerson(instance, "otto_offers", "member");
    await approveVolunteer(instance, vera, coordinator);
    const request = await publishRequest(instance, cleo, "Soup for a week", "East side");
    const danOffer = await offer(dan, "Vegetable soup");
    const ottoOffer = await offer(other, "Lentil soup");
    await api(instance, "POST", "/blocks/members", { as: dan, body: { member: "cleo_blocks" } });
    await api(instance, "POST", "/blocks/members", { as: vera, body: { member: "cleo_blocks" } });

    const suggested = await api(instance, "GET", `/matches/suggestions?post=${request}`, { as: coordinator });
    const ids = suggested.body.suggestions.map((s: { post: { id: string } }) => s.post.id);
    expect(ids).toContain(ottoOffer);
    expect(ids).not.toContain(danOffer);

    const refused = await api(instance, "POST", "/matches", { as: coordinator, body: { request, offer: danOffer, quantity: 1 } });
    expect(refused.status).toBe(422);
    expect(refused.body.fields).toEqual({ offer: "cannot be matched with this request" });

    const match = await api(instance, "POST", "/matches", { as: coordinator, body: { request, offer: ottoOffer, quantity: 1 } });
    expect(match.status).toBe(201);
    expect((await api(instance, "PATCH", `/matches/${match.body.id}`, { as: coordinator, body: { status: "accepted" } })).status).toBe(200);
    const assigned = await api(instance, "PATCH", `/matches/${match.body.id}`, { as: coordinator, body: { volunteer: "vera_volunteer" } });
    expect(assigned.status).toBe(422);
    expect(assigned.body.fields).toEqual({ volunteer: "cannot take this handover" });
  });

  it("names what is wrong with a block", async () => {
    const eve = await makePerson(instance, "eve_blocks", "member");
    expect((await api(instance, "POST", "/blocks/members", { as: eve, body: { member: "eve_blocks" } })).status).toBe(422);
    expect((await api(instance, "POST", "/blocks/members", { as: eve, body: { member: "nobody_at_all" } })).status).toBe(404);
    const empty = await api(instance, "POST", "/blocks/members", { as: eve, body: {} });
    expect(empty.status).toBe(400);
    expect(Object.keys(empty.body.fields)).toEqual(["member"]);
    expect((await api(instance, "POST", "/blocks/members", { body: { member: "coord_bo" } })).status).toBe(401);
  });
});
