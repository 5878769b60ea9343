import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIN_HANDOVERS, type NetworkFacts, warningsFrom } from "../src/members/admin-warnings.ts";
import { testDriver } from "./support/database.ts";
import { completeHandover } from "./support/handovers.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { approveVolunteer } from "./support/volunteers.ts";
import { visibleText } from "./support/web-client.ts";

// The admin page's warnings of what rests on one person: the rules as a plain function, then
// the members page as an admin (and a coordinator) sees it.

const healthy: NetworkFacts = {
  admins: ["ada", "bo"],
  treasurers: ["tess", "tom"],
  groups: [{ id: "g1", name: "Deliveries", convenors: ["ada", "cy"] }],
  handovers: [
    { username: "vi", count: 3 },
    { username: "wu", count: 3 },
    { username: "xu", count: 3 },
  ],
};

describe("the warnings' rules", () => {
  it("say nothing when every role and group rests on two people and the handovers are shared", () => {
    expect(warningsFrom(healthy)).toEqual([]);
  });

  it("warn of one admin, one treasurer and each group with one convenor, naming them", () => {
    expect(
      warningsFrom({
        ...healthy,
        admins: ["ada"],
        treasurers: ["tess"],
        groups: [...healthy.groups, { id: "g2", name: "Comms", convenors: ["cy"] }, { id: "g3", name: "Empty", convenors: [] }],
      }),
    ).toEqual([
      { kind: "one_admin", username: "ada" },
      { kind: "one_treasurer", username: "tess" },
      { kind: "one_convenor", groupId: "g2", group: "Comms", username: "cy" },
    ]);
    // No treasurer at all is no warning: the network does not keep books here.
    expect(warningsFrom({ ...healthy, treasurers: [] })).toEqual([]);
  });

  it("warn of a volunteer who did more than a third of the handovers, once there are enough to tell", () => {
    const load = (counts: number[]) => counts.map((count, i) => ({ username: `v${i}`, count }));
    expect(warningsFrom({ ...healthy, handovers: load([4, 4, 4]) })).toEqual([]);
    expect(warningsFrom({ ...healthy, handovers: load([5, 4, 3]) })).toEqual([{ kind: "burnout", username: "v0", count: 5, total: 12 }]);
    expect(warningsFrom({ ...healthy, handovers: load([MIN_HANDOVERS - 1]) })).toEqual([]);
    expect(warningsFrom({ ...healthy, handovers: load([MIN_HANDOVERS]) })).toEqual([
      { kind: "burnout", username: "v0", count: MIN_HANDOVERS, total: MIN_HANDOVERS },
    ]);
  });
});

let instance: TestInstance;
let admin: Person;
let coordinator: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  admin = await makePerson(instance, "only_ada", "admin");
  coordinator = await makePerson(instance, "coord_cy", "coordinator");
});
afterAll(() => instance?.destroy());

describe(`the warnings on the members page (${testDriver})`, () => {
  it("show an admin what rests on one person, with what to do; coordinators do not see them", async () => {
    const requester = await makePerson(instance, "rhea", "member");
    const offerer = await makePerson(instance, "oz", "member");
    const busy = await makePerson(instance, "busy_bee", "member");
    const other = await makePerson(instance, "other_val", "member");
    for (const volunteer of [busy, other])
      await approveVolunteer(instance, volunteer, coordinator, { weekdays: [], note: "", maxTasks: 5 });
    for (const volunteer of [busy, busy, other]) {
      await completeHandover(instance, { coordinator, requester, offerer, volunteer }, "East side");
    }
    await api(instance, "POST", "/working-groups", { as: coordinator, body: { name: "Pantry", purpose: "Stocking the pantry." } });
    await admin.web.post(`/members/${offerer.id}/treasurer`, { treasurer: "on" });

    const text = visibleText((await admin.web.page("/members")).html);
    expect(text).toContain("Only only_ada is an admin. If they are away or leave, nobody can change the settings or give roles.");
    expect(text).toContain("Only oz keeps the books.");
    expect(text).toContain("The working group Pantry has one convenor, coord_cy. Ask its members");
    expect(text).toContain("busy_bee did 2 of the 3 handovers in the last 30 days. That is more than a third.");
    expect(text).not.toContain("other_val did");
    expect(visibleText((await coordinator.web.page("/members")).html)).not.toContain("Resting on one person");
  });
});
