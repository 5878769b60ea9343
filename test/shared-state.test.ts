// The settings, crises and service areas every page shows are kept in each process's
// memory (src/shared-state.ts); a change made through one web process must show on the
// very next page another one serves, with no wait.
import { QueryPromise } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Member } from "../src/members/member.service.ts";
import { SharedState } from "../src/shared-state.ts";
import { startTwoProcesses, type TestInstance, type TwoProcesses } from "./support/instance.ts";

describe("settings, crises and areas kept in memory", () => {
  let processes: TwoProcesses | undefined;
  let first: TestInstance;
  let second: TestInstance;
  let admin: Member;

  beforeAll(async () => {
    processes = await startTwoProcesses("riverside");
    ({ first, second } = processes);
    admin = await first.services.members.addMember({ username: "ada", role: "admin" });
  });
  afterAll(() => processes?.destroy());

  const board = (instance: TestInstance) => fetch(`${instance.url}/`, { headers: { accept: "text/html" } }).then((r) => r.text());

  it("shows a crisis, an area and new settings changed through one process on the other's next page", async () => {
    // Both have read (and kept) what every page shows.
    expect(await board(first)).not.toContain("Flood on the river");
    expect(await board(second)).not.toContain("Low Meadow");

    await first.services.areas.add("Low Meadow");
    const crisis = await first.services.crises.declare(admin, {
      title: "Flood on the river",
      areas: ["Low Meadow"],
      categories: ["shelter"],
      severity: "severe",
      forwardDelayMinutes: 30,
      maxHops: 1,
    });
    const during = await board(second);
    expect(during).toContain("Flood on the river");
    expect(during).toContain("Low Meadow");

    await second.services.settings.update(admin, {
      name: "Riverside Aid Collective",
      summary: "",
      shareMembersOnlyWithSiblings: false,
      peerToPeerClaims: false,
      publicSummary: false,
    });
    expect(await board(first)).toContain("Riverside Aid Collective");

    await second.services.crises.end(admin, crisis.id);
    expect(await board(first)).not.toContain("Flood on the river");
  });

  it("runs a kept load once while nothing changes, even a drizzle query (which runs again on each await)", async () => {
    const shared = new SharedState(first.database.db);
    class CountedQuery extends QueryPromise<string[]> {
      runs = 0;
      async execute() {
        this.runs += 1;
        return ["Low Meadow"];
      }
    }
    const query = new CountedQuery();
    expect(await shared.get("counted", () => query)).toEqual(["Low Meadow"]);
    expect(await shared.get("counted", () => query)).toEqual(["Low Meadow"]);
    expect(query.runs).toBe(1);
  });

  it("reads the version afresh in work a request started that goes on after it (e.g. a queue's loop)", async () => {
    // A SharedState of its own: the instance's background work would refresh the instance's.
    const shared = new SharedState(first.database.db);
    let loads = 0;
    const load = async () => ++loads;
    let release!: () => void;
    const later = new Promise<void>((resolve) => (release = resolve));
    let outlived!: Promise<number>;
    await shared.withinRead(async () => {
      await shared.get("areas", load);
      outlived = (async () => {
        await later;
        return shared.get("areas", load);
      })();
    });
    await first.services.areas.add("Upper Ford");
    release();
    expect(await outlived).toBe(2);
  });
});
