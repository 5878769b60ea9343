import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
import { createTestDatabase, type TestDatabase, testDriver } from "./support/database.ts";
import { eventually, settled, startTestInstance, type TestInstance } from "./support/instance.ts";

// Separate web and worker processes need PostgreSQL; PGlite refuses the split.
describe.runIf(testDriver === "postgres")("a network run as separate web and worker processes", () => {
  let database: TestDatabase;
  let web: TestInstance;
  let worker: TestInstance;
  let east: TestInstance;

  beforeAll(async () => {
    database = await createTestDatabase();
    web = await startTestInstance("westside", { NODE_ROLE: "web" }, { database });
    east = await startTestInstance("eastside");
  });
  afterAll(async () => {
    await Promise.all([web?.destroy(), worker?.destroy(), east?.destroy()]);
    await database?.drop();
  });

  async function queuedMessages(): Promise<number> {
    const [row] = await queryRows<{ n: number }>(web.database.db, sql`SELECT count(*)::int AS n FROM fedify_messages`);
    return row!.n;
  }

  it("has the web process only queue, and the worker deliver and process", async () => {
    await east.services.networks.follow(web.actorUrl);
    // The web process accepts the signed Follow into the queue but does not process it…
    // East's delivery has completed: the web process answered it after queuing the Follow.
    await settled(east);
    expect(await queuedMessages()).toBeGreaterThan(0);
    // Due, and nobody has taken it.
    expect(await web.queue.isIdle()).toBe(false);
    expect(await web.services.networks.list()).toEqual([]);

    // …until a worker runs.
    worker = await startTestInstance("westside", { NODE_ROLE: "worker", ORIGIN: web.url }, { database });
    expect(worker.listeningUrl).toBeNull();
    const pending = await eventually(async () => (await web.services.networks.list()).find((n) => n.follower === "pending"));
    // Approving through the web process queues an Accept that only the worker can send.
    await web.services.networks.approveFollower(pending.id);
    await eventually(async () => (await east.services.networks.list()).find((n) => n.following === "accepted"));
  });
});
