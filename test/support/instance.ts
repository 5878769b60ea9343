import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../bench/processes.ts";
import type { DatabaseMessageQueue } from "../../db/message-queue.ts";
import { type Config, parseConfig } from "../../src/config.ts";
import { type InstanceOptions, type RunningInstance, startInstance } from "../../src/instance.ts";
import { createTestDatabase, pgliteTemplate, type TestDatabase, testDriver } from "./database.ts";

// For tests that start servers of their own (SMTP, metrics, another process).
export { freePort };

export interface TestInstance extends RunningInstance {
  url: string;
  /** The network actor's IRI. */
  actorUrl: string;
  destroy(): Promise<void>;
}

/**
 * A real instance on 127.0.0.1 with its own throwaway database, signatures on, and a
 * short queue poll interval so that deliveries happen within the test's patience.
 */
export async function startTestInstance(
  handle: string,
  env: Record<string, string> = {},
  shared?: { database: TestDatabase },
  options: InstanceOptions = {},
): Promise<TestInstance> {
  // PGlite in memory is opened by the instance itself, from the migrated template.
  const database: TestDatabase | null = shared?.database ?? (testDriver === "postgres" ? await createTestDatabase() : null);
  // The port is free when picked, but another process running tests beside this one (the
  // bench's quick run starts servers) may take it before the instance listens: pick again.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const config = testConfig(handle, port, {
      DATA_DIR: database?.location.dataDir ?? "memory://",
      DATABASE_URL: database?.location.databaseUrl,
      ...env,
    });
    let instance: RunningInstance;
    try {
      instance = await startInstance(config, { ...TEST_INSTANCE_OPTIONS, ...(await templateFor(config)), ...options });
    } catch (error) {
      if (attempt < 3 && (error as NodeJS.ErrnoException).code === "EADDRINUSE") continue;
      throw error;
    }
    const url = `http://127.0.0.1:${port}`;
    return {
      ...instance,
      url,
      actorUrl: `${url}/actors/${handle}`,
      async destroy() {
        await instance.stop();
        // A shared database belongs to whoever shared it.
        if (shared === undefined) await database?.drop();
      },
    };
  }
}

/** Two web processes of one network, as it runs scaled out; `destroy` stops both and drops their database. */
export interface TwoProcesses {
  first: TestInstance;
  second: TestInstance;
  destroy(): Promise<void>;
}

/**
 * Two processes sharing one PostgreSQL database, the second web-only, for tests that a change
 * made through one shows on the other's very next page. PGlite is one process: there both
 * are the same instance, which must see its own changes.
 */
export async function startTwoProcesses(handle: string): Promise<TwoProcesses> {
  if (testDriver !== "postgres") {
    const only = await startTestInstance(handle);
    return { first: only, second: only, destroy: () => only.destroy() };
  }
  const database = await createTestDatabase();
  const first = await startTestInstance(handle, {}, { database });
  const second = await startTestInstance(handle, { NODE_ROLE: "web" }, { database });
  return {
    first,
    second,
    async destroy() {
      await Promise.all([first.destroy(), second.destroy()]);
      await database.drop();
    },
  };
}

/** An instance's configuration on 127.0.0.1 with signatures on; `env` names its database. */
function testConfig(handle: string, port: number, env: Record<string, string | undefined>): Config {
  return parseConfig({
    PORT: String(port),
    HOST: "127.0.0.1",
    ORIGIN: `http://127.0.0.1:${port}`,
    NETWORK_HANDLE: handle,
    NETWORK_NAME: `${handle} mutual aid`,
    ALLOW_PRIVATE_ADDRESS: "true",
    ...env,
  });
}

/** On PGlite, a new database starts from the migrated template rather than initdb (seconds). */
async function templateFor(config: Config): Promise<{ databaseTemplate?: Blob }> {
  return config.databaseUrl === undefined ? { databaseTemplate: await pgliteTemplate() } : {};
}

/** Short waits all round, so that tests see deliveries, retries and sweeps within seconds. */
const TEST_INSTANCE_OPTIONS = {
  queue: { pollIntervalMs: 100, retryBaseMs: 250 },
  sweepIntervalMs: 300,
  // One worker per instance handles its batches one after another, so a short staleness is safe here.
  deliveries: { pollMs: 200, retryBaseMs: 250, staleMs: 2_000 },
};

/**
 * An instance that can be stopped and started again on the same port and data, like a
 * server that goes down and comes back. `current` is the running one (null while down).
 */
export class RestartableInstance {
  current: RunningInstance | null = null;
  readonly url: string;
  readonly actorUrl: string;
  readonly #config: Config;
  readonly #cleanUp: () => Promise<void>;

  private constructor(config: Config, cleanUp: () => Promise<void>) {
    this.#config = config;
    this.#cleanUp = cleanUp;
    this.url = `http://127.0.0.1:${config.port}`;
    this.actorUrl = `${this.url}/actors/${config.networkHandle}`;
  }

  static async create(handle: string, env: Record<string, string> = {}): Promise<RestartableInstance> {
    const port = await freePort();
    let location: { DATA_DIR?: string; DATABASE_URL?: string };
    let cleanUp: () => Promise<void>;
    if (process.env.TEST_DATABASE_URL) {
      const database = await createTestDatabase();
      location = { DATABASE_URL: database.location.databaseUrl! };
      cleanUp = () => database.drop();
    } else {
      const dir = mkdtempSync(join(tmpdir(), "mycelium-restart-"));
      location = { DATA_DIR: dir };
      cleanUp = async () => rmSync(dir, { recursive: true, force: true });
    }
    const config = testConfig(handle, port, { ...location, ...env });
    const instance = new RestartableInstance(config, cleanUp);
    await instance.start();
    return instance;
  }

  get running(): RunningInstance {
    if (this.current === null) throw new Error("the instance is stopped");
    return this.current;
  }

  async start(): Promise<void> {
    // The template is used only while the folder has no database yet: on the first start.
    this.current = await startInstance(this.#config, { ...TEST_INSTANCE_OPTIONS, ...(await templateFor(this.#config)) });
  }

  async stop(): Promise<void> {
    await this.current?.stop();
    this.current = null;
  }

  async destroy(): Promise<void> {
    await this.stop();
    await this.#cleanUp();
  }
}

/** Polls `probe` until it returns a truthy value (deliveries go through the queue). */
export async function eventually<T>(probe: () => Promise<T>, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() - started > timeoutMs) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until the queues of all these instances are idle at once: every delivery between
 * them has arrived and been handled. Handling a message on one can queue another on a
 * sibling, so it looks until two rounds in a row find every queue idle. Tests call it
 * before checking that something did not happen.
 */
export async function settled(...instances: { queue: DatabaseMessageQueue }[]): Promise<void> {
  for (let quietRounds = 0; quietRounds < 2; ) {
    const idle = await Promise.all(instances.map((instance) => instance.queue.isIdle()));
    if (idle.every(Boolean)) {
      quietRounds += 1;
    } else {
      quietRounds = 0;
      await Promise.all(instances.map((instance) => instance.queue.whenIdle()));
    }
  }
}
