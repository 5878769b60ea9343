// A worker claims no more than it has room for, whatever plan the database picks for the claim:
// in CI, PostgreSQL ran the pick once per row of a nested loop and a worker claimed one message
// too many (db/queue-statements.ts, `claiming`). This file's database keeps that planner.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { queryRows } from "../db/database.ts";
import { DatabaseMessageQueue } from "../db/message-queue.ts";
import { createTestDatabase, type TestDatabase, testDriver } from "./support/database.ts";

let database: TestDatabase;
let handle: DatabaseHandle;

// With these off, a semi-join on a small table is a nested loop that runs its inner side again
// for each outer row, the plan CI met after the queue's statistics said the table was empty.
const PLANNER_SETTINGS = ["enable_hashjoin", "enable_mergejoin", "enable_material", "enable_hashagg", "enable_sort"];

beforeAll(async () => {
  database = await createTestDatabase();
  const first = await database.open();
  if (testDriver === "pglite") {
    // One session, which the queue's statements share.
    for (const setting of PLANNER_SETTINGS) await first.db.execute(sql.raw(`SET ${setting} = off`));
    handle = first;
  } else {
    // Every connection opened from now on (the queue's pool below) starts with them.
    const [{ name }] = (await queryRows<{ name: string }>(first.db, sql`SELECT current_database() AS name`)) as [{ name: string }];
    for (const setting of PLANNER_SETTINGS) {
      await first.db.execute(sql`ALTER DATABASE ${sql.identifier(name)} SET ${sql.raw(setting)} = off`);
    }
    handle = await database.open();
  }
});
afterAll(() => database.drop());

describe(`the queue's claim on ${testDriver}, planned as a nested loop`, () => {
  it("claims no more messages than the worker has room for", async () => {
    const queue = new DatabaseMessageQueue(handle, { concurrency: 1, claimAhead: 2, pollIntervalMs: 600_000 });
    for (const n of [1, 2, 3, 4]) await queue.enqueue({ n });
    let reached!: () => void;
    let release!: () => void;
    const firstStarted = new Promise<void>((resolve) => (reached = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const controller = new AbortController();
    const listening = queue.listen(
      async ({ n }: { n: number }) => {
        if (n !== 1) return;
        reached();
        await released;
      },
      { signal: controller.signal },
    );
    try {
      await firstStarted;
      // One place and two ahead: 1 to 3 are this worker's, 4 is left for another.
      const rows = await queryRows<{ n: number; held: boolean }>(
        handle.db,
        sql`SELECT (message->>'n')::int AS n, coalesce(locked_until > now(), false) AS held FROM fedify_messages ORDER BY id`,
      );
      expect(rows).toEqual([
        { n: 1, held: true },
        { n: 2, held: true },
        { n: 3, held: true },
        { n: 4, held: false },
      ]);
    } finally {
      release();
      controller.abort();
      await listening;
    }
  });
});
