import type { MessageQueueDepth } from "@fedify/fedify";
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "./database.ts";
import { queryRows } from "./database.ts";
import { msFromNow } from "./queue-insert.ts";
import { wholeMessage } from "./shared-parts.ts";

/** A queue message as a worker claimed it (see db/message-queue.ts). */
export interface ClaimedMessage {
  id: string;
  message: unknown;
  attempts: number;
  /** The part it shares with other messages (db/shared-parts.ts), if any. */
  partId: string | null;
}

/**
 * The claimed message's row, while it is still ours: `attempts` is our claim. If our lease ran
 * out and another worker took the message, the row is theirs now and we leave it alone. (A
 * message given back goes down one attempt, so a later claim can match a stale one of ours;
 * only a renewal is ever that late, and it merely extends that claim's lease.)
 */
export function stillOurs(claimed: ClaimedMessage): SQL {
  return sql`id = ${claimed.id}::bigint AND attempts = ${claimed.attempts}`;
}

/** Claimed messages as the rows of a `VALUES` list, (id, attempts), to be matched as `stillOurs` does. */
function claimedRows(claimed: readonly ClaimedMessage[]): SQL {
  return sql.join(
    claimed.map(({ id, attempts }) => sql`(${id}::bigint, ${attempts}::int)`),
    sql`, `,
  );
}

/**
 * Claims up to `limit` due messages, oldest first, each leased for `leaseMs`. At most one per
 * ordering key: a message is only due once no older one with its key is left, and the older
 * one is still there while it is being handled. `deleted`, the ids of a query in the same
 * statement: the statement's own snapshot still shows the rows it deletes, and they are
 * neither claimed again nor hold their ordering keys back.
 */
export function claimStatement(limit: number, leaseMs: number, deleted?: SQL): SQL {
  const notDeleted = (id: SQL) => (deleted === undefined ? sql`TRUE` : sql`${id} NOT IN (${deleted})`);
  return sql`UPDATE fedify_messages AS m
      SET locked_until = ${msFromNow(leaseMs)},
          attempts = m.attempts + 1
      WHERE m.id IN (
        SELECT c.id FROM fedify_messages AS c
        WHERE c.run_at <= now()
          AND (c.locked_until IS NULL OR c.locked_until < now())
          AND ${notDeleted(sql`c.id`)}
          AND (c.ordering_key IS NULL OR NOT EXISTS (
            SELECT 1 FROM fedify_messages AS p
            WHERE p.ordering_key = c.ordering_key AND p.id < c.id AND ${notDeleted(sql`p.id`)}))
        ORDER BY c.run_at, c.id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING m.id::text AS id, ${wholeMessage(sql`m`)} AS message, m.attempts, m.shared_part_id::text AS "partId"`;
}

/**
 * Deletes handled messages, those still ours, and claims up to `limit` due ones, in one
 * statement: a post to 600 inboxes took 600 deletes and 600 claims, one of each as each
 * delivery freed its place.
 */
export function finishAndClaimStatement(handled: readonly ClaimedMessage[], limit: number, leaseMs: number): SQL {
  return sql`WITH handled(id, attempts) AS (VALUES ${claimedRows(handled)}),
      deleted AS (
        DELETE FROM fedify_messages AS m USING handled
        WHERE m.id = handled.id AND m.attempts = handled.attempts
        RETURNING m.id)
      ${claimStatement(limit, leaseMs, sql`SELECT id FROM deleted`)}`;
}

/** Extends the leases of the messages a worker holds, those still its own, in one statement. */
export function renewStatement(held: readonly ClaimedMessage[], leaseMs: number): SQL {
  return sql`UPDATE fedify_messages AS m SET locked_until = ${msFromNow(leaseMs)}
      FROM (VALUES ${claimedRows(held)}) AS held(id, attempts)
      WHERE m.id = held.id AND m.attempts = held.attempts`;
}

/**
 * Gives back messages claimed and never started, as if they had not been claimed (their
 * attempt does not count), and notifies `channel` so that the other workers take them now.
 */
export function giveBackStatement(unstarted: readonly ClaimedMessage[], channel: string): SQL {
  return sql`WITH given AS (
        UPDATE fedify_messages AS m SET locked_until = NULL, attempts = m.attempts - 1
        FROM (VALUES ${claimedRows(unstarted)}) AS held(id, attempts)
        WHERE m.id = held.id AND m.attempts = held.attempts)
      SELECT pg_notify(${channel}, '')`;
}

/**
 * How many messages are due or being handled. Messages that wait for later do not count:
 * delayed ones, retries after a failure, and those queued behind one of these with the same
 * ordering key.
 */
export async function dueCount(db: Database): Promise<number> {
  const [row] = await queryRows<{ due: string | number }>(
    db,
    sql`SELECT count(*) AS due FROM fedify_messages AS c
        WHERE c.run_at <= now()
          AND (c.ordering_key IS NULL OR NOT EXISTS (
            SELECT 1 FROM fedify_messages AS p
            WHERE p.ordering_key = c.ordering_key AND p.id < c.id AND p.run_at > now()))`,
  );
  return Number(row?.due ?? 0);
}

/** Messages waiting (not held by a worker): ready to run now, or delayed. Needs no queue object, so metrics can read it first. */
export async function queueDepth(db: Database): Promise<MessageQueueDepth> {
  const [row] = await queryRows<{ ready: string | number; delayed: string | number }>(
    db,
    sql`SELECT count(*) FILTER (WHERE run_at <= now()) AS ready,
               count(*) FILTER (WHERE run_at > now()) AS delayed
        FROM fedify_messages WHERE locked_until IS NULL OR locked_until < now()`,
  );
  const ready = Number(row?.ready ?? 0);
  const delayed = Number(row?.delayed ?? 0);
  return { queued: ready + delayed, ready, delayed };
}
