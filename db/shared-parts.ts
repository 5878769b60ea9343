// What queued messages share, stored once (the queue's table `fedify_message_parts`). Fedify
// queues a post's delivery to each inbox as its own message, and every one of them holds the
// same activity object and the same keys: stored whole, a post to 600 inboxes wrote 600 copies
// of both (five megabytes, a tenth of a second of the database's time).
import { type SQL, sql } from "drizzle-orm";

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

/** The row `m`'s whole message: its own properties, and those of its shared part. */
export function wholeMessage(m: SQL): SQL {
  return sql`CASE WHEN ${m}.shared_part_id IS NULL THEN ${m}.message
    ELSE ${m}.message || (SELECT p.part FROM fedify_message_parts AS p WHERE p.id = ${m}.shared_part_id) END`;
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
  const chosen =
    parts === "all"
      ? sql`TRUE`
      : sql`p.id IN (${sql.join(
          parts.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`;
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
