import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testDriver } from "./support/database.ts";
import { type Delivery, FakeMastodon, SHARED_INBOX } from "./support/fake-mastodon.ts";
import { eventually, freePort, startTestInstance, type TestInstance } from "./support/instance.ts";
import { makePerson, type Person } from "./support/people.ts";
import { publishRequest } from "./support/posts.ts";
import { type Finished, finished, spawnScript } from "./support/processes.ts";

// Short leases, so that a killed worker's message is taken over within seconds.
const LEASE_SECONDS = 3;

interface WorkerProcess {
  child: ChildProcess;
  metricsUrl: string;
  exited: Promise<Finished>;
}

// Several worker processes need PostgreSQL; PGlite allows one process per data directory.
// Real worker processes are started and killed (Node and tsx each time): 20–25 s a test on a
// two-core machine, close to vitest's default limit.
describe.runIf(testDriver === "postgres")("worker processes that crash in the middle of a delivery", { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let web: TestInstance;
  let mastodon: FakeMastodon;
  let author: Person;
  const workers: WorkerProcess[] = [];

  async function startWorker(): Promise<WorkerProcess> {
    const port = await freePort();
    const child = spawnScript("src/main.ts", [], {
      NODE_ROLE: "worker",
      DATABASE_URL: database.location.databaseUrl,
      ORIGIN: web.url,
      NETWORK_HANDLE: "westside",
      NETWORK_NAME: "westside mutual aid",
      ALLOW_PRIVATE_ADDRESS: "true",
      QUEUE_LEASE_SECONDS: String(LEASE_SECONDS),
      // Two deliveries at a time each: more due at once than one worker takes must go to another.
      QUEUE_CONCURRENCY: "2",
      METRICS_PORT: String(port),
    });
    const worker = { child, metricsUrl: `http://127.0.0.1:${port}`, exited: finished(child) };
    workers.push(worker);
    // The worker's own readiness probe says when it is up.
    await eventually(async () => (await fetch(`${worker.metricsUrl}/ready`).catch(() => null))?.ok, 30_000);
    return worker;
  }

  async function sentBy(worker: WorkerProcess): Promise<number> {
    // The worker's metrics listener is on 127.0.0.1 and there is no token: open to this machine.
    const text = await (await fetch(`${worker.metricsUrl}/metrics`)).text();
    return [...text.matchAll(/^mycelium_deliveries_total\{[^}]*result="sent"[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  }

  /** The Create activities about `postId` that reached the server, as `list` records them. */
  const createsOf = (list: Delivery[], postId: string) =>
    list.filter((d) => d.body.type === "Create" && String(d.body.object?.id).endsWith(`/ap/notes/${postId}`));

  beforeAll(async () => {
    database = await createTestDatabase();
    web = await startTestInstance("westside", { NODE_ROLE: "web" }, { database });
    mastodon = new FakeMastodon({ sharedInbox: true });
    await mastodon.start();
    await web.services.areas.add("Riverside");
    author = await makePerson(web, "author_rosa", "member");
    // Three followers on one server; a worker sends the Accepts once one runs.
    for (const username of ["alice", "bob", "carol"]) {
      await mastodon.addAccount(username);
      await mastodon.follow(username, web.actorUrl);
    }
  }, 60_000);
  afterAll(async () => {
    for (const worker of workers) worker.child.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    await Promise.all([web?.destroy(), mastodon?.stop()]);
    await database?.drop();
  });

  /** The workers that have not exited. */
  const liveWorkers = () => workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);

  it("has another worker deliver what a killed worker was sending, once, to the shared inbox", async () => {
    const first = await startWorker();
    await eventually(async () => ["alice", "bob", "carol"].every((u) => mastodon.received(u, "Accept").length === 1));

    // The server now holds each delivery for 30 s: the only worker is caught mid-delivery.
    mastodon.inboxDelayMs = 30_000;
    const postId = await publishRequest(web, author, "Bread for the shelter", "Riverside");
    await eventually(async () => createsOf(mastodon.arrivals, postId).length === 1);
    const second = await startWorker();
    first.child.kill("SIGKILL");
    expect((await first.exited).code).toBeNull(); // killed, not exited

    // The server is slow, not down: the second worker takes the message over when the lease ends.
    mastodon.inboxDelayMs = 500;
    await eventually(async () => createsOf(mastodon.deliveries, postId).length > 0, 20_000);
    expect(createsOf(mastodon.abandoned, postId)).toHaveLength(1);
    // Three followers on one server: one delivery, to its shared inbox, completed once.
    const [create] = createsOf(mastodon.deliveries, postId);
    expect(create!.to).toBe(SHARED_INBOX);
    expect(create!.signed).toBe(true);
    // Nothing left to send or being sent: a message taken twice would have arrived twice.
    await web.queue.whenIdle();
    expect(createsOf(mastodon.deliveries, postId)).toHaveLength(1);
    expect(await sentBy(second)).toBe(1);
  }, 90_000);

  it("has live workers share the deliveries without ever sending one twice", async () => {
    // Two live workers (after the test above: its survivor and a replacement, as systemd would start).
    while (liveWorkers().length < 2) await startWorker();
    const [second, third] = liveWorkers() as [WorkerProcess, WorkerProcess];
    await eventually(async () => ["alice", "bob", "carol"].every((u) => mastodon.received(u, "Accept").length === 1));
    await web.queue.whenIdle();
    const [secondBefore, thirdBefore] = [await sentBy(second), await sentBy(third)];
    // Each delivery takes two seconds: one worker cannot keep up with eight posts alone (it holds
    // two at a time), so the other gets some whichever of them wins each notification's race.
    mastodon.inboxDelayMs = 2_000;
    const postIds: string[] = [];
    for (let i = 1; i <= 8; i++) postIds.push(await publishRequest(web, author, `Soup pot ${i}`, "Riverside"));

    await eventually(async () => postIds.every((id) => createsOf(mastodon.deliveries, id).length > 0), 30_000);
    // Nothing left to send or being sent: a message taken twice would have arrived twice.
    await web.queue.whenIdle();
    for (const id of postIds) {
      expect(createsOf(mastodon.arrivals, id), `post ${id}`).toHaveLength(1);
      expect(createsOf(mastodon.deliveries, id)[0]!.to).toBe(SHARED_INBOX);
    }
    const [bySecond, byThird] = [await sentBy(second), await sentBy(third)];
    expect(bySecond - secondBefore + (byThird - thirdBefore)).toBe(8);
    // Both workers delivered: the work is spread, not just survived.
    expect(bySecond - secondBefore).toBeGreaterThan(0);
    expect(byThird - thirdBefore).toBeGreaterThan(0);
  }, 90_000);
});
