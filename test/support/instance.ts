import { createServer } from "node:net";
import { parseConfig } from "../../src/config.ts";
import { startInstance, type RunningInstance } from "../../src/instance.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

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
): Promise<TestInstance> {
  const database: TestDatabase = shared?.database ?? (await createTestDatabase());
  // PGlite in memory is opened by the instance itself; drop the one the helper opened.
  if (database.location.databaseUrl === undefined) await database.drop();
  const port = await freePort();
  const config = parseConfig({
    PORT: String(port),
    HOST: "127.0.0.1",
    ORIGIN: `http://127.0.0.1:${port}`,
    NETWORK_HANDLE: handle,
    NETWORK_NAME: `${handle} mutual aid`,
    ALLOW_PRIVATE_ADDRESS: "true",
    DATA_DIR: database.location.dataDir,
    DATABASE_URL: database.location.databaseUrl,
    ...env,
  });
  const instance = await startInstance(config, { queue: { pollIntervalMs: 100 }, sweepIntervalMs: 300 });
  const url = `http://127.0.0.1:${port}`;
  return {
    ...instance,
    url,
    actorUrl: `${url}/actors/${handle}`,
    async destroy() {
      await instance.stop();
      // A shared database belongs to whoever shared it.
      if (shared === undefined && database.location.databaseUrl !== undefined) await database.drop();
    },
  };
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
