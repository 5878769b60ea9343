import { testMessageQueue } from "@fedify/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { queryRows } from "../db/database.ts";
import { DatabaseMessageQueue } from "../db/message-queue.ts";
import { inTransaction } from "../db/transaction.ts";
import { createTestDatabase, type TestDatabase, testDriver } from "./support/database.ts";
import { milliseconds } from "./support/time.ts";

let database: TestDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  handle = await database.open();
});
afterAll(() => database.drop());

async function queuedCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM fedify_messages`);
  return row!.n;
}

/** A handler that records what it is given; `arrived(n)` resolves once it has been given n messages. */
function recorder(handle: (message: unknown) => void = () => {}) {
  const received: unknown[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  return {
    received,
    handler(message: unknown) {
      received.push(message);
      for (const w of waiting) if (received.length >= w.count) w.resolve();
      handle(message);
    },
    arrived(count: number): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiting.push({ count, resolve }));
    },
  };
}

describe(`DatabaseMessageQueue on ${testDriver}`, () => {
  it("reports when it is idle: nothing due or being handled, delayed messages aside", async () => {
    const queue = new DatabaseMessageQueue(handle, { pollIntervalMs: 5_000 });
    await queue.enqueue({ n: 1 });
    await queue.enqueue({ n: 2 }, { delay: milliseconds(60_000) });
    expect(await queue.isIdle()).toBe(false);
    let finishFirst!: () => void;
    const firstBlocks = new Promise<void>((resolve) => (finishFirst = resolve));
    const { received, handler, arrived } = recorder();
    const controller = new AbortController();
    const listening = queue.listen(
      async (message) => {
        handler(message);
        await firstBlocks;
      },
      { signal: controller.signal },
    );
    try {
      await arrived(1);
      // Being handled is not idle.
      expect(await queue.isIdle()).toBe(false);
      const becameIdle = queue.whenIdle();
      finishFirst();
      // Woken by the handled message itself, long before the 5 s poll interval.
      const started = Date.now();
      await becameIdle;
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(received).toEqual([{ n: 1 }]);
      expect(await queue.getDepth()).toMatchObject({ queued: 1, delayed: 1 });
      // A message due now but queued behind a delayed one with its ordering key waits too.
      await queue.enqueue({ n: 3 }, { orderingKey: "inbox-b", delay: milliseconds(60_000) });
      await queue.enqueue({ n: 4 }, { orderingKey: "inbox-b" });
      expect(await queue.isIdle()).toBe(true);
    } finally {
      finishFirst();
      controller.abort();
      await listening;
      await handle.db.execute(sql`DELETE FROM fedify_messages`);
    }
  });

  it("passes Fedify's message queue conformance suite, ordering keys included", async () => {
    // Two handles on PostgreSQL behave like two worker processes sharing one database.
    const second = await database.open();
    const handles = [handle, second];
    let made = 0;
    await testMessageQueue(
      () => new DatabaseMessageQueue(handles[made++ % 2]!, { pollIntervalMs: 200 }),
      ({ controller }) => controller.abort(),
      { testOrderingKey: true },
    );
    expect(await queuedCount()).toBe(0);
  }, 60_000);

  it("keeps a message enqueued in a transaction only if the transaction commits", async () => {
    const queue = new DatabaseMessageQueue(handle);
    await expect(
      inTransaction(handle.db, async () => {
        await queue.enqueue({ kind: "rolled back" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await queuedCount()).toBe(0);

    await inTransaction(handle.db, () => queue.enqueue({ kind: "committed" }));
    expect(await queuedCount()).toBe(1);

    const { received, handler } = recorder();
    const controller = new AbortController();
    const listening = queue.listen(handler, { signal: controller.signal });
    await queue.whenIdle();
    controller.abort();
    await listening;
    expect(received).toEqual([{ kind: "committed" }]);
    expect(await queuedCount()).toBe(0);
  });

  it("survives a restart: messages written before a crash are handled afterwards", async () => {
    const before = new DatabaseMessageQueue(handle);
    await before.enqueue({ n: 1 });
    await before.enqueue({ n: 2 }, { delay: milliseconds(300) });
    expect(await before.getDepth()).toMatchObject({ queued: 2, ready: 1, delayed: 1 });

    const after = new DatabaseMessageQueue(handle, { pollIntervalMs: 100 });
    const { received, handler, arrived } = recorder();
    const controller = new AbortController();
    const listening = after.listen(handler, { signal: controller.signal });
    await arrived(2);
    controller.abort();
    await listening;
    expect(received).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("gives a message whose worker died to another worker once the lease runs out", async () => {
    const queue = new DatabaseMessageQueue(handle, { leaseMs: 400, pollIntervalMs: 100 });
    await queue.enqueue({ task: "deliver" });
    // What a worker killed mid-delivery leaves behind: a claimed row whose lease nobody renews.
    await handle.db.execute(sql`UPDATE fedify_messages SET locked_until = now() + interval '400 milliseconds', attempts = 1`);
    // A message enqueued after it, free to take: once the worker has handled it, it has
    // looked at the leased one first (older messages come first) and left it alone.
    await queue.enqueue({ task: "marker" });
    const { received, handler, arrived } = recorder();
    const controller = new AbortController();
    const listening = queue.listen(handler, { signal: controller.signal });
    try {
      await arrived(1);
      expect(received).toEqual([{ task: "marker" }]); // the other is still leased to the dead worker
      await arrived(2);
    } finally {
      controller.abort();
      await listening;
    }
    expect(received).toEqual([{ task: "marker" }, { task: "deliver" }]);
    expect(await queuedCount()).toBe(0);
  });

  it("has several workers share 80 messages: each once, one at a time and in order per ordering key", async () => {
    const second = await database.open();
    const keys = ["a", "b", "c", "d", "e", "f"];
    const writer = new DatabaseMessageQueue(handle);
    // Messages with one ordering key are queued one after another, as Fedify sends them.
    for (let n = 0; n < 10; n++) for (const key of keys) await writer.enqueue({ key, n }, { orderingKey: key });
    for (let n = 0; n < 20; n++) await writer.enqueue({ key: null, n });
    const handled: { worker: number; key: string | null; n: number }[] = [];
    const inFlight = new Set<string>();
    let overlaps = 0;
    let mostAtOnce = 0;
    let running = 0;
    const { handler, arrived } = recorder();
    const workers = [handle, second, handle].map((h) => new DatabaseMessageQueue(h, { pollIntervalMs: 100, concurrency: 8 }));
    const controller = new AbortController();
    const listening = workers.map((worker, index) =>
      worker.listen(
        async (message: { key: string | null; n: number }) => {
          running++;
          mostAtOnce = Math.max(mostAtOnce, running);
          if (message.key !== null) {
            if (inFlight.has(message.key)) overlaps++;
            inFlight.add(message.key);
          }
          // Hand the event loop over a few times, so other claims happen while this one runs.
          for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
          if (message.key !== null) inFlight.delete(message.key);
          running--;
          handled.push({ worker: index, ...message });
          handler(message);
        },
        { signal: controller.signal },
      ),
    );
    try {
      await arrived(80);
      await Promise.all(workers.map((worker) => worker.whenIdle()));
    } finally {
      controller.abort();
      await Promise.all(listening);
      // On PGlite every open() shares the one handle; on PostgreSQL the second has its own pool.
      if (second !== handle) await second.close();
    }
    expect(handled).toHaveLength(80);
    expect(new Set(handled.map((h) => `${h.key}:${h.n}`)).size).toBe(80);
    for (const key of keys) {
      expect(handled.filter((h) => h.key === key).map((h) => h.n)).toEqual(Array.from({ length: 10 }, (_, n) => n));
    }
    expect(overlaps).toBe(0);
    // Several messages were handled at once, and by more than one worker.
    expect(mostAtOnce).toBeGreaterThan(1);
    expect(new Set(handled.map((h) => h.worker)).size).toBeGreaterThan(1);
    expect(await queuedCount()).toBe(0);
  });

  it("retries a message whose handler throws, then drops it after the last attempt", async () => {
    const queue = new DatabaseMessageQueue(handle, { pollIntervalMs: 50, maxAttempts: 2, retryBaseMs: 100 });
    await queue.enqueue({ poison: true });
    const { received, handler, arrived } = recorder(() => {
      throw new Error("handler bug");
    });
    const controller = new AbortController();
    const listening = queue.listen(handler, { signal: controller.signal });
    await arrived(2);
    // Idle once the second failure has been dealt with: the message is gone, not delayed again.
    await queue.whenIdle();
    controller.abort();
    await listening;
    expect(received).toHaveLength(2);
    expect(await queuedCount()).toBe(0);
  });
});
