import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";

let instance: TestInstance;
let coordinator: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  for (const area of ["East side", "Riverside", "Harbour"]) await instance.services.areas.add(area);
  coordinator = await makePerson(instance, "coord_cora", "coordinator");
}, 60_000);
afterAll(async () => {
  await instance?.destroy();
});

/** The titles of the notices a member has been sent (newest first). */
const noticesOf = async (person: Person): Promise<string[]> =>
  ((await api(instance, "GET", "/notifications", { as: person })).body.items as { text: string }[]).map((n) => n.text);

async function post(author: Person, fields: Record<string, unknown>): Promise<string> {
  const created = await api(instance, "POST", "/posts", {
    as: author,
    body: { kind: "request", category: "food", urgency: "normal", area: "East side", ...fields },
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

describe(`blocks and hidden posts on the remaining surfaces (${testDriver})`, () => {
  it("tells nobody in a block with the author about a new post, by a watch or as a coordinator; everyone else still hears", async () => {
    const author = await makePerson(instance, "author_abel", "member");
    const blocker = await makePerson(instance, "blocker_bea", "member");
    const blocked = await makePerson(instance, "blocked_bo", "member");
    const bystander = await makePerson(instance, "watcher_wim", "member");
    const blockedCoordinator = await makePerson(instance, "coord_blocked", "coordinator");
    for (const person of [blocker, blocked, bystander]) {
      expect((await api(instance, "POST", "/watches", { as: person, body: { category: "tools" } })).status).toBe(201);
    }
    // One block made by the watcher, one by the author: either way counts.
    expect((await api(instance, "POST", "/blocks/members", { as: blocker, body: { member: "author_abel" } })).status).toBe(204);
    for (const other of ["blocked_bo", "coord_blocked"]) {
      expect((await api(instance, "POST", "/blocks/members", { as: author, body: { member: other } })).status).toBe(204);
    }

    await post(author, { category: "tools", title: "Borrow a ladder for the roof" });

    expect((await noticesOf(bystander)).join("\n")).toContain("Borrow a ladder for the roof");
    expect((await noticesOf(coordinator)).join("\n")).toContain("Borrow a ladder for the roof");
    expect((await noticesOf(blocker)).join("\n")).not.toContain("Borrow a ladder");
    expect((await noticesOf(blocked)).join("\n")).not.toContain("Borrow a ladder");
    expect((await noticesOf(blockedCoordinator)).join("\n")).not.toContain("Borrow a ladder");
  });

  it("never forwards a request hidden pending review, by the worker or by hand, and forwards it once restored", async () => {
    const author = await makePerson(instance, "author_ruth", "member");
    const hidden = await post(author, { title: "Food for the flooded flats", urgency: "critical", area: "Riverside" });
    expect((await api(instance, "POST", `/posts/${hidden}/hide`, { as: coordinator })).status).toBe(200);

    // Declaring forwards what is due at once (critical requests wait for nothing).
    const declared = await api(instance, "POST", "/crises", {
      as: coordinator,
      body: { title: "River flooding", areas: ["Riverside"], categories: ["food"], severity: "severe" },
    });
    expect(declared.status).toBe(201);
    expect(await instance.services.crises.forwardDue()).toBe(0);
    expect((await api(instance, "GET", `/crises/${declared.body.id}`)).body.forwarding.forwarded).toBe(0);

    const byHand = await api(instance, "POST", `/posts/${hidden}/forward`, { as: coordinator, body: { crisis: declared.body.id } });
    expect(byHand.status).toBe(422);
    expect(byHand.body.fields).toEqual({ post: "a post hidden pending review is not forwarded; restore it first" });

    expect((await api(instance, "POST", `/posts/${hidden}/restore`, { as: coordinator })).status).toBe(200);
    // The worker's next sweep forwards it (or this one, whichever comes first).
    await instance.services.crises.forwardDue();
    expect((await api(instance, "GET", `/crises/${declared.body.id}`)).body.forwarding.forwarded).toBe(1);
  });

  it("does not warn of a duplicate that is hidden pending review", async () => {
    const author = await makePerson(instance, "author_dina", "member");
    const first = await post(author, { title: "Rice and beans for a family", area: "Harbour" });
    const second = await post(author, { title: "Rice for the family again", area: "Harbour" });
    const duplicates = async () =>
      ((await api(instance, "GET", `/posts/${second}/duplicates`, { as: coordinator })).body as { id: string }[]).map((d) => d.id);
    expect(await duplicates()).toEqual([first]);

    expect((await api(instance, "POST", `/posts/${first}/hide`, { as: coordinator })).status).toBe(200);
    expect(await duplicates()).toEqual([]);
    expect((await api(instance, "POST", `/posts/${first}/restore`, { as: coordinator })).status).toBe(200);
    expect(await duplicates()).toEqual([first]);
  });
});
