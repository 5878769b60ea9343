import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeOwnBuild } from "../scripts/start-command.ts";
import { SOFTWARE_VERSION } from "../src/version.ts";
import { createTestDatabase, type TestDatabase, testDriver } from "./support/database.ts";
import { eventually, freePort } from "./support/instance.ts";
import { type Finished, finished, runScript, spawnBuiltServer } from "./support/processes.ts";

let dataDir: string;
let database: TestDatabase | undefined;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "mycelium-life-"));
  database = testDriver === "postgres" ? await createTestDatabase() : undefined;
  const port = await freePort();
  env = {
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: database?.location.databaseUrl,
    NETWORK_HANDLE: "riverside",
    LOG_LEVEL: "info",
  };
});
afterAll(async () => {
  removeOwnBuild();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function actorKey(): Promise<string | null> {
  try {
    const response = await fetch(`http://localhost:${env.PORT}/actors/riverside`, {
      headers: { accept: "application/activity+json" },
    });
    return response.ok ? (await response.json()).publicKey.publicKeyPem : null;
  } catch {
    return null; // not listening yet
  }
}

/** The network's key once the instance answers; if the instance exits first, fails at once with what it printed. */
function keyOnceServing(exit: Promise<Finished>): Promise<string> {
  const exitedFirst = exit.then(({ code, stderr }): never => {
    throw new Error(`the instance exited (${code}) before it answered: ${stderr}`);
  });
  return Promise.race([eventually(actorKey, 30_000), exitedFirst]);
}

/** What the built server reads from files beside its sources: its static files, its translations and its version. */
async function expectItsFilesFound(): Promise<void> {
  const base = `http://localhost:${env.PORT}`;
  const worker = await fetch(`${base}/sw.js`);
  expect(worker.status).toBe(200);
  expect(await worker.text()).toContain("self.addEventListener");
  const board = await fetch(`${base}/`, { headers: { "accept-language": "es" } });
  expect(await board.text()).toContain(">Tablero<");
  const nodeInfo = await (await fetch(`${base}/nodeinfo/2.1`)).json();
  expect(nodeInfo.software.version).toBe(SOFTWARE_VERSION);
}

describe(`starting and stopping an instance (${testDriver})`, () => {
  // As `npm start` runs it: bundled by scripts/build.mjs, which must still find the migrations,
  // static files and translations beside the sources.
  it("creates its database and keys on first start, keeps both across a Ctrl-C and a restart", async () => {
    const first = spawnBuiltServer(env);
    const firstExit = finished(first);
    const key = await keyOnceServing(firstExit);
    await expectItsFilesFound();

    if (testDriver === "pglite") {
      // While it runs, the CLI goes through the instance instead of opening the data directory.
      const added = await runScript("src/cli.ts", ["member", "add", "rita", "--role", "admin"], env);
      expect(added.code).toBe(0);
      // A second instance on the same data directory is refused.
      const second = await runScript("src/main.ts", [], { ...env, PORT: String(await freePort()) });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain("is in use by another Mycelium process");
    } else {
      expect((await runScript("src/cli.ts", ["member", "add", "rita", "--role", "admin"], env)).code).toBe(0);
    }

    first.kill("SIGINT");
    const stopped = await firstExit;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr + stopped.stdout).toContain("Mycelium stopped");
    expect(stopped.stdout).toContain(`http://localhost:${env.PORT}/`);
    expect(existsSync(join(dataDir, "mycelium.lock"))).toBe(false);

    const restarted = spawnBuiltServer(env);
    const restartedExit = finished(restarted);
    expect(await keyOnceServing(restartedExit)).toBe(key);
    restarted.kill("SIGTERM");
    expect((await restartedExit).code).toBe(0);

    const members = await runScript("src/cli.ts", ["member", "list"], env);
    expect(members.stdout).toContain("rita\tadmin\tactive");
  }, 120_000);

  it("refuses bad configuration with one line naming the variable, and no stack trace", async () => {
    for (const [variable, value, expected] of [
      ["PORT", "70000", "PORT expects a port from 0 to 65535"],
      ["ORIGIN", "example.org", "ORIGIN expects an absolute http(s) URL"],
      ["NETWORK_HANDLE", "East Side", "NETWORK_HANDLE expects 1 to 30 lower-case letters"],
      ["NODE_ROLE", "boss", "NODE_ROLE expects one of all, web, worker"],
      ["ALLOW_PRIVATE_ADDRESS", "maybe", "ALLOW_PRIVATE_ADDRESS expects true or false"],
    ] as const) {
      const run = await runScript("src/main.ts", [], { ...env, [variable]: value });
      expect(run.code, variable).toBe(1);
      const message = run.stderr.trim();
      expect(message, variable).toContain(`Mycelium cannot start: ${variable}="${value}" is invalid: ${expected}`);
      expect(message.split("\n"), variable).toHaveLength(1);
    }
    const split = await runScript("src/main.ts", [], { ...env, DATABASE_URL: undefined, NODE_ROLE: "worker" });
    expect(split.code).toBe(1);
    expect(split.stderr).toContain("NODE_ROLE=worker needs DATABASE_URL");
  }, 60_000);
});
