import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
import { DatabaseMessageQueue } from "../db/message-queue.ts";
import { databaseForThisFile, testDriver } from "./support/database.ts";
import { eventually } from "./support/instance.ts";
import { finished, spawnScript } from "./support/processes.ts";

interface Job {
  key: string | null;
  n: number;
}

const testDb = databaseForThisFile();
beforeEach(async () => {
  await testDb.handle.db.execute(sql`DELETE FROM fedify_messages`);
});

const KEYS = Array.from({ length: 12 }, (_, i) => `post:${i}\ninbox-${i % 3}`);
const PER_KEY = 20;
const UNORDERED = 60;
const TOTAL = KEYS.length * PER_KEY + UNORDERED;

/** Messages with one ordering key are queued one after another, as Fedify sends them; the unordered ones after. */
async function enqueueJobs(): Promise<void> {
  const writer = new DatabaseMessageQueue(testDb.handle);
  for (let n = 0; n < PER_KEY; n++) await Promise.all(KEYS.map((key) => writer.enqueue({ key, n }, { orderingKey: key })));
  await Promise.all(Array.from({ length: UNORDERED }, (_, n) => writer.enqueue({ key: null, n })));
}

/**
 * What the workers did: `handled` in the order handlers finished, how many ran at once, and
 * whether two messages with one ordering key ever ran at the same time.
 */
function tracker() {
  const handled: (Job & { worker: number })[] = [];
  const inFlight = new Set<string>();
  const waiting: { count: number; resolve: () => void }[] = [];
  const state = { overlaps: 0, running: 0, mostAtOnce: 0 };
  return {
    handled,
    state,
    async handle(worker: number, job: Job, work: () => Promise<void>): Promise<void> {
      state.running++;
      state.mostAtOnce = Math.max(state.mostAtOnce, state.running);
      if (job.key !== null && inFlight.has(job.key)) state.overlaps++;
      if (job.key !== null) inFlight.add(job.key);
      try {
        await work();
      } finally {
        if (job.key !== null) inFlight.delete(job.key);
        state.running--;
      }
      handled.push({ worker, ...job });
      for (const w of waiting) if (handled.length >= w.count) w.resolve();
    },
    handledCount(count: number): Promise<void> {
      if (handled.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiting.push({ count, resolve }));
    },
  };
}

/** Hands the event loop over a few times, so other workers claim while this message runs. */
async function briefWork(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Has `workers` (numbered by their place) handle messages until all of them are handled and they
 * are idle, then stops them. `work` is what handling one message takes.
 */
async function workUntilAllHandled(
  workers: readonly DatabaseMessageQueue[],
  seen: ReturnType<typeof tracker>,
  work: (worker: number) => Promise<void> = briefWork,
): Promise<void> {
  const controller = new AbortController();
  const listening = workers.map((worker, index) =>
    worker.listen((job: Job) => seen.handle(index, job, () => work(index)), { signal: controller.signal }),
  );
  try {
    await seen.handledCount(TOTAL);
    await Promise.all(workers.map((worker) => worker.whenIdle()));
  } finally {
    controller.abort();
    await Promise.all(listening);
  }
}

function expectEachOnceInOrder(handled: readonly Job[]): void {
  expect(handled).toHaveLength(TOTAL);
  expect(new Set(handled.map((h) => `${h.key}:${h.n}`)).size).toBe(TOTAL);
  for (const key of KEYS) {
    expect(handled.filter((h) => h.key === key).map((h) => h.n)).toEqual(Array.from({ length: PER_KEY }, (_, n) => n));
  }
}

async function queuedCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(testDb.handle.db, sql`SELECT count(*)::int AS n FROM fedify_messages`);
  return row!.n;
}

