// The board and `listPosts` count the open posts from memory (src/posts/post-counts.ts) while
// no post changed: a post made or changed through one web process must count on the very
// next page another one serves, and a post whose time passes must leave the count then,
// with nothing written.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Member } from "../src/members/member.service.ts";
import { startTwoProcesses, type TestInstance, type TwoProcesses } from "./support/instance.ts";

describe("the count of open posts, kept in memory", () => {
  let processes: TwoProcesses | undefined;
  let first: TestInstance;
  let second: TestInstance;
  let coordinator: Member;

  beforeAll(async () => {
    processes = await startTwoProcesses("riverside");
    ({ first, second } = processes);
    await first.services.areas.add("Low Meadow");
    coordinator = await first.services.members.addMember({ username: "cora", role: "coordinator" });
  });
  afterAll(() => processes?.destroy());

  const board = (instance: TestInstance) => fetch(`${instance.url}/`, { headers: { accept: "text/html" } }).then((r) => r.text());
  const listed = (instance: TestInstance) =>
    fetch(`${instance.url}/api/posts`)
      .then((r) => r.json())
      .then((page: { total: number }) => page.total);
  const post = (title: string) =>
    first.services.posts.create(coordinator, { kind: "request", category: "groceries", title, area: "Low Meadow", visibility: "public" });

  it("counts a post made or changed through one process on the other's next page", async () => {
    const before = await listed(second);
    expect(await board(second)).toContain(`${before} post`);

    const made = await post("Soup for two on Friday");
    expect(await listed(second)).toBe(before + 1);
    expect(await board(second)).toContain(`${before + 1} post`);

    await second.services.posts.update(coordinator, made.id, { status: "withdrawn" });
    expect(await listed(first)).toBe(before);
    // Straight in SQL too: the trigger, not the service, tells the other processes.
    await first.database.db.execute(sql`UPDATE posts SET status = 'open' WHERE id = ${made.id}`);
    expect(await listed(second)).toBe(before + 1);
  });

  it("leaves a post out of the count once its time passes, with nothing written", async () => {
    const made = await post("Blankets before the frost");
    await first.database.db.execute(sql`UPDATE posts SET expires_at = now() + interval '1.5 seconds' WHERE id = ${made.id}`);
    const counted = await listed(second);
    expect(await listed(second)).toBe(counted);
    await expect.poll(() => listed(second), { timeout: 10_000, interval: 100 }).toBe(counted - 1);
  });
});
