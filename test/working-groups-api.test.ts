import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { visibleText } from "./support/web-client.ts";

// Working groups through the JSON API: who may create and manage them, joining and leaving,
// convenors, the tasks a group owns, and the decisions one group makes.

let instance: TestInstance;
let coordinator: Person;
let ana: Person;
let ben: Person;
let cai: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  coordinator = await makePerson(instance, "coord_gia", "coordinator");
  ana = await makePerson(instance, "ana", "member");
  ben = await makePerson(instance, "ben", "member");
  cai = await makePerson(instance, "cai", "member");
});
afterAll(() => instance?.destroy());

async function createGroup(name: string) {
  const created = await api(instance, "POST", "/working-groups", {
    as: coordinator,
    body: { name, purpose: "Getting groceries from the pantry to the people who asked." },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string };
}

const get = (as: Person, id: string) => api(instance, "GET", `/working-groups/${id}`, { as });
const join = (as: Person, id: string) => api(instance, "POST", `/working-groups/${id}/join`, { as });

async function notices(person: Person): Promise<{ kind: string; url: string }[]> {
  return (await api(instance, "GET", "/notifications", { as: person })).body.items;
}

describe(`working groups through the API (${testDriver})`, () => {
  it("coordinators create groups, with its creator as the first convenor; members cannot, and names are one per group", async () => {
    const group = await createGroup("Deliveries");
    expect(group).toMatchObject({ name: "Deliveries", members: ["coord_gia"], convenors: ["coord_gia"], tasks: [], decisions: [] });
    const byMember = await api(instance, "POST", "/working-groups", { as: ana, body: { name: "Fundraising", purpose: "Money." } });
    expect(byMember.status).toBe(403);
    const twice = await api(instance, "POST", "/working-groups", { as: coordinator, body: { name: "Deliveries", purpose: "Again." } });
    expect(twice.status).toBe(422);
    expect(twice.body.fields).toEqual({ name: "a working group already has this name" });
    const empty = await api(instance, "POST", "/working-groups", { as: coordinator, body: { name: "Comms" } });
    expect(empty.status).toBe(400);
    expect(empty.body.fields).toHaveProperty("purpose");
    expect((await api(instance, "GET", "/working-groups")).status).toBe(401);
    expect((await get(ana, "not-an-id")).status).toBe(404);
    expect(visibleText((await ana.web.page("/log")).html)).toContain("coord_gia created the working group Deliveries");
  });

  it("a suspended convenor neither shows nor counts: the last active convenor stays", async () => {
    const group = await createGroup("Transport");
    const dee = await makePerson(instance, "dee_drives", "member");
    await api(instance, "POST", `/working-groups/${group.id}/convenors`, { as: coordinator, body: { username: "dee_drives" } });
    const coordinatorMember = await instance.services.members.getByUsername(coordinator.username);
    await instance.services.accounts.setStatus(coordinatorMember, dee.id, "suspended");
    const seen = (await api(instance, "GET", `/working-groups/${group.id}`, { as: coordinator })).body;
    expect(seen).toMatchObject({ members: ["coord_gia"], convenors: ["coord_gia"] });
    expect((await api(instance, "POST", `/working-groups/${group.id}/leave`, { as: coordinator })).status).toBe(409);
  });

  it("members join and leave; the only convenor names another before leaving", async () => {
    const group = await createGroup("Communications");
    expect((await join(ana, group.id)).body).toMatchObject({ members: ["coord_gia", "ana"], joined: true, canManage: false });
    expect((await join(ana, group.id)).body.members).toEqual(["coord_gia", "ana"]);
    const list = await api(instance, "GET", "/working-groups", { as: ana });
    expect(list.body).toContainEqual(expect.objectContaining({ id: group.id, name: "Communications", memberCount: 2, joined: true }));

    const stuck = await api(instance, "POST", `/working-groups/${group.id}/leave`, { as: coordinator });
    expect(stuck.status).toBe(409);
    // A plain member cannot name convenors; the convenor can, and then leave.
    expect((await api(instance, "POST", `/working-groups/${group.id}/convenors`, { as: ana, body: { username: "ana" } })).status).toBe(403);
    const named = await api(instance, "POST", `/working-groups/${group.id}/convenors`, { as: coordinator, body: { username: "ana" } });
    expect(named.body.convenors.sort()).toEqual(["ana", "coord_gia"]);
    const nobody = await api(instance, "POST", `/working-groups/${group.id}/convenors`, { as: ana, body: { username: "nobody" } });
    expect(nobody.status).toBe(422);
    expect(nobody.body.fields).toEqual({ username: "no active member has this username" });
    expect((await api(instance, "POST", `/working-groups/${group.id}/leave`, { as: coordinator })).status).toBe(200);
    // Ana, now convening, names Ben (who joins with it); she cannot unname herself as the last... until Ben convenes too.
    const withBen = await api(instance, "POST", `/working-groups/${group.id}/convenors`, { as: ana, body: { username: "ben" } });
    expect(withBen.body).toMatchObject({ members: ["ana", "ben"], convenors: ["ana", "ben"] });
    expect((await api(instance, "DELETE", `/working-groups/${group.id}/convenors/ben`, { as: ana })).body.convenors).toEqual(["ana"]);
    expect((await api(instance, "DELETE", `/working-groups/${group.id}/convenors/ana`, { as: ana })).status).toBe(409);
    expect((await api(instance, "DELETE", `/working-groups/${group.id}/convenors/cai`, { as: ana })).status).toBe(404);
  });

  it("a group's members take and finish its tasks, and the group lists those not done", async () => {
    const group = await createGroup("Pantry");
    await join(ana, group.id);
    await join(ben, group.id);
    const due = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const outsider = await api(instance, "POST", `/working-groups/${group.id}/tasks`, { as: cai, body: { title: "Count the tins" } });
    expect(outsider.status).toBe(403);
    const bad = await api(instance, "POST", `/working-groups/${group.id}/tasks`, {
      as: ana,
      body: { title: "Count", dueOn: "2001-01-01" },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.fields).toEqual({ dueOn: "is in the past" });
    const created = await api(instance, "POST", `/working-groups/${group.id}/tasks`, {
      as: ana,
      body: { title: "Count the tins", dueOn: due },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: "Count the tins", dueOn: due, takenBy: null, done: false, group: "Pantry" });
    const task = `/working-groups/${group.id}/tasks/${created.body.id}`;

    expect((await api(instance, "POST", task, { as: cai, body: { action: "take" } })).status).toBe(403);
    expect((await api(instance, "POST", task, { as: ben, body: { action: "take" } })).body.takenBy).toBe("ben");
    expect((await api(instance, "POST", task, { as: ana, body: { action: "take" } })).status).toBe(409);
    expect((await api(instance, "POST", task, { as: ana, body: { action: "release" } })).status).toBe(403);
    expect((await api(instance, "POST", task, { as: ana, body: { action: "finish" } })).status).toBe(400);
    expect((await get(ana, group.id)).body.tasks).toEqual([expect.objectContaining({ id: created.body.id, takenBy: "ben" })]);

    expect((await api(instance, "POST", task, { as: ben, body: { action: "done" } })).body).toMatchObject({ done: true, takenBy: "ben" });
    expect((await api(instance, "POST", task, { as: ben, body: { action: "done" } })).status).toBe(409);
    expect((await get(ana, group.id)).body.tasks).toEqual([]);
    // The coordinator manages every group's tasks, in it or not.
    const other = await api(instance, "POST", `/working-groups/${group.id}/tasks`, { as: coordinator, body: { title: "Ring the bakery" } });
    await api(instance, "POST", `/working-groups/${group.id}/tasks/${other.body.id}`, { as: ana, body: { action: "take" } });
    const released = await api(instance, "POST", `/working-groups/${group.id}/tasks/${other.body.id}`, {
      as: coordinator,
      body: { action: "release" },
    });
    expect(released.body.takenBy).toBeNull();
    // A member who leaves gives back the tasks they took.
    await api(instance, "POST", `/working-groups/${group.id}/tasks/${other.body.id}`, { as: ben, body: { action: "take" } });
    await api(instance, "POST", `/working-groups/${group.id}/leave`, { as: ben });
    expect((await get(ana, group.id)).body.tasks).toEqual([expect.objectContaining({ id: other.body.id, takenBy: null })]);
  });

  it("a group's decision: only its members vote, the quorum counts them, and only they are told", async () => {
    const group = await createGroup("Fundraising");
    await join(ana, group.id);
    await join(ben, group.id);
    const body = {
      title: "Hold a raffle",
      body: "In spring.",
      process: "consent",
      closesAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    };
    const outsider = await api(instance, "POST", "/decisions", { as: cai, body: { ...body, workingGroupId: group.id } });
    expect(outsider.status).toBe(403);
    const noGroup = await api(instance, "POST", "/decisions", { as: ana, body: { ...body, workingGroupId: crypto.randomUUID() } });
    expect(noGroup.status).toBe(422);
    expect(noGroup.body.fields).toEqual({ workingGroupId: "no working group has this id" });
    const created = await api(instance, "POST", "/decisions", { as: ana, body: { ...body, workingGroupId: group.id, quorum: 1 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ workingGroupId: group.id, workingGroup: "Fundraising", canVote: true });
    const id = created.body.id;
    expect((await notices(ben)).some((n) => n.url.endsWith(`/decisions/${id}`))).toBe(true);
    expect((await notices(cai)).some((n) => n.url.endsWith(`/decisions/${id}`))).toBe(false);

    const refused = await api(instance, "POST", `/decisions/${id}/votes`, { as: cai, body: { choice: "consent" } });
    expect(refused.status).toBe(403);
    expect((await api(instance, "GET", `/decisions/${id}`, { as: cai })).body.canVote).toBe(false);
    // Joining the group once the decision is open gives no vote in it.
    await join(cai, group.id);
    expect((await api(instance, "POST", `/decisions/${id}/votes`, { as: cai, body: { choice: "consent" } })).status).toBe(403);
    const voted = await api(instance, "POST", `/decisions/${id}/votes`, { as: ben, body: { choice: "consent" } });
    // Three are in the group: the coordinator who created it, Ana and Ben.
    expect(voted.body.tally).toMatchObject({ voters: 1, eligible: 3 });
    const closed = await api(instance, "POST", `/decisions/${id}/close`, { as: ana, body: { outcome: "No raffle yet." } });
    expect(closed.body.result).toEqual({ quorumReached: false });
    expect((await get(ben, group.id)).body.decisions).toEqual([
      expect.objectContaining({ id, title: "Hold a raffle", status: "closed", outcome: "No raffle yet." }),
    ]);
  });
});
