// What queued messages share, stored once (the queue's table `fedify_message_parts`). Fedify
// queues a post's delivery to each inbox as its own message, and every one of them holds the
// same activity object and the same keys: stored whole, a post to 600 inboxes wrote 600 copies
// of both (five megabytes, a tenth of a second of the database's time).
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "./database.ts";
import type { ClaimedMessage, ClaimedRow } from "./queue-statements.ts";

export interface SplitMessage {
  /** The message without its shared properties (the whole message when it shares none). */
  own: unknown;
  /** The index of its part in `parts`, or null. */
  part: number | null;
}

/**
 * Splits the messages written in one statement into what is their own and what they share.
 * A top-level property is shared when its value is an object that another message of the
 * batch holds too, the same object (not merely an equal one): that is how Fedify builds them,
 * and it costs nothing to find. Messages that share the same properties share one part.
 */
export function splitSharedParts(messages: readonly unknown[]): { messages: SplitMessage[]; parts: Record<string, unknown>[] } {
  const entries = messages.map(objectEntries);
  const holders = new Map<string, Map<object, number>>();
  for (const messageEntries of entries) {
    for (const [name, value] of messageEntries) {
      const byValue = holders.get(name) ?? new Map<object, number>();
      byValue.set(value, (byValue.get(value) ?? 0) + 1);
      holders.set(name, byValue);
    }
  }
  // Each shared value gets a number, so that a message's set of them names its part.
  const numbers = new Map<object, number>();
  const parts: Record<string, unknown>[] = [];
  const partIndexes = new Map<string, number>();
  const split = messages.map((message, i): SplitMessage => {
    const shared = entries[i]!.filter(([name, value]) => (holders.get(name)?.get(value) ?? 0) > 1);
    if (shared.length === 0 || !isPlainRecord(message)) return { own: message, part: null };
    const signature = shared.map(([name, value]) => `${name}=${number(numbers, value)}`).join(" ");
    let part = partIndexes.get(signature);
    if (part === undefined) {
      part = parts.push(Object.fromEntries(shared)) - 1;
      partIndexes.set(signature, part);
    }
    const own = { ...message };
    for (const [name] of shared) delete own[name];
    return { own, part };
  });
  return { messages: split, parts };
}

/** How many parts a worker keeps: those of the posts being delivered at once. */
const KEPT_PARTS = 16;

/**
 * The parts a worker has read, each kept once parsed: a claim sends a part only for the first
 * of its messages, and not again while the worker keeps it (`known`). The messages of one part
 * then hold the very same objects, frozen, since a handler that changed one would change it
 * for all of them.
 */
export class SharedPartCache {
  /** Oldest first; a part used again becomes the newest. */
  readonly #parts = new Map<string, Readonly<Record<string, unknown>>>();

  /** The parts kept, for a claim not to send them again. */
  known(): string[] {
    return [...this.#parts.keys()];
  }

  /**
   * The claimed messages made whole, each its own properties with its part's. A part neither
   * sent with them nor kept (pushed out while the claim ran) is read again.
   */
  async complete(db: Database, rows: readonly ClaimedRow[]): Promise<ClaimedMessage[]> {
    const parts = new Map<string, Readonly<Record<string, unknown>>>();
    for (const { partId, part } of rows) {
      if (partId === null || parts.has(partId)) continue;
      const kept = isPlainRecord(part) ? deepFreeze(part) : this.#parts.get(partId);
      if (kept !== undefined) parts.set(partId, kept);
    }
    const missing = [...new Set(rows.flatMap(({ partId }) => (partId !== null && !parts.has(partId) ? [partId] : [])))];
    if (missing.length > 0) for (const [id, part] of await readParts(db, missing)) parts.set(id, part);
    for (const [id, part] of parts) this.#keep(id, part);
    return rows.map(({ id, own, attempts, partId }) => {
      if (partId === null) return { id, message: own, attempts, partId };
      const part = parts.get(partId);
      if (part === undefined || !isPlainRecord(own)) throw new Error(`Queue message ${id} lost its shared part ${partId}`);
      return { id, message: { ...own, ...part }, attempts, partId };
    });
  }

  #keep(id: string, part: Readonly<Record<string, unknown>>): void {
    this.#parts.delete(id);
    this.#parts.set(id, part);
    if (this.#parts.size > KEPT_PARTS) this.#parts.delete(this.#parts.keys().next().value!);
  }
}

function uuidList(ids: readonly string[]): SQL {
  return sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
}

async function readParts(db: Database, ids: readonly string[]): Promise<Array<[string, Readonly<Record<string, unknown>>]>> {
  const rows = await queryRows<{ id: string; part: unknown }>(
    db,
    sql`SELECT id::text AS id, part FROM fedify_message_parts WHERE id IN (${uuidList(ids)})`,
  );
  return rows.flatMap(({ id, part }) =>
    isPlainRecord(part) ? [[id, deepFreeze(part)] as [string, Readonly<Record<string, unknown>>]] : [],
  );
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * A CTE that deletes those of `parts` (or of all parts) that no message refers to any more.
 * The queue runs it with a plain claim (when a worker wakes or polls), for the parts of the
 * messages it deleted since, and once over all parts, for those a worker that died left. Not
 * with each finished message: there it cost a tenth of a millisecond per message on PGlite,
 * stepping over the index entries of the messages already deleted. A part another worker is
 * removing is skipped, not waited for.
 */
export function sweepingParts(parts: readonly string[] | "all"): SQL {
  const chosen = parts === "all" ? sql`TRUE` : sql`p.id IN (${uuidList(parts)})`;
  return sql`swept AS (
      DELETE FROM fedify_message_parts WHERE id IN (
        SELECT p.id FROM fedify_message_parts AS p
        WHERE ${chosen} AND NOT EXISTS (SELECT 1 FROM fedify_messages AS m WHERE m.shared_part_id = p.id)
        FOR UPDATE SKIP LOCKED))`;
}

function number(numbers: Map<object, number>, value: object): number {
  const n = numbers.get(value) ?? numbers.size;
  numbers.set(value, n);
  return n;
}

/** A plain record's properties whose values are objects (arrays included). */
function objectEntries(message: unknown): Array<[string, object]> {
  if (!isPlainRecord(message)) return [];
  return Object.entries(message).filter((entry): entry is [string, object] => typeof entry[1] === "object" && entry[1] !== null);
}

/** An object literal's kind: one of a class may turn into other JSON than its properties (`toJSON`). */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
