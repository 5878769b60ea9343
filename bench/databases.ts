import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import type { DriverRun } from "./report.ts";

/** A fresh database for one driver's run, and how the instance is told to use it. */
export interface BenchDatabase {
  env: Record<string, string>;
  location: { databaseUrl?: string; dataDir: string };
  drop(): Promise<void>;
}

export async function createBenchDatabase(driver: DriverRun["driver"], serverUrl: string | undefined): Promise<BenchDatabase> {
  if (driver === "pglite") {
    const dataDir = mkdtempSync(join(tmpdir(), "mycelium-bench-"));
    return { env: { DATA_DIR: dataDir }, location: { dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `mycelium_bench_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    location: { databaseUrl: url.toString(), dataDir: "unused" },
    async drop() {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
