import { parseArgs } from "node:util";
import { CopyRefusedError, copyDatabase } from "../../db/copy-database.ts";
import { type DatabaseHandle, openDatabase } from "../../db/database.ts";
import type { Config } from "../config.ts";
import { acquireInstanceLock, DataDirInUseError, type InstanceLock } from "../instance-lock.ts";
import type { CliOutput } from "./commands.ts";

export const COPY_COMMAND = "db copy-to-postgres";
export const COPY_USAGE = `${COPY_COMMAND} --to postgres://USER@HOST/DATABASE
  Copies this instance's embedded database (DATA_DIR), keys, members, posts, queue and all,
  into an empty PostgreSQL database. Stop Mycelium first. Afterwards, start it with
  DATABASE_URL set to the same URL.`;

/**
 * Moves an instance from the embedded database to PostgreSQL. It runs with the instance
 * stopped (it takes the data directory's lock), migrates the target, refuses one that
 * holds any data, and copies in one transaction: the target gets everything or nothing.
 */
export async function copyToPostgres(args: string[], config: Config, { out, err }: CliOutput): Promise<number> {
  let to: string | undefined;
  try {
    ({
      values: { to },
    } = parseArgs({ args, options: { to: { type: "string" } }, strict: true }));
  } catch (error) {
    err(`${COPY_COMMAND}: ${(error as Error).message.replace(/\. To specify.*$/s, "")}.\n\n${COPY_USAGE}`);
    return 2;
  }
  if (to === undefined || !/^postgres(ql)?:\/\/\S+$/.test(to)) {
    err(`${COPY_COMMAND}: --to expects a postgres:// or postgresql:// URL.\n\n${COPY_USAGE}`);
    return 2;
  }
  if (config.databaseUrl !== undefined) {
    err(
      `${COPY_COMMAND}: DATABASE_URL is set, so this instance already uses PostgreSQL. ` +
        "Unset it: the copy reads the embedded database in DATA_DIR.",
    );
    return 1;
  }
  let lock: InstanceLock;
  try {
    lock = acquireInstanceLock(config.dataDir);
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    err(`${COPY_COMMAND}: ${error.message} Stop it first: a copy of a database in use would miss what changes meanwhile.`);
    return 1;
  }
  let source: DatabaseHandle | undefined;
  let target: DatabaseHandle | undefined;
  try {
    source = await openDatabase({ dataDir: config.dataDir });
    try {
      target = await openDatabase({ databaseUrl: to, dataDir: config.dataDir });
    } catch (error) {
      err(`${COPY_COMMAND}: could not open ${redact(to)}: ${(error as Error).message}`);
      return 1;
    }
    const counts = await copyDatabase(source.db, target.db);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    out(`Copied ${total} rows in ${counts.size} tables from ${config.dataDir} to ${redact(to)}:`);
    for (const [table, n] of counts) if (n > 0) out(`  ${table}\t${n}`);
    out(`Now start Mycelium with DATABASE_URL=${redact(to)} (and keep ${config.dataDir} as a backup).`);
    return 0;
  } catch (error) {
    if (!(error instanceof CopyRefusedError)) throw error;
    err(`${COPY_COMMAND}: ${error.message}. Nothing was copied.`);
    return 1;
  } finally {
    await target?.close();
    await source?.close();
    lock.release();
  }
}

/** A database URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.href;
  } catch {
    return url;
  }
}
