import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { eventually, RestartableInstance, settled, startTestInstance, type TestInstance } from "./support/instance.ts";
import { makeSiblings } from "./support/networks.ts";
import { api, makePerson, type Person } from "./support/people.ts";

let east: TestInstance;
let west: RestartableInstance;
/** A second sibling of East that stays up throughout. */
let north: TestInstance;
let eastCoordinator: Person;
let eastMember: Person;

/** What West lists from its siblings, as a coordinator of West sees it. */
async function westFeed() {
  const services = west.running.services;
  const [coordinator] = (await services.members.list()).filter((m) => m.role === "coordinator");
  return (await services.siblingPosts.list(coordinator!, { includeClosed: true })).items;
}

beforeAll(async () => {
  [east, north] = await Promise.all([startTestInstance("eastside"), startTestInstance("northside")]);
  west = await RestartableInstance.create("westside");
  await east.services.areas.add("Riverside");
  eastCoordinator = await makePerson(east, "coord_eve", "coordinator");
  eastMember = await makePerson(east, "member_max", "member");
  await west.running.services.members.addMember({ username: "coord_will", role: "coordinator" });

  await east.services.networks.follow(west.actorUrl);
  const atWest = await eventually(async () => (await west.running.services.networks.list()).find((n) => n.follower === "pending"));
  await west.running.services.networks.approveFollower(atWest.id);
  await west.running.services.networks.follow(east.actorUrl);
  const atEast = await eventually(async () => (await east.services.networks.list()).find((n) => n.follower === "pending"));
  await east.services.networks.approveFollower(atEast.id);
  await eventually(async () => (await west.running.services.networks.list()).find((n) => n.sibling));
  await makeSiblings(east, north);
  await north.services.members.addMember({ username: "coord_nina", role: "coordinator" });

  await api(east, "POST", "/crises", {
    as: eastCoordinator,
    body: { title: "River flooding", areas: ["Riverside"], categories: ["food"], severity: "severe" },
  });
}, 120_000);
afterAll(async () => {
  await Promise.all([east?.destroy(), west?.destroy(), north?.destroy()]);
});

async function northFeed() {
  const [coordinator] = await north.services.members.list();
  return (await north.services.siblingPosts.list(coordinator!, { includeClosed: true })).items;
}

/**
 * Waits until East has tried every delivery it could and some failed: nothing is due,
 * and a retry waits for later (the deliveries to the sibling that is down).
 */
async function eastWaitsToRetry() {
  await settled(east);
  expect((await east.queue.getDepth()).delayed).toBeGreaterThan(0);
}

/** A critical need in the crisis, by East's member; resolves to its id. */
async function postNeed(title: string): Promise<string> {
  const need = await api(east, "POST", "/posts", {
    as: eastMember,
    body: { kind: "request", category: "food", title, area: "Riverside", urgency: "critical" },
  });
  expect(need.status).toBe(201);
  return need.body.id;
}

describe(`a sibling that is down (${testDriver})`, () => {
  beforeEach(async () => {
    if (west.current === null) await west.start();
  });

  it("receives a need forwarded while it was down once it comes back", async () => {
    await west.stop();
    await postNeed("Dry food for the school shelter");
    // The sibling that is up gets it at once; deliveries to the one that is down fail, and are retried.
    await eventually(async () => (await northFeed()).find((i) => i.title === "Dry food for the school shelter" && i.forwarded));
    await eastWaitsToRetry();
    await west.start();
    const item = await eventually(
      async () => (await westFeed()).find((i) => i.title === "Dry food for the school shelter" && i.forwarded),
      30_000,
    );
    expect(item).toMatchObject({ status: "open", crisis: { title: "River flooding" } });
  }, 60_000);

  it("learns that a need closed while it was down", async () => {
    const needId = await postNeed("Blankets for the school shelter");
    await eventually(async () => (await westFeed()).find((i) => i.title === "Blankets for the school shelter" && i.forwarded), 30_000);
    await west.stop();
    await api(east, "PATCH", `/posts/${needId}`, { as: eastCoordinator, body: { status: "fulfilled" } });
    await eventually(async () =>
      (await northFeed()).find((i) => i.title === "Blankets for the school shelter" && i.status === "fulfilled"),
    );
    await eastWaitsToRetry();
    await west.start();
    await eventually(
      async () => (await westFeed()).find((i) => i.title === "Blankets for the school shelter" && i.status === "fulfilled"),
      30_000,
    );
  }, 60_000);
});
