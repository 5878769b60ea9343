// Writing the messages queued in one tick (see DatabaseMessageQueue's `enqueue`): one statement,
// with what they share stored once (db/shared-parts.ts).
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "./database.ts";
import { splitSharedParts } from "./shared-parts.ts";

/** One `enqueueMany` call's messages, written with the others of its tick, or not at all. */
export interface QueuedCall {
  messages: readonly unknown[];
  orderingKey: string | null;
  delayMs: number;
  /** Why its messages could not be written (they would not turn into JSON); the others still are. */
  error?: unknown;
}

/** The moment `ms` milliseconds from now, on the database's clock. */
export function msFromNow(ms: number): SQL {
  return sql`now() + ${ms}::double precision * interval '1 millisecond'`;
}

/** `value` as JSON text, or why it cannot be. */
function toJson(value: unknown): string | { error: unknown } {
  try {
    return JSON.stringify(value ?? null);
  } catch (error) {
    return { error };
  }
}

/**
 * The statement that writes `calls` and notifies `channel`, or null when none can be written.
 * A call with a message that does not turn into JSON (a BigInt, a cycle) is left out whole and
 * gets its `error`, so that it alone is rejected, as when each call turned its messages into
 * JSON itself.
 */
export function insertStatement(calls: readonly QueuedCall[], channel: string): SQL | null {
  const rows = calls.flatMap((call) => call.messages.map((message) => ({ call, message })));
  const split = splitSharedParts(rows.map((row) => row.message));
  const partJson = split.parts.map(toJson);
  const ownJson = split.messages.map(({ own }) => toJson(own));
  split.messages.forEach(({ part }, i) => {
    const failed = [ownJson[i]!, part === null ? "" : partJson[part]!].find((json) => typeof json !== "string");
    if (failed !== undefined) rows[i]!.call.error ??= failed.error;
  });
  const written = rows
    .map((row, i) => ({ ...row, ...split.messages[i]!, json: ownJson[i]! }))
    .filter((row) => row.call.error === undefined);
  if (written.length === 0) return null;
  const partIds = new Map<number, string>();
  for (const { part } of written) if (part !== null && !partIds.has(part)) partIds.set(part, crypto.randomUUID());
  const values = written.map(({ call, part, json }) => {
    const partId = part === null ? null : partIds.get(part)!;
    return sql`(${json}::jsonb, ${partId}::uuid, ${call.orderingKey}, ${msFromNow(call.delayMs)})`;
  });
  const parts = [...partIds].map(([part, id]) => sql`(${id}::uuid, ${partJson[part]}::jsonb)`);
  const insertParts =
    parts.length > 0 ? sql`parts AS (INSERT INTO fedify_message_parts (id, part) VALUES ${sql.join(parts, sql`, `)}),` : sql``;
  // One statement, one round trip, parts and messages together. The notification is
  // delivered when the surrounding transaction commits, and not at all if it rolls back.
  return sql`WITH ${insertParts}
          queued AS (INSERT INTO fedify_messages (message, shared_part_id, ordering_key, run_at) VALUES ${sql.join(values, sql`, `)})
          SELECT pg_notify(${channel}, '')`;
}

/**
 * The calls made in one tick, per executor (the same transaction, or none), written together
 * once the tick is over: one statement for all of them. Each call resolves once its rows are
 * written, or rejects alone if its messages could not be.
 */
export class TickWrites {
  readonly #pending = new Map<Database, { calls: QueuedCall[]; written: Promise<void> }>();
  readonly #channel: string;

  constructor(channel: string) {
    this.#channel = channel;
  }

  async write(executor: Database, call: QueuedCall): Promise<void> {
    let batch = this.#pending.get(executor);
    if (batch === undefined) {
      batch = { calls: [], written: Promise.resolve().then(() => this.#flush(executor)) };
      this.#pending.set(executor, batch);
    }
    batch.calls.push(call);
    await batch.written;
    if (call.error !== undefined) throw call.error;
  }

  async #flush(executor: Database): Promise<void> {
    const calls = this.#pending.get(executor)?.calls ?? [];
    this.#pending.delete(executor);
    const statement = insertStatement(calls, this.#channel);
    if (statement !== null) await executor.execute(statement);
  }
}
