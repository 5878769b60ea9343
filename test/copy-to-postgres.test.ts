import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testDriver } from "./support/database.ts";
import { startTestInstance } from "./support/instance.ts";
import { api, makePerson } from "./support/people.ts";
import { runScript } from "./support/processes.ts";

const actorJson = async (actorUrl: string) =>
  (await fetch(actorUrl, { headers: { accept: "application/activity+json" } })).json() as Promise<{ publicKey: { publicKeyPem: string } }>;

// The target is PostgreSQL, so this runs where CI provides one (TEST_DATABASE_URL).
// Each test starts instances on disk and runs the copy as real processes (Node, tsx, both
// databases, every migration): 20–30 s on a two-core machine, more than vitest's default allows.
describe.runIf(testDriver === "postgres")("moving an instance from the embedded database to PostgreSQL", { timeout: 120_000 }, () => {
  let dataDir: string;
  let target: TestDatabase;
  const onPglite = () => ({ DATA_DIR: dataDir, DATABASE_URL: "" });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mycelium-copy-"));
    target = await createTestDatabase();
  });
  afterAll(async () => {
    await target?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("copies members, posts and the network's keys, and the copy runs as the same network", async () => {
    const before = await startTestInstance("eastside", onPglite());
    await before.services.areas.add("East side");
    const member = await makePerson(before, "rosa", "member", "Rosa");
    const post = await api(before, "POST", "/posts", {
      as: member,
      body: { kind: "offer", category: "tools", title: "Ladder to lend", area: "East side" },
    });
    expect(post.status).toBe(201);
    const key = (await actorJson(before.actorUrl)).publicKey.publicKeyPem;
    const port = new URL(before.url).port;

    // While the instance runs, the copy refuses: it would miss what changes meanwhile.
    const busy = await runScript("src/cli.ts", ["db", "copy-to-postgres", "--to", target.location.databaseUrl!], { DATA_DIR: dataDir });
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain("Stop it first");
    await before.destroy();

    const copied = await runScript("src/cli.ts", ["db", "copy-to-postgres", "--to", target.location.databaseUrl!], { DATA_DIR: dataDir });
    expect(copied.stderr).toBe("");
    expect(copied.code).toBe(0);
    expect(copied.stdout).toMatch(/^Copied \d+ rows in \d+ tables/);
    expect(copied.stdout).toMatch(/posts\t1/);
    expect(copied.stdout).toMatch(/actor_keys\t\d/);

    // Same port, so the same origin: the network's ids and keys carry over unchanged.
    const started = await startTestInstance(
      "eastside",
      { PORT: port, ORIGIN: `http://127.0.0.1:${port}`, DATABASE_URL: target.location.databaseUrl! },
      { database: target },
    );
    const after = { ...started, url: before.url, actorUrl: before.actorUrl };
    try {
      expect((await actorJson(after.actorUrl)).publicKey.publicKeyPem).toBe(key);
      const board = await api(after, "GET", "/posts");
      expect(board.body.items.map((p: { title: string }) => p.title)).toEqual(["Ladder to lend"]);
      expect((await after.services.members.getByUsername("rosa")).displayName).toBe("Rosa");
      // The copied session still signs Rosa in.
      expect((await member.web.page("/my/posts")).html).toContain("Ladder to lend");
    } finally {
      await after.stop();
    }

    const again = await runScript("src/cli.ts", ["db", "copy-to-postgres", "--to", target.location.databaseUrl!], { DATA_DIR: dataDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/the target is not empty .*Nothing was copied\./);
  });

  it("refuses a bad target URL, or an instance already on PostgreSQL, with a clear message", async () => {
    const bad = await runScript("src/cli.ts", ["db", "copy-to-postgres", "--to", "mysql://somewhere"], { DATA_DIR: dataDir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--to expects a postgres:// or postgresql:// URL");
    const missing = await runScript("src/cli.ts", ["db", "copy-to-postgres"], { DATA_DIR: dataDir });
    expect(missing.code).toBe(2);
    const onPostgres = await runScript("src/cli.ts", ["db", "copy-to-postgres", "--to", target.location.databaseUrl!], {
      DATA_DIR: dataDir,
      DATABASE_URL: target.location.databaseUrl!,
    });
    expect(onPostgres.code).toBe(1);
    expect(onPostgres.stderr).toContain("DATABASE_URL is set");
    const help = await runScript("src/cli.ts", ["db", "copy-to-postgres", "--help"], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("into an empty PostgreSQL database");
  });
});