describe(`several workers claiming batches from one queue on ${testDriver}`, () => {
  it("hands each of 300 messages to exactly one of three workers, one at a time and in order per ordering key", async () => {
    await enqueueJobs();
    const second = await testDb.database.open();
    const seen = tracker();
    const workers = [testDb.handle, second, testDb.handle].map((h) => new DatabaseMessageQueue(h, { pollIntervalMs: 100, concurrency: 8 }));
    // Every message waits until each worker has started one. Two workers that hold all they
    // may claim (eight running, eight ahead) leave 40 of the 72 due messages to the third;
    // were it left nothing, this would never open. Without it, on a loaded machine, two
    // workers could empty the queue before the third's first look.
    const started = new Set<number>();
    let allStarted!: () => void;
    const eachWorkerStarted = new Promise<void>((resolve) => (allStarted = resolve));
    const work = async (worker: number) => {
      started.add(worker);
      if (started.size === workers.length) allStarted();
      await eachWorkerStarted;
      await briefWork();
    };
    try {
      await workUntilAllHandled(workers, seen, work);
    } finally {
      // On PGlite every open() shares the one handle; on PostgreSQL the second has its own pool.
      if (second !== testDb.handle) await second.close();
    }
    expectEachOnceInOrder(seen.handled);
    expect(seen.state.overlaps).toBe(0);
    // Batches: several messages ran at once, and every worker took part.
    expect(seen.state.mostAtOnce).toBeGreaterThan(1);
    expect(new Set(seen.handled.map((h) => h.worker)).size).toBe(3);
    expect(await queuedCount()).toBe(0);
  });

  it("has a worker stopped in the middle of a batch finish what it claimed, and the others the rest", async () => {
    await enqueueJobs();
    const seen = tracker();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let batchTaken!: () => void;
    const batchIsTaken = new Promise<void>((resolve) => (batchTaken = resolve));
    let startedByFirst = 0;
    const first = new DatabaseMessageQueue(testDb.handle, { pollIntervalMs: 100, concurrency: 8 });
    const stopFirst = new AbortController();
    const firstListening = first.listen(
      (job: Job) =>
        seen.handle(0, job, async () => {
          if (++startedByFirst === 8) batchTaken();
          await held;
        }),
      { signal: stopFirst.signal },
    );
    // It claimed the first eight ordering keys' first messages in one go, and is told to stop.
    await batchIsTaken;
    stopFirst.abort();
    const second = new DatabaseMessageQueue(testDb.handle, { pollIntervalMs: 100, concurrency: 8 });
    const stopSecond = new AbortController();
    const secondListening = second.listen((job: Job) => seen.handle(1, job, briefWork), { signal: stopSecond.signal });
    try {
      // Meanwhile the second handles all that does not wait behind the held batch: four keys and the unordered.
      await seen.handledCount((KEYS.length - 8) * PER_KEY + UNORDERED);
      expect(seen.handled.every((h) => h.worker === 1 && (h.key === null || KEYS.indexOf(h.key) >= 8))).toBe(true);
      release();
      await firstListening;
      await seen.handledCount(TOTAL);
      await second.whenIdle();
    } finally {
      release();
      stopSecond.abort();
      await secondListening;
    }
    expectEachOnceInOrder(seen.handled);
    expect(seen.handled.filter((h) => h.worker === 0)).toHaveLength(8);
    expect(seen.state.overlaps).toBe(0);
    expect(await queuedCount()).toBe(0);
  });

  // A killed worker is a separate process (PGlite allows one process per data directory).
  it.runIf(testDriver === "postgres")(
    "loses none of a batch whose worker is killed (SIGKILL): the others take it once its lease ends, in order",
    async () => {
      await enqueueJobs();
      const child = spawnScript("test/support/queue-worker.ts", [], {
        DATABASE_URL: testDb.database.location.databaseUrl,
        QUEUE_LEASE_MS: "1500",
        QUEUE_CONCURRENCY: "8",
      });
      const exited = finished(child);
      const leased = () =>
        queryRows<{ n: number }>(testDb.handle.db, sql`SELECT count(*)::int AS n FROM fedify_messages WHERE locked_until > now()`);
      // The child claimed a batch of sixteen: it is in the middle of eight, and claimed eight ahead.
      await eventually(async () => (await leased())[0]!.n === 16, 30_000);
      child.kill("SIGKILL");
      expect((await exited).code).toBeNull();

      const seen = tracker();
      const survivors = [0, 1].map(() => new DatabaseMessageQueue(testDb.handle, { pollIntervalMs: 100, concurrency: 8 }));
      await workUntilAllHandled(survivors, seen);
      // The killed batch's messages were first in their keys: handled once each, before the rest of their keys.
      expectEachOnceInOrder(seen.handled);
      expect(seen.state.overlaps).toBe(0);
      expect(await queuedCount()).toBe(0);
    },
    60_000,
  );
});
