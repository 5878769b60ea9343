import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../src/cli/commands.ts";
import { createTestDatabase, preparedDataDir, type TestDatabase, testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { runScript } from "./support/processes.ts";

let instance: TestInstance;

beforeAll(async () => {
  instance = await startTestInstance("clinet");
});
afterAll(async () => {
  await instance?.destroy();
});

/** Runs a command as src/cli.ts does, in this process: the same parsing, output and exit codes. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCommand(argv, instance.services, {
    out: (line) => (stdout += `${line}\n`),
    err: (line) => (stderr += `${line}\n`),
  });
  return { code, stdout, stderr };
}

// Each test makes what it needs (members, areas) under names of its own, so any one runs alone.
describe(`the operator CLI's commands (${testDriver})`, () => {
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
    expect(list.stdout.trim().split("\n")).toContain("bea\tcoordinator\tactive\tBea");
    expect(list.stdout).not.toMatch(/^(carl|dan)\t/m);
  });

  it("prints a token as the last line, lists it and revokes it", async () => {
    expect((await cli("member", "add", "tom", "--role", "member")).code).toBe(0);
    const issued = await cli("token", "tom", "--days", "7", "--label", "laptop");
    expect(issued.code).toBe(0);
    const lines = issued.stdout.trim().split("\n");
    expect(lines.at(-1)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const listed = await cli("token", "list", "tom");
    const [id, state, , label] = listed.stdout.trim().split("\t");
    expect([state, label]).toEqual(["active", "laptop"]);

    expect((await cli("token", "revoke", id!)).code).toBe(0);
    expect((await cli("token", "list", "tom")).stdout).toContain("\trevoked\t");

    const tooLong = await cli("token", "tom", "--days", "9999");
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
    const listed = (await cli("area", "list")).stdout.split("\n");
    expect(listed.filter((name) => /^(East side|Riverside)$/i.test(name))).toEqual(["East side", "Riverside"]);
  });

  it("declares, lists and ends a crisis as a named coordinator", async () => {
    expect((await cli("member", "add", "cora", "--role", "coordinator")).code).toBe(0);
    expect((await cli("area", "add", "Lowlands")).code).toBe(0);
    const declared = await cli(
      "crisis",
      "declare",
      "--as",
      "cora",
      "--title",
      "River flooding",
      "--areas",
      "Lowlands",
      "--categories",
      "food,shelter",
      "--severity",
      "severe",
      "--delay",
      "30",
    );
    expect(declared.code).toBe(0);
    const id = /\(id ([0-9a-f-]{36})\)/.exec(declared.stdout)![1]!;
    expect((await cli("crisis", "list")).stdout).toContain(`${id}\tactive\tsevere\tRiver flooding\tLowlands`);
    const noCoordinator = await cli("crisis", "end", id);
    expect(noCoordinator.code).toBe(2);
    expect(noCoordinator.stderr).toContain("--as is required");
    const badArea = await cli(
      "crisis",
      "declare",
      "--as",
      "cora",
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
    expect((await cli("crisis", "end", id, "--as", "cora")).stdout).toContain('Ended "River flooding"');
  });

  it("explains itself, and rejects unknown commands", async () => {
    const help = await cli("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("member add USERNAME --role");
    const unknown = await cli("launch", "rockets");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown command: launch rockets");
  });
});

// The entry point itself, as operators run it: a real process (Node, tsx, opening the
// database), a few seconds each, so only what the in-process tests cannot show.
describe(`the operator CLI as a process (${testDriver})`, { timeout: 180_000 }, () => {
  let env: Record<string, string | undefined>;
  let database: TestDatabase | undefined;
  let dataDir: string;

  beforeAll(async () => {
    database = testDriver === "postgres" ? await createTestDatabase() : undefined;
    dataDir = database ? mkdtempSync(join(tmpdir(), "mycelium-cli-")) : await preparedDataDir();
    env = database ? { DATABASE_URL: database.location.databaseUrl } : { DATA_DIR: dataDir };
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints results on stdout, errors on stderr without a stack, and exits 0, 1 or 2", async () => {
    const added = await runScript("src/cli.ts", ["member", "add", "bea", "--role", "coordinator"], env);
    expect(added).toMatchObject({ code: 0, stderr: "" });
    expect(added.stdout).toContain("Added coordinator bea");
    const again = await runScript("src/cli.ts", ["member", "add", "bea", "--role", "member"], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('username: "bea" is already taken');
    const misused = await runScript("src/cli.ts", ["member", "add", "dan"], env);
    expect(misused.code).toBe(2);
    expect(misused.stderr).toContain("--role is required");
    const badEnv = await runScript("src/cli.ts", ["area", "list"], { ...env, DATABASE_URL: "mysql://x" });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toContain("DATABASE_URL");
    expect(badEnv.stderr).not.toContain("    at ");
  });
});
