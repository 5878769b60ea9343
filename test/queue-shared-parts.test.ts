// How a worker hands out what a post's queued deliveries share (db/shared-parts.ts): read once,
// the same for every delivery, and out of any one handler's reach.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DatabaseMessageQueue } from "../db/message-queue.ts";
import { SharedPartCache } from "../db/shared-parts.ts";
import { databaseForThisFile, testDriver } from "./support/database.ts";

const testDb = databaseForThisFile();

interface Delivery {
  inbox: string;
  activity: { type: string; content: string };
}

describe(`a queue worker's shared parts on ${testDriver}`, () => {
  it("hands every delivery of a post its activity whole, and no handler can change it for the others", async () => {
    const activity = { type: "Create", content: "Fresh bread every Saturday" };
    const deliveries = Array.from({ length: 40 }, (_, i) => ({ type: "outbox", inbox: `https://s${i}.example/inbox`, activity }));
    const queue = new DatabaseMessageQueue(testDb.handle, { concurrency: 4 });
    await Promise.all(deliveries.map((message) => queue.enqueue(message, { orderingKey: message.inbox })));

    const seen: { inbox: string; content: string; changed: boolean }[] = [];
    let allSeen!: () => void;
    const done = new Promise<void>((resolve) => (allSeen = resolve));
    const controller = new AbortController();
    const listening = queue.listen(
      ({ inbox, activity: received }: Delivery) => {
        const content = received.content;
        let changed = true;
        try {
          received.content = `changed by ${inbox}`;
        } catch {
          changed = false;
        }
        seen.push({ inbox, content, changed });
        if (seen.length === deliveries.length) allSeen();
      },
      { signal: controller.signal },
    );
    try {
      await done;
    } finally {
      controller.abort();
      await listening;
    }
    expect(seen.map(({ inbox }) => inbox).sort()).toEqual(deliveries.map(({ inbox }) => inbox).sort());
    // Every delivery went out with the post as it was queued, though each handler tried to change it.
    expect(seen.every(({ content }) => content === "Fresh bread every Saturday")).toBe(true);
    expect(seen.filter(({ changed }) => changed)).toEqual([]);
  });

  it("reads again a part its worker no longer keeps", async () => {
    // A claim leaves out the parts its worker said it kept; one pushed out meanwhile is read again.
    const partId = crypto.randomUUID();
    const part = { activity: { type: "Create", content: "Soup on Sundays" }, keys: [] };
    await testDb.handle.db.execute(
      sql`INSERT INTO fedify_message_parts (id, part) VALUES (${partId}::uuid, ${JSON.stringify(part)}::jsonb)`,
    );
    try {
      const [message] = await new SharedPartCache().complete(testDb.handle.db, [
        { id: "1", own: { type: "outbox", inbox: "https://s.example/inbox" }, attempts: 1, partId, part: null },
      ]);
      expect(message?.message).toEqual({ type: "outbox", inbox: "https://s.example/inbox", ...part });
    } finally {
      await testDb.handle.db.execute(sql`DELETE FROM fedify_message_parts WHERE id = ${partId}::uuid`);
    }
  });
});
