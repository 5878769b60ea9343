import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { getLogger } from "@logtape/logtape";
import { type SQL, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { AUTOVACUUM_NAPTIME_MS, vacuumOnOpening, vacuumTablesDue } from "./pglite-autovacuum.ts";
import { withParsersOnce } from "./pglite-parsers.ts";
import * as schema from "./schema/index.ts";

const log = getLogger(["mycelium", "db"]);

/** A drizzle handle on either driver, or a transaction opened on one. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  driver: "pglite" | "postgres";
  /** Calls `onNotify` for each NOTIFY on `channel`; resolves to a function that stops it. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface DatabaseLocation {
  /** A PostgreSQL URL; when absent the embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** PGlite's folder, or `memory://` for a throwaway database. */
  dataDir: string;
  /**
   * A PGlite data folder as `dumpDataDir` makes it, migrated, vacuumed and analyzed, to
   * start a new database from (`memory://`, or a folder with none in it yet) instead of
   * running initdb (seconds each time): tests open many throwaway databases.
   */
  template?: Blob | undefined;
}

const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));
// Any constant works; it only has to be the same in every process of one instance.
const MIGRATION_LOCK_ID = 7_100_213;

/** Opens the database and brings its schema up to date. */
export async function openDatabase(location: DatabaseLocation): Promise<DatabaseHandle> {
  return location.databaseUrl === undefined ? openPglite(location.dataDir, location.template) : openPostgres(location.databaseUrl);
}

/**
 * PGlite's own start parameters, with a smaller buffer cache. Its WebAssembly memory only
 * grows, so PostgreSQL's default 128 MB of shared buffers, once filled, stayed in the
 * process for good (about 100 MB of an idle instance's memory with 100,000 posts; 32 MB
 * still left 68 MB of it touched after start-up, 16 MB left 50 MB, 8 MB leaves 42 MB: PGlite
 * touches every buffer when it opens). The data files are
 * still read through the operating system's page cache, which the kernel can take back
 * under pressure; bench/results/README.md has the figures.
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, "-c", "shared_buffers=8MB"];

async function openPglite(dataDir: string, template: Blob | undefined): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const fromTemplate = template !== undefined && (inMemory || !existsSync(join(dataDir, "PG_VERSION")));
  const options = { startParams: PGLITE_START_PARAMS, ...(fromTemplate ? { loadDataDir: template } : {}) };
  const client = await PGlite.create(dataDir, options);
  const pglite = drizzlePglite({ client: withParsersOnce(client), schema });
  await migratePglite(pglite, { migrationsFolder: MIGRATIONS_FOLDER });
  // biome-ignore lint/plugin: drizzle types each driver's database apart; Database is the one type both share.
  const db = pglite as unknown as Database;
  const failed = (error: unknown) => log.warn("Could not vacuum and analyze the database: {error}", { error });
  await vacuumOnOpening(client, fromTemplate).catch(failed);
  const autovacuum = setInterval(() => vacuumTablesDue(client).catch(failed), AUTOVACUUM_NAPTIME_MS);
  autovacuum.unref();
  return {
    db,
    driver: "pglite",
    async listen(channel, onNotify) {
      const unlisten = await client.listen(channel, () => onNotify());
      return async () => {
        if (!client.closed) await unlisten();
      };
    },
    async close() {
      clearInterval(autovacuum);
      if (!client.closed) await client.close();
    },
  };
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  await migratePostgresOnce(url);
  const client = postgres(url, { max: 10, onnotice: () => {} });
  // biome-ignore lint/plugin: drizzle types each driver's database apart; Database is the one type both share.
  const db = drizzlePostgres({ client, schema }) as unknown as Database;
  return {
    db,
    driver: "postgres",
    async listen(channel, onNotify) {
      const subscription = await client.listen(channel, () => onNotify());
      return () => subscription.unlisten();
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

/**
 * Several processes may start at once against one PostgreSQL; an advisory lock held on a
 * dedicated connection makes them migrate one after another.
 */
async function migratePostgresOnce(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`SELECT pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
    await client`SELECT pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** A text[] literal built from parameters (drizzle would spread a JS array into a list). */
export function textArray(values: readonly string[]): SQL {
  if (values.length === 0) return sql`'{}'::text[]`;
  return sql`ARRAY[${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )}]::text[]`;
}

/** Resolves once the database answers a trivial query; rejects if it cannot. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`SELECT 1`);
}

/** Runs raw SQL and returns its rows, whichever driver is underneath. */
export async function queryRows<Row>(db: Database, query: SQL): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}
