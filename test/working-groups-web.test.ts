import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { makePerson, type Person } from "./support/people.ts";
import { visibleText, WebClient } from "./support/web-client.ts";

// Working groups on the web pages, with forms only (no JavaScript), as members would use them.

let instance: TestInstance;
let coordinator: Person;
let member: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  coordinator = await makePerson(instance, "coord_lu", "coordinator");
  member = await makePerson(instance, "noor", "member");
});
afterAll(() => instance?.destroy());

async function createByForm(name: string): Promise<string> {
  const created = await coordinator.web.post("/groups", { name, purpose: "Phoning members who asked for a call back." });
  expect(created.status, await created.clone().text()).toBe(303);
  return created.headers.get("location")!;
}

describe(`working groups on the web (${testDriver})`, () => {
  it("are for members: the menu links them, the public is sent to sign in, and only coordinators see the form to create one", async () => {
    expect((await member.web.page("/")).html).toContain('<a href="/groups">Working groups</a>');
    const anonymous = await new WebClient(instance.url).get("/groups");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe("/sign-in?next=%2Fgroups");
    expect(visibleText((await member.web.page("/groups")).html)).not.toContain("Start a working group");
    const wrong = await coordinator.web.post("/groups", { name: "", purpose: "" });
    expect(wrong.status).toBe(422);
    expect(visibleText(await wrong.text())).toContain("say what the group looks after");
  });

  it("a member joins, takes a task from My tasks and finishes it; the only convenor is told to name another before leaving", async () => {
    const path = await createByForm("Phone tree");
    expect((await member.web.post(`${path}/join`, {})).status).toBe(303);
    const page = visibleText((await member.web.page(path)).html);
    expect(page).toContain("Convenors: coord_lu");
    expect(page).toContain("Members: coord_lu, noor");
    expect(page).toContain("Leave this group");

    const noTitle = await member.web.post(`${path}/tasks`, { title: "", dueOn: "" });
    expect(noTitle.status).toBe(422);
    expect((await member.web.post(`${path}/tasks`, { title: "Call the new members", dueOn: "" })).status).toBe(303);
    const tasks = await member.web.page("/tasks");
    expect(visibleText(tasks.html)).toContain("Call the new members");
    const action = tasks.html.match(/action="(\/groups\/[^"]+\/tasks\/[^"]+)"/)![1]!;
    const taken = await member.web.post(action, { action: "take", back: "tasks" });
    expect(taken.headers.get("location")).toBe("/tasks");
    expect(visibleText((await member.web.page("/tasks")).html)).toContain("taken by noor");
    await member.web.post(action, { action: "done", back: "tasks" });
    expect(visibleText((await member.web.page("/tasks")).html)).not.toContain("Call the new members");

    const stuck = await coordinator.web.post(`${path}/leave`, {});
    expect(stuck.status).toBe(409);
    expect(visibleText(await stuck.text())).toContain("name another convenor before you leave");
    expect((await coordinator.web.post(`${path}/convenors`, { username: "noor" })).status).toBe(303);
    expect((await coordinator.web.post(`${path}/leave`, {})).status).toBe(303);
    expect(visibleText((await member.web.page(path)).html)).toContain("Convenors: noor");
  });

  it("a group's decision is started from its page and says who votes", async () => {
    const path = await createByForm("Treasury help");
    const groupId = path.split("/").pop()!;
    const form = await coordinator.web.page(`/decisions/new?group=${groupId}`);
    expect(form.html).toContain(`<option value="${groupId}" selected="">Treasury help</option>`);
    const closesAt = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 16);
    const started = await coordinator.web.post("/decisions", {
      title: "Buy a cash box",
      body: "For the market stall.",
      process: "consent",
      closesAt,
      workingGroupId: groupId,
      hideResults: "never",
    });
    expect(started.status, await started.clone().text()).toBe(303);
    const seen = visibleText((await member.web.page(started.headers.get("location")!)).html);
    expect(seen).toContain("Decided by the working group Treasury help · only its members vote.");
    expect(visibleText((await member.web.page(path)).html)).toContain("Buy a cash box");
  });
});
