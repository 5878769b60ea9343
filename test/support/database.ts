import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { type DatabaseHandle, type DatabaseLocation, openDatabase } from "../../db/database.ts";

/**
 * A throwaway database for one test file: PGlite in memory by default, or a fresh
 * database on the PostgreSQL server named by TEST_DATABASE_URL (as CI does).
 */
export interface TestDatabase {
  location: DatabaseLocation;
  /** Opens a handle; on PostgreSQL every call is a separate connection pool, like a separate process. */
  open(): Promise<DatabaseHandle>;
  drop(): Promise<void>;
}

export const testDriver = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";

const MIGRATIONS = fileURLToPath(new URL("../../db/migrations", import.meta.url));

/** A short hash of the migrations and of `how` the template is made from them. */
function migrationsHash(how: string): string {
  const hash = createHash("sha256").update(how);
  for (const name of readdirSync(MIGRATIONS)
    .filter((n) => n.endsWith(".sql"))
    .sort()) {
    hash.update(name).update(readFileSync(join(MIGRATIONS, name)));
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * A PGlite folder with every migration applied, made once and kept in the system's temp
 * folder under a hash of the migrations: opening a database from it takes well under a
 * second, where initdb and the migrations take several (and the suite opens ~100).
 */
export function pgliteTemplate(): Promise<Blob> {
  // Read once per worker process (test files share it): ~30 MB and a hash of every migration.
  keptTemplate ??= readOrMakePgliteTemplate().catch((error: unknown) => {
    keptTemplate = undefined;
    throw error;
  });
  return keptTemplate;
}
let keptTemplate: Promise<Blob> | undefined;

async function readOrMakePgliteTemplate(): Promise<Blob> {
  // How the template is made counts too: one made another way before is not reused.
  const path = join(tmpdir(), `mycelium-pglite-template-${migrationsHash("analyzed, without template databases")}.tar`);
  if (!existsSync(path)) {
    const client = await PGlite.create("memory://");
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS });
    // Analyzed once here, so that a database opened from it has no table that was never
    // analyzed, and nothing for the vacuum on opening (db/pglite-autovacuum.ts) to do.
    await client.exec("VACUUM (ANALYZE)");
    // Nothing in a test creates a database, so initdb's template databases go: they were two
    // thirds of the files each opening unpacks (0.6 s an opening with them, 0.4 s without).
    await client.exec("UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')");
    await client.exec("DROP DATABASE template0");
    await client.exec("DROP DATABASE template1");
    await client.exec("CHECKPOINT");
    const dump = await client.dumpDataDir("none");
    await client.close();
    // Written aside and renamed: another test file may be making the same one at once.
    const partial = `${path}.${randomUUID()}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, path);
  }
  return new Blob([readFileSync(path)]);
}

/**
 * A new PGlite data folder holding the migrated template, for a test that starts Mycelium
 * as a process and is not about its first start: that process then opens a database
 * instead of running initdb and the migrations (seconds). The caller removes the folder.
 */
export async function preparedDataDir(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), "mycelium-data-"));
  await (await openDatabase({ dataDir, template: await pgliteTemplate() })).close();
  return dataDir;
}

/**
 * A database for the calling test file, made before its first test and dropped after its last,
 * with a handle opened on it. Read `handle` and `database` inside tests and hooks only.
 */
export function databaseForThisFile(): { readonly database: TestDatabase; readonly handle: DatabaseHandle } {
  let opened: { database: TestDatabase; handle: DatabaseHandle } | undefined;
  beforeAll(async () => {
    const database = await createTestDatabase();
    opened = { database, handle: await database.open() };
  });
  afterAll(() => opened?.database.drop());
  const ready = () => {
    if (opened === undefined) throw new Error("the test file's database is opened in beforeAll; read it in a test or hook");
    return opened;
  };
  return {
    get database() {
      return ready().database;
    },
    get handle() {
      return ready().handle;
    },
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    // PGlite in memory cannot be opened twice, so every open() shares the one handle.
    const location = { dataDir: "memory://", template: await pgliteTemplate() };
    const shared = await openDatabase(location);
    return {
      location,
      open: async () => shared,
      drop: () => shared.close(),
    };
  }
  const name = `mycelium_test_${randomUUID().replaceAll("-", "")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${await postgresTemplate(admin, serverUrl)}`);
  const url = databaseUrl(serverUrl, name);
  const location = { databaseUrl: url, dataDir: "unused" };
  const handles: DatabaseHandle[] = [];
  return {
    location,
    async open() {
      const handle = await openDatabase(location);
      handles.push(handle);
      return handle;
    },
    async drop() {
      await Promise.all(handles.map((h) => h.close()));
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

// Any constant works; only the test run's processes take it.
const TEMPLATE_LOCK_ID = 7_100_215;

/**
 * A database on the server with every migration applied, made once per set of migrations
 * and copied for each test file's database: the migrations took 0.3–0.5 s a database. It
 * is made under another name and renamed once complete, under a lock that the test run's
 * workers take in turn, so none copies one half made.
 */
async function postgresTemplate(admin: postgres.Sql, serverUrl: string): Promise<string> {
  const name = `mycelium_template_${migrationsHash("migrated")}`;
  await admin`SELECT pg_advisory_lock(${TEMPLATE_LOCK_ID})`;
  try {
    const [found] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
    if (found === undefined) {
      const making = `${name}_making`;
      // Left by a run that stopped while making it; nobody else is, under the lock.
      await admin.unsafe(`DROP DATABASE IF EXISTS ${making} WITH (FORCE)`);
      await admin.unsafe(`CREATE DATABASE ${making}`);
      await (await openDatabase({ databaseUrl: databaseUrl(serverUrl, making), dataDir: "unused" })).close();
      await admin.unsafe(`ALTER DATABASE ${making} RENAME TO ${name}`);
    }
  } finally {
    await admin`SELECT pg_advisory_unlock(${TEMPLATE_LOCK_ID})`;
  }
  return name;
}
