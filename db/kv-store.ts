import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from "@fedify/fedify";
import { sql } from "drizzle-orm";
import { ExpiringMap } from "../lib/expiring-map.ts";
import { type Database, queryRows, textArray } from "./database.ts";
import { executorFor } from "./transaction.ts";

export interface DatabaseKvStoreOptions {
  /**
   * Keys under these prefixes, once read, are also kept in this process's memory for `ms`
   * (or until they expire, if sooner). Only for values that may be that old wherever they
   * are read: another process's change shows here only once the kept copy runs out.
   */
  remember?: readonly { prefix: KvKey; ms: number }[];
}

/** At most this many values are kept in memory; the oldest go first. */
const REMEMBERED = 10_000;

/**
 * Fedify's key-value store in our own database (Fedify's PostgreSQL driver is not
 * available for Fedify 2 here). Keys are text arrays so that `list(prefix)` is an
 * array-slice comparison; expired entries read as absent and are swept on write.
 */
export class DatabaseKvStore implements KvStore {
  readonly #db: Database;
  readonly #remember: readonly { prefix: KvKey; ms: number }[];
  readonly #remembered = new ExpiringMap<string, unknown>({ limit: REMEMBERED });
  /** Writes to remembered keys, begun and ended, and those under way: a read that overlaps one keeps nothing. */
  #writes = 0;
  #writing = 0;
  #writesSinceSweep = 0;

  constructor(db: Database, options: DatabaseKvStoreOptions = {}) {
    this.#db = db;
    this.#remember = options.remember ?? [];
  }

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const memoryKey = JSON.stringify(key);
    const kept = this.#remembered.get(memoryKey);
    if (kept !== undefined) return kept as T;
    const db = executorFor(this.#db);
    const writesBefore = this.#writes;
    const rows = await queryRows<{ value: T; expires_in_ms: number | null }>(
      db,
      sql`SELECT value, (extract(epoch FROM expires_at - now()) * 1000)::float8 AS expires_in_ms
          FROM fedify_kv WHERE key = ${textArray(key)} AND (expires_at IS NULL OR expires_at > now())`,
    );
    const row = rows[0];
    // Only what is committed is kept: a read inside a transaction could see a write it rolls back.
    const ms = this.#remember.find(({ prefix }) => startsWith(key, prefix))?.ms;
    if (row !== undefined && ms !== undefined && db === this.#db && this.#writes === writesBefore && this.#writing === 0) {
      this.#remembered.set(memoryKey, row.value, Math.min(ms, row.expires_in_ms ?? ms));
    }
    return row?.value;
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    await this.#write(key, () =>
      executorFor(this.#db).execute(
        sql`INSERT INTO fedify_kv (key, value, expires_at)
            VALUES (${textArray(key)}, ${jsonb(value)}, ${expiry(options)})
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
      ),
    );
    await this.#sweepNowAndThen();
  }

  async delete(key: KvKey): Promise<void> {
    await this.#write(key, () => executorFor(this.#db).execute(sql`DELETE FROM fedify_kv WHERE key = ${textArray(key)}`));
  }

  async cas(key: KvKey, expectedValue: unknown, newValue: unknown, options?: KvStoreSetOptions): Promise<boolean> {
    const db = executorFor(this.#db);
    const rows = await this.#write(key, () =>
      expectedValue === undefined
        ? // Absent means "no live row": insert, or take over a row that has expired.
          queryRows(
            db,
            sql`INSERT INTO fedify_kv (key, value, expires_at)
                VALUES (${textArray(key)}, ${jsonb(newValue)}, ${expiry(options)})
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at
                WHERE fedify_kv.expires_at IS NOT NULL AND fedify_kv.expires_at <= now()
                RETURNING 1`,
          )
        : queryRows(
            db,
            sql`UPDATE fedify_kv SET value = ${jsonb(newValue)}, expires_at = ${expiry(options)}
                WHERE key = ${textArray(key)} AND value = ${jsonb(expectedValue)}
                  AND (expires_at IS NULL OR expires_at > now())
                RETURNING 1`,
          ),
    );
    return rows.length > 0;
  }

  async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
    const filter = prefix === undefined || prefix.length === 0 ? sql`TRUE` : sql`key[1:${prefix.length}::int] = ${textArray(prefix)}`;
    const rows = await queryRows<{ key: string[]; value: unknown }>(
      executorFor(this.#db),
      sql`SELECT key, value FROM fedify_kv
          WHERE ${filter} AND (expires_at IS NULL OR expires_at > now()) ORDER BY key`,
    );
    for (const row of rows) {
      const [first, ...rest] = row.key;
      if (first !== undefined) yield { key: [first, ...rest], value: row.value };
    }
  }

  /** Runs a write to `key`, forgetting any copy of it kept in memory before and after. */
  async #write<T>(key: KvKey, write: () => Promise<T>): Promise<T> {
    if (!this.#remember.some(({ prefix }) => startsWith(key, prefix))) return write();
    const memoryKey = JSON.stringify(key);
    this.#remembered.delete(memoryKey);
    this.#writes += 1;
    this.#writing += 1;
    try {
      return await write();
    } finally {
      this.#writing -= 1;
      this.#writes += 1;
      this.#remembered.delete(memoryKey);
    }
  }

  /** Deletes expired entries once every few hundred writes, so the table cannot grow forever. */
  async #sweepNowAndThen(): Promise<void> {
    this.#writesSinceSweep += 1;
    if (this.#writesSinceSweep < 500) return;
    this.#writesSinceSweep = 0;
    await executorFor(this.#db).execute(sql`DELETE FROM fedify_kv WHERE expires_at <= now()`);
  }
}

function startsWith(key: KvKey, prefix: KvKey): boolean {
  return prefix.length <= key.length && prefix.every((part, i) => key[i] === part);
}

/** A value as jsonb; `undefined` (which JSON cannot say) is stored as null. */
export function jsonb(value: unknown) {
  return sql`${JSON.stringify(value ?? null)}::jsonb`;
}

function expiry(options?: KvStoreSetOptions) {
  if (options?.ttl === undefined) return sql`NULL`;
  const ms = options.ttl.total({ unit: "millisecond" });
  return sql`now() + ${ms}::double precision * interval '1 millisecond'`;
}
