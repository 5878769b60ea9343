import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from "@fedify/fedify";
import { sql } from "drizzle-orm";
import { queryRows, textArray, type Database } from "./database.ts";
import { executorFor } from "./transaction.ts";

/**
 * Fedify's key-value store in our own database (Fedify's PostgreSQL driver is not
 * available for Fedify 2 here). Keys are text arrays so that `list(prefix)` is an
 * array-slice comparison; expired entries read as absent and are swept on write.
 */
export class DatabaseKvStore implements KvStore {
  readonly #db: Database;
  #writesSinceSweep = 0;

  constructor(db: Database) {
    this.#db = db;
  }

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const rows = await queryRows<{ value: T }>(
      executorFor(this.#db),
      sql`SELECT value FROM fedify_kv WHERE key = ${textArray(key)} AND (expires_at IS NULL OR expires_at > now())`,
    );
    return rows[0]?.value;
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    await executorFor(this.#db).execute(
      sql`INSERT INTO fedify_kv (key, value, expires_at)
          VALUES (${textArray(key)}, ${jsonb(value)}, ${expiry(options)})
          ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
    );
    await this.#sweepNowAndThen();
  }

  async delete(key: KvKey): Promise<void> {
    await executorFor(this.#db).execute(sql`DELETE FROM fedify_kv WHERE key = ${textArray(key)}`);
  }

  async cas(key: KvKey, expectedValue: unknown, newValue: unknown, options?: KvStoreSetOptions): Promise<boolean> {
    const db = executorFor(this.#db);
    const rows =
      expectedValue === undefined
        ? // Absent means "no live row": insert, or take over a row that has expired.
          await queryRows(
            db,
            sql`INSERT INTO fedify_kv (key, value, expires_at)
                VALUES (${textArray(key)}, ${jsonb(newValue)}, ${expiry(options)})
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at
                WHERE fedify_kv.expires_at IS NOT NULL AND fedify_kv.expires_at <= now()
                RETURNING 1`,
          )
        : await queryRows(
            db,
            sql`UPDATE fedify_kv SET value = ${jsonb(newValue)}, expires_at = ${expiry(options)}
                WHERE key = ${textArray(key)} AND value = ${jsonb(expectedValue)}
                  AND (expires_at IS NULL OR expires_at > now())
                RETURNING 1`,
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
    for (const row of rows) yield { key: row.key as unknown as KvKey, value: row.value };
  }

  /** Deletes expired entries once every few hundred writes, so the table cannot grow forever. */
  async #sweepNowAndThen(): Promise<void> {
    this.#writesSinceSweep += 1;
    if (this.#writesSinceSweep < 500) return;
    this.#writesSinceSweep = 0;
    await executorFor(this.#db).execute(sql`DELETE FROM fedify_kv WHERE expires_at <= now()`);
  }
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
