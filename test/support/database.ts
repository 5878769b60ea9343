import { randomUUID } from "node:crypto";
import postgres from "postgres";
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

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    // PGlite in memory cannot be opened twice, so every open() shares the one handle.
    const shared = await openDatabase({ dataDir: "memory://" });
    return {
      location: { dataDir: "memory://" },
      open: async () => shared,
      drop: () => shared.close(),
    };
  }
  const name = `mycelium_test_${randomUUID().replaceAll("-", "")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const location = { databaseUrl: url.toString(), dataDir: "unused" };
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
