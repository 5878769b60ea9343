import { milliseconds } from "./support/time.ts";
import { testMessageQueue } from "@fedify/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { queryRows } from "../db/database.ts";
import { DatabaseMessageQueue } from "../db/message-queue.ts";
import { inTransaction } from "../db/transaction.ts";
import { createTestDatabase, testDriver, type TestDatabase } from "./support/database.ts";

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

async function waitUntil(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe(`DatabaseMessageQueue on ${testDriver}`, () => {
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

    const received: unknown[] = [];
    const controller = new AbortController();
    const listening = queue.listen((m) => void received.push(m), { signal: controller.signal });
    await waitUntil(() => received.length === 1);
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
    const received: unknown[] = [];
    const controller = new AbortController();
    const listening = after.listen((m) => void received.push(m), { signal: controller.signal });
    await waitUntil(() => received.length === 2);
    controller.abort();
    await listening;
    expect(received).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("gives a message whose worker died to another worker once the lease runs out", async () => {
    const queue = new DatabaseMessageQueue(handle, { leaseMs: 400, pollIntervalMs: 100 });
    await queue.enqueue({ task: "deliver" });
    // What a worker killed mid-delivery leaves behind: a claimed row whose lease nobody renews.
    await handle.db.execute(
      sql`UPDATE fedify_messages SET locked_until = now() + interval '400 milliseconds', attempts = 1`,
    );
    const received: unknown[] = [];
    const controller = new AbortController();
    const listening = queue.listen((m) => void received.push(m), { signal: controller.signal });
    try {
      await new Promise((r) => setTimeout(r, 150));
      expect(received).toEqual([]); // still leased to the dead worker
      await waitUntil(() => received.length === 1);
    } finally {
      controller.abort();
      await listening;
    }
    expect(received).toEqual([{ task: "deliver" }]);
    expect(await queuedCount()).toBe(0);
  });

  it("retries a message whose handler throws, then drops it after the last attempt", async () => {
    const queue = new DatabaseMessageQueue(handle, { pollIntervalMs: 50, maxAttempts: 2 });
    await queue.enqueue({ poison: true });
    let calls = 0;
    const controller = new AbortController();
    const listening = queue.listen(
      () => {
        calls += 1;
        throw new Error("handler bug");
      },
      { signal: controller.signal },
    );
    await waitUntil(() => calls === 2, 8_000);
    await waitUntil(() => false, 300).catch(() => {});
    controller.abort();
    await listening;
    expect(calls).toBe(2);
    expect(await queuedCount()).toBe(0);
  });
});
