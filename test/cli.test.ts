import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDriver, type TestDatabase } from "./support/database.ts";
import { runScript } from "./support/processes.ts";

let env: Record<string, string | undefined>;
let database: TestDatabase | undefined;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "mycelium-cli-"));
  if (testDriver === "postgres") {
    database = await createTestDatabase();
    env = { DATABASE_URL: database.location.databaseUrl };
  } else {
    env = { DATA_DIR: dataDir };
  }
});
afterAll(async () => {
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runScript("src/cli.ts", args, env);

// Each command is a real process (Node start, tsx, opening the database): a few seconds
// each, more on a busy two-core machine.
describe(`the operator CLI (${testDriver})`, { timeout: 180_000 }, () => {
  it("adds members and refuses bad or duplicate ones with a clear message and a non-zero exit", async () => {
    const added = await cli("member", "add", "bea", "--role", "coordinator", "--name", "Bea");
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("Added coordinator bea");

    const again = await cli("member", "add", "bea", "--role", "member");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('username: "bea" is already taken');

    const badRole = await cli("member", "add", "carl", "--role", "boss");
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain("role: expected one of member, coordinator, admin");

    const badName = await cli("member", "add", "Not Valid!", "--role", "member");
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain("username:");

    const noRole = await cli("member", "add", "dan");
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toContain("--role is required");

    const list = await cli("member", "list");
    expect(list.stdout.trim().split("\n")).toEqual(["bea\tcoordinator\tactive\tBea"]);
  });

  it("prints a token as the last line, lists it and revokes it", async () => {
    const issued = await cli("token", "bea", "--days", "7", "--label", "laptop");
    expect(issued.code).toBe(0);
    const lines = issued.stdout.trim().split("\n");
    expect(lines.at(-1)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const listed = await cli("token", "list", "bea");
    const [id, state, , label] = listed.stdout.trim().split("\t");
    expect([state, label]).toEqual(["active", "laptop"]);

    expect((await cli("token", "revoke", id!)).code).toBe(0);
    expect((await cli("token", "list", "bea")).stdout).toContain("\trevoked\t");

    const tooLong = await cli("token", "bea", "--days", "9999");
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toContain("days:");
    const nobody = await cli("token", "nobody");
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('No member is called "nobody"');
  });

  it("manages service areas", async () => {
    expect((await cli("area", "add", "East  side")).code).toBe(0);
    expect((await cli("area", "add", "Riverside")).code).toBe(0);
    const duplicate = await cli("area", "add", "east side");
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain("already exists");
    expect((await cli("area", "list")).stdout).toBe("East side\nRiverside\n");
  });

  it("declares, lists and ends a crisis as a named coordinator", async () => {
    const declared = await cli(
      "crisis",
      "declare",
      "--as",
      "bea",
      "--title",
      "River flooding",
      "--areas",
      "Riverside",
      "--categories",
      "food,shelter",
      "--severity",
      "severe",
      "--delay",
      "30",
    );
    expect(declared.code).toBe(0);
    const id = /\(id ([0-9a-f-]{36})\)/.exec(declared.stdout)![1]!;
    expect((await cli("crisis", "list")).stdout).toContain(`${id}\tactive\tsevere\tRiver flooding\tRiverside`);
    const noCoordinator = await cli("crisis", "end", id);
    expect(noCoordinator.code).toBe(2);
    expect(noCoordinator.stderr).toContain("--as is required");
    const badArea = await cli(
      "crisis",
      "declare",
      "--as",
      "bea",
      "--title",
      "X fire",
      "--areas",
      "Mars",
      "--categories",
      "food",
      "--severity",
      "low",
    );
    expect(badArea.code).toBe(1);
    expect(badArea.stderr).toContain('there is no service area called "Mars"');
    expect((await cli("crisis", "end", id, "--as", "bea")).stdout).toContain('Ended "River flooding"');
  });

  it("explains itself, and rejects unknown commands and bad configuration", async () => {
    const help = await cli("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("member add USERNAME --role");
    const unknown = await cli("launch", "rockets");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown command: launch rockets");
    const badEnv = await runScript("src/cli.ts", ["area", "list"], { ...env, DATABASE_URL: "mysql://x" });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toContain("DATABASE_URL");
    expect(badEnv.stderr).not.toContain("    at ");
  });
});
