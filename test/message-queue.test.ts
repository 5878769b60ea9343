import { testMessageQueue } from "@fedify/testing";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
import { DatabaseMessageQueue } from "../db/message-queue.ts";
import { inTransaction } from "../db/transaction.ts";
import { databaseForThisFile, testDriver } from "./support/database.ts";
import { milliseconds } from "./support/time.ts";

const testDb = databaseForThisFile();

async function count(table: "fedify_messages" | "fedify_message_parts"): Promise<number> {
  const [row] = await queryRows<{ n: number }>(testDb.handle.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`);
  return row!.n;
}

/** The queue's rows, oldest first: each message's `n`, whether a worker holds it, and its attempts. */
function heldRows() {
  return queryRows<{ n: number; held: boolean; attempts: number }>(
    testDb.handle.db,
    sql`SELECT (message->>'n')::int AS n, coalesce(locked_until > now(), false) AS held, attempts FROM fedify_messages ORDER BY id`,
  );
}

/** A handler's step that waits: `reached` resolves once a handler is in `hold()`, which returns after `release()`. */
function blocker() {
  let reach!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    reached,
    release,
    hold(): Promise<void> {
      reach();
      return released;
    },
  };
}

/** A worker listening on `queue` that records each message's `n` and holds message 1 until `blocked.release()`. */
function holdingFirst(queue: DatabaseMessageQueue) {
  const blocked = blocker();
  const started: number[] = [];
  const controller = new AbortController();
  const listening = queue.listen(
    async ({ n }: { n: number }) => {
      started.push(n);
      if (n === 1) await blocked.hold();
    },
    { signal: controller.signal },
  );
  return { blocked, started, controller, listening };
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
    const queue = new DatabaseMessageQueue(testDb.handle, { pollIntervalMs: 5_000 });
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
      await testDb.handle.db.execute(sql`DELETE FROM fedify_messages`);
    }
  });

  it("passes Fedify's message queue conformance suite, ordering keys included", async () => {
    // Two handles on PostgreSQL behave like two worker processes sharing one database.
    const second = await testDb.database.open();
    const handles = [testDb.handle, second];
    let made = 0;
    await testMessageQueue(
      () => new DatabaseMessageQueue(handles[made++ % 2]!, { pollIntervalMs: 200 }),
      ({ controller }) => controller.abort(),
      { testOrderingKey: true },
    );
    expect(await count("fedify_messages")).toBe(0);
  }, 60_000);

  it("keeps a message enqueued in a transaction only if the transaction commits", async () => {
    const queue = new DatabaseMessageQueue(testDb.handle);
    await expect(
      inTransaction(testDb.handle.db, async () => {
        await queue.enqueue({ kind: "rolled back" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await count("fedify_messages")).toBe(0);

    await inTransaction(testDb.handle.db, () => queue.enqueue({ kind: "committed" }));
    expect(await count("fedify_messages")).toBe(1);

    const { received, handler } = recorder();
    const controller = new AbortController();
    const listening = queue.listen(handler, { signal: controller.signal });
    await queue.whenIdle();
    controller.abort();
    await listening;
    expect(received).toEqual([{ kind: "committed" }]);
    expect(await count("fedify_messages")).toBe(0);
  });

  it("handles each message as soon as it can, never waiting for the next poll", async () => {
    // A poll longer than the test's timeout: every message must come from a wake-up.
    const queue = new DatabaseMessageQueue(testDb.handle, { pollIntervalMs: 600_000, concurrency: 2 });
    for (const n of [1, 2, 3, 4, 5]) await queue.enqueue({ n });
    const { received, handler, arrived } = recorder();
    const controller = new AbortController();
    const listening = queue.listen(handler, { signal: controller.signal });
    try {
      // More due than the worker has places for: the rest as places free.
      await arrived(5);
      // Queued together while the worker sleeps (one notification wakes it), and "a" 2 and 3
      // held back until the one before them is gone: no other notification comes for them.
      await Promise.all([1, 2, 3].map((n) => queue.enqueue({ key: "a", n }, { orderingKey: "a" })));
      await arrived(8);
      expect(received.slice(5)).toEqual([1, 2, 3].map((n) => ({ key: "a", n })));
    } finally {
      controller.abort();
      await listening;
    }
  });

  it("stops only once every message it started is handled, even one claimed as the stop came", async () => {
    const queue = new DatabaseMessageQueue(testDb.handle, { concurrency: 1, pollIntervalMs: 600_000 });
    await Promise.all([queue.enqueue({ n: 1 }), queue.enqueue({ n: 2 })]);
    const controller = new AbortController();
    const events: string[] = [];
    let releaseConnection!: () => void;
    const listening = queue.listen(
      async ({ n }: { n: number }) => {
        events.push(`start ${n}`);
        if (n === 1) {
          // Keep the database busy, so that the statement finishing message 1 (and claiming 2)
          // waits on PGlite's one connection; stop the worker while it waits, then free it.
          let held!: () => void;
          const holding = new Promise<void>((resolve) => (held = resolve));
          void testDb.handle.db.transaction(async () => {
            held();
            await new Promise<void>((resolve) => (releaseConnection = resolve));
          });
          await holding;
          setImmediate(() => {
            controller.abort();
            releaseConnection();
          });
        } else {
          // Work that outlasts the worker's own stopping (its last statement comes after these start).
          for (let i = 0; i < 3; i++) await testDb.handle.db.execute(sql`SELECT 1`);
        }
        events.push(`end ${n}`);
      },
      { signal: controller.signal },
    );
    await listening;
    events.push("stopped");
    // Message 2 may or may not have been claimed before the stop; if it was, it was handled first.
    expect(events.at(-1)).toBe("stopped");
    expect(events.includes("start 2")).toBe(events.includes("end 2"));
    // Message 2, if it was not claimed, would be the next test's.
    await testDb.handle.db.execute(sql`DELETE FROM fedify_messages`);
  });

  it("starts the messages it claims oldest first, wherever the database keeps their rows", async () => {
    const queue = new DatabaseMessageQueue(testDb.handle, { concurrency: 1, pollIntervalMs: 600_000 });
    for (const n of [1, 2, 3]) await queue.enqueue({ n });
    // An update writes the row anew, after the others: a plain scan of the table now meets 1 last.
    await testDb.handle.db.execute(sql`UPDATE fedify_messages SET attempts = attempts WHERE (message->>'n')::int = 1`);
    const { received, handler, arrived } = recorder();
    const controller = new AbortController();
    const listening = queue.listen(handler, { signal: controller.signal });
    try {
      await arrived(3);
      expect(received).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    } finally {
      controller.abort();
      await listening;
    }
  });

  it("claims ahead of its places, and gives back what waits too long, for a worker with room", async () => {
    // Given back after a second: time enough for the checks below before it, on a busy machine.
    const slow = new DatabaseMessageQueue(testDb.handle, {
      concurrency: 1,
      claimAhead: 2,
      pollIntervalMs: 600_000,
      giveBackAfterMs: 1_000,
    });
    for (const n of [1, 2, 3, 4]) await slow.enqueue({ n });
    const { blocked, started: startedBySlow, controller: stopSlow, listening: slowListening } = holdingFirst(slow);
    const stopOther = new AbortController();
    let otherListening: Promise<void> | undefined;
    // Both workers stopped whatever happens: one left running would take the next tests' messages.
    try {
      await blocked.reached;
      // Its one place holds 1; 2 and 3 are claimed ahead, 4 is left to others.
      expect(await heldRows()).toEqual([
        { n: 1, held: true, attempts: 1 },
        { n: 2, held: true, attempts: 1 },
        { n: 3, held: true, attempts: 1 },
        { n: 4, held: false, attempts: 0 },
      ]);
      // Another worker, which polls only after ten minutes: it takes 4 at once, then 2 and 3 when
      // the slow one gives them back (its notification wakes it), which takes none of them again
      // while its place is taken.
      const other = new DatabaseMessageQueue(testDb.handle, { concurrency: 4, pollIntervalMs: 600_000 });
      const { received, handler, arrived } = recorder();
      otherListening = other.listen(handler, { signal: stopOther.signal });
      await arrived(3);
      expect(received).toEqual([{ n: 4 }, { n: 2 }, { n: 3 }]);
      expect(startedBySlow).toEqual([1]);
    } finally {
      blocked.release();
      stopSlow.abort();
      stopOther.abort();
      await Promise.all([slowListening, otherListening]);
    }
    expect(await count("fedify_messages")).toBe(0);
  });

  it("gives back, when it stops, the messages it claimed ahead, their attempt not counted", async () => {
    const queue = new DatabaseMessageQueue(testDb.handle, { concurrency: 1, claimAhead: 1, pollIntervalMs: 600_000 });
    for (const n of [1, 2]) await queue.enqueue({ n });
    const { blocked, started, controller, listening } = holdingFirst(queue);
    try {
      await blocked.reached;
      expect(await heldRows()).toEqual([
        { n: 1, held: true, attempts: 1 },
        { n: 2, held: true, attempts: 1 },
      ]);
    } finally {
      controller.abort();
      blocked.release();
      await listening;
    }
    // 1 was handled and is gone; 2 is free for the next worker, as if never claimed.
    expect(started).toEqual([1]);
    expect(await heldRows()).toEqual([{ n: 2, held: false, attempts: 0 }]);
    await testDb.handle.db.execute(sql`DELETE FROM fedify_messages`);
  });

  it("survives a restart: messages written before a crash are handled afterwards", async () => {
    const before = new DatabaseMessageQueue(testDb.handle);
    await before.enqueue({ n: 1 });
    await before.enqueue({ n: 2 }, { delay: milliseconds(300) });
    expect(await before.getDepth()).toMatchObject({ queued: 2, ready: 1, delayed: 1 });

    const after = new DatabaseMessageQueue(testDb.handle, { pollIntervalMs: 100 });
    const { received, handler, arrived } = recorder();
    const controller = new AbortController();
    const listening = after.listen(handler, { signal: controller.signal });
    await arrived(2);
    controller.abort();
    await listening;
    expect(received).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("gives a message whose worker died to another worker once the lease runs out", async () => {
    const queue = new DatabaseMessageQueue(testDb.handle, { leaseMs: 400, pollIntervalMs: 100 });
    await queue.enqueue({ task: "deliver" });
    // What a worker killed mid-delivery leaves behind: a claimed row whose lease nobody renews.
    await testDb.handle.db.execute(sql`UPDATE fedify_messages SET locked_until = now() + interval '400 milliseconds', attempts = 1`);
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
    expect(await count("fedify_messages")).toBe(0);
  });

  it("writes a tick's enqueues as one batch, in order, and none of a rolled-back one", async () => {
    const queue = new DatabaseMessageQueue(testDb.handle);
    // Fedify queues a post's deliveries this way: one call per inbox, all at once.
    const calls = Array.from({ length: 50 }, (_, n) => queue.enqueue({ n }, { orderingKey: `post-1\ninbox-${n % 5}` }));
    await Promise.all(calls);
    const rows = await queryRows<{ n: number; key: string }>(
      testDb.handle.db,
      sql`SELECT (message->>'n')::int AS n, ordering_key AS key FROM fedify_messages ORDER BY id`,
    );
    expect(rows.map((row) => row.n)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    expect(rows[7]!.key).toBe("post-1\ninbox-2");
    await testDb.handle.db.execute(sql`DELETE FROM fedify_messages`);

    await expect(
      inTransaction(testDb.handle.db, async () => {
        await Promise.all([queue.enqueue({ n: 1 }), queue.enqueue({ n: 2 })]);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await count("fedify_messages")).toBe(0);
  });

  it("retries a message whose handler throws, then drops it after the last attempt", async () => {
    const queue = new DatabaseMessageQueue(testDb.handle, { pollIntervalMs: 50, maxAttempts: 2, retryBaseMs: 100 });
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
    expect(await count("fedify_messages")).toBe(0);
  });
});

// A post's deliveries to many inboxes share its activity and keys: the queue stores those once.
describe(`the queue's shared parts on ${testDriver}`, () => {
  it("stores what a post's deliveries share once, hands each its whole message, and removes the part once they are done", async () => {
    const keys = [{ keyId: "https://aid.example/actors/network#main-key", privateKey: { kty: "RSA", d: "d".repeat(1700) } }];
    const post = { type: "Create", content: "Fresh bread every Saturday. ".repeat(150) };
    const otherPost = { type: "Update", content: "Soup on Sundays. ".repeat(150) };
    // As Fedify queues them: the same activity and keys objects in every delivery of a post.
    const deliveries = [
      ...Array.from({ length: 20 }, (_, i) => ({
        type: "outbox",
        inbox: `https://s${i}.example/inbox`,
        activity: post,
        keys,
        headers: { n: `${i}` },
      })),
      ...Array.from({ length: 2 }, (_, i) => ({ type: "outbox", inbox: `https://t${i}.example/inbox`, activity: otherPost, keys })),
      // An equal activity that is not the same object is not taken for a shared one.
      { type: "outbox", inbox: "https://u.example/inbox", activity: structuredClone(post), keys: structuredClone(keys) },
    ];
    const queue = new DatabaseMessageQueue(testDb.handle);
    const partsBefore = await count("fedify_message_parts");
    await Promise.all(deliveries.map((message) => queue.enqueue(message, { orderingKey: message.inbox })));

    expect(await count("fedify_message_parts")).toBe(partsBefore + 2);
    const rows = await queryRows<{ inbox: string; shared: boolean; hasActivity: boolean; bytes: number }>(
      testDb.handle.db,
      sql`SELECT message->>'inbox' AS inbox, shared_part_id IS NOT NULL AS shared, message ? 'activity' AS "hasActivity",
                 pg_column_size(message) AS bytes
          FROM fedify_messages ORDER BY id`,
    );
    expect(rows.filter((row) => row.shared).length).toBe(22);
    expect(rows.filter((row) => row.hasActivity).map((row) => row.inbox)).toEqual(["https://u.example/inbox"]);
    // The first post's 20 rows together hold less than one copy of its activity.
    const first20 = rows.slice(0, 20).reduce((sum, row) => sum + row.bytes, 0);
    expect(first20).toBeLessThan(JSON.stringify(post).length);

    const { received, handler, arrived } = recorder();
    const controller = new AbortController();
    const listening = queue.listen(handler, { signal: controller.signal });
    try {
      await arrived(deliveries.length);
      await queue.whenIdle();
      // The parts go with the next claim that is not a finished message's: as when the worker
      // is woken by the next message queued.
      await queue.enqueue({ type: "outbox", inbox: "https://next.example/inbox" });
      await arrived(deliveries.length + 1);
    } finally {
      controller.abort();
      await listening;
    }
    const byInbox = (list: unknown[]) =>
      [...list].sort((a, b) => String((a as { inbox: string }).inbox).localeCompare((b as { inbox: string }).inbox));
    expect(byInbox(received.slice(0, deliveries.length))).toEqual(byInbox(deliveries));
    expect(await count("fedify_messages")).toBe(0);
    expect(await count("fedify_message_parts")).toBe(0);
  });

  it("removes, when a worker starts, the parts a worker that died left without messages", async () => {
    // What a worker killed between deleting a post's last delivery and its next claim leaves.
    await testDb.handle.db.execute(sql`INSERT INTO fedify_message_parts (id, part) VALUES (${crypto.randomUUID()}::uuid, '{"keys": []}')`);
    const queue = new DatabaseMessageQueue(testDb.handle);
    const { received, handler, arrived } = recorder();
    const controller = new AbortController();
    const listening = queue.listen(handler, { signal: controller.signal });
    try {
      await queue.enqueue({ type: "outbox", inbox: "https://s.example/inbox" });
      await arrived(1);
    } finally {
      controller.abort();
      await listening;
    }
    expect(received).toHaveLength(1);
    expect(await count("fedify_message_parts")).toBe(0);
  });

  it("refuses only the call whose message cannot be stored, and writes the others of its moment", async () => {
    const queue = new DatabaseMessageQueue(testDb.handle);
    const activity = { type: "Create", content: "Spare blankets" };
    const calls = [
      queue.enqueue({ type: "outbox", inbox: "https://a.example/inbox", activity }),
      queue.enqueue({ type: "outbox", inbox: "https://b.example/inbox", activity, attempt: 10n }),
      queue.enqueue({ type: "outbox", inbox: "https://c.example/inbox", activity }),
    ];
    const results = await Promise.allSettled(calls);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/BigInt/);
    const rows = await queryRows<{ inbox: string }>(
      testDb.handle.db,
      sql`SELECT message->>'inbox' AS inbox FROM fedify_messages ORDER BY id`,
    );
    expect(rows.map((row) => row.inbox)).toEqual(["https://a.example/inbox", "https://c.example/inbox"]);
    await testDb.handle.db.execute(sql`DELETE FROM fedify_messages`);
  });
});
