import type { MessageQueueDepth } from "@fedify/fedify";
import { type SQL, sql } from "drizzle-orm";
import type { Database, DatabaseHandle } from "./database.ts";
import { queryRows } from "./database.ts";
import { msFromNow } from "./queue-insert.ts";

/** A queue message as a worker claimed it (see db/message-queue.ts). */
export interface ClaimedMessage {
  id: string;
  message: unknown;
  attempts: number;
  /** The part it shares with other messages (db/shared-parts.ts), if any. */
  partId: string | null;
}

/**
 * A message as the claiming statements return it: its own properties, and its part only when
 * the worker said it does not hold that part yet (see `SharedPartCache` in db/shared-parts.ts).
 */
export interface ClaimedRow {
  id: string;
  own: unknown;
  attempts: number;
  partId: string | null;
  part: unknown;
}

/**
 * The statement that claims messages, and the one that also finishes handled ones, are built
 * from these: bound parameters on PostgreSQL, or a prepared statement's `$n` on PGlite.
 */
interface ClaimParameters {
  limit: SQL;
  leaseMs: SQL;
  /** The parts (uuid[]) the worker already holds, which are not sent again. */
  knownParts: SQL;
}

interface FinishParameters extends ClaimParameters {
  /** The handled messages' ids (bigint[]) and their claims (int[]), pairwise, as `stillOurs` matches them. */
  ids: SQL;
  attempts: SQL;
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
 *
 * The messages to claim are picked once, as an array: with `m.id IN (SELECT … LIMIT n FOR
 * UPDATE SKIP LOCKED)` PostgreSQL may plan a nested loop that runs the subquery again for each
 * row, each run skipping the rows the statement has just updated, and so claim more than `n`
 * (it did in CI, on a table its statistics said was empty). The array is also read through
 * the primary key, where the semi-join scanned the whole queue.
 *
 * A message's shared part comes with it only when it is not among `knownParts`: a post's
 * part, 7 KB, was read, joined and parsed again for each of its 600 deliveries.
 */
function claiming({ limit, leaseMs, knownParts }: ClaimParameters, deleted?: SQL): SQL {
  const notDeleted = (id: SQL) => (deleted === undefined ? sql`TRUE` : sql`${id} NOT IN (${deleted})`);
  return sql`UPDATE fedify_messages AS m
      SET locked_until = now() + ${leaseMs} * interval '1 millisecond',
          attempts = m.attempts + 1
      WHERE m.id = ANY(ARRAY(
        SELECT c.id FROM fedify_messages AS c
        WHERE c.run_at <= now()
          AND (c.locked_until IS NULL OR c.locked_until < now())
          AND ${notDeleted(sql`c.id`)}
          AND (c.ordering_key IS NULL OR NOT EXISTS (
            SELECT 1 FROM fedify_messages AS p
            WHERE p.ordering_key = c.ordering_key AND p.id < c.id AND ${notDeleted(sql`p.id`)}))
        ORDER BY c.run_at, c.id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED))
      RETURNING m.id::text AS id, m.message AS own, m.attempts, m.shared_part_id::text AS "partId",
        CASE WHEN m.shared_part_id IS NULL OR m.shared_part_id = ANY(${knownParts}) THEN NULL
          ELSE (SELECT p.part FROM fedify_message_parts AS p WHERE p.id = m.shared_part_id) END AS part`;
}

/** Deletes handled messages, those still ours, and claims as `claiming` does. */
function finishing(parameters: FinishParameters): SQL {
  return sql`WITH deleted AS (
        DELETE FROM fedify_messages AS m
        WHERE m.id = ANY(${parameters.ids})
          AND (m.id, m.attempts) IN (SELECT * FROM unnest(${parameters.ids}, ${parameters.attempts}))
        RETURNING m.id)
      ${claiming(parameters, sql`SELECT id FROM deleted`)}`;
}

/** Claims up to `limit` due messages (see `claiming`), as one statement with bound parameters. */
export function claimStatement(limit: number, leaseMs: number, knownParts: readonly string[]): SQL {
  return claiming(boundParameters(limit, leaseMs, knownParts));
}

function boundParameters(limit: number, leaseMs: number, knownParts: readonly string[]): ClaimParameters {
  return {
    limit: sql`${limit}::int`,
    leaseMs: sql`${leaseMs}::double precision`,
    knownParts: sql`${arrayLiteral(knownParts.map(uuid))}::uuid[]`,
  };
}

const PREPARED_FINISH = "mycelium_finish_and_claim";
/** The PGlite databases that have the finishing statement prepared (one session each). */
const preparedIn = new WeakMap<Database, Promise<void>>();

/**
 * Deletes handled messages, those still ours, and claims up to `limit` due ones, in one
 * statement: a post to 600 inboxes took 600 deletes and 600 claims, one of each as each
 * delivery freed its place.
 *
 * On PGlite the statement is prepared once and run with `EXECUTE`: drizzle sends statements
 * unnamed, so PostgreSQL planned this one afresh each time, 2 of its 3.5 ms, on the process's
 * one thread (bench/results/README.md, "A prepared statement for the finishing rounds").
 * `EXECUTE` takes no bound parameters, so its arguments are written out, each checked to be a
 * number or a uuid. PostgreSQL runs on its own cores, and postgres.js prepares statements by
 * their text, which the arrays keep the same whatever the number of messages.
 */
export async function finishAndClaim(
  handle: DatabaseHandle,
  handled: readonly ClaimedMessage[],
  limit: number,
  leaseMs: number,
  knownParts: readonly string[],
): Promise<ClaimedRow[]> {
  const ids = arrayLiteral(handled.map(({ id }) => bigint(id)));
  const attempts = arrayLiteral(handled.map(({ attempts }) => integer(attempts)));
  if (handle.driver !== "pglite") {
    return queryRows<ClaimedRow>(
      handle.db,
      finishing({ ...boundParameters(limit, leaseMs, knownParts), ids: sql`${ids}::bigint[]`, attempts: sql`${attempts}::int[]` }),
    );
  }
  await prepareFinishing(handle.db);
  const knownLiteral = arrayLiteral(knownParts.map(uuid));
  return queryRows<ClaimedRow>(
    handle.db,
    sql.raw(`EXECUTE ${PREPARED_FINISH}('${ids}', '${attempts}', ${integer(limit)}, ${finite(leaseMs)}, '${knownLiteral}')`),
  );
}

function prepareFinishing(db: Database): Promise<void> {
  let prepared = preparedIn.get(db);
  if (prepared === undefined) {
    const placeholders = {
      ids: sql.raw("$1"),
      attempts: sql.raw("$2"),
      limit: sql.raw("$3"),
      leaseMs: sql.raw("$4"),
      knownParts: sql.raw("$5"),
    };
    prepared = db
      .execute(sql`PREPARE ${sql.raw(PREPARED_FINISH)} (bigint[], int[], int, double precision, uuid[]) AS ${finishing(placeholders)}`)
      .then(() => undefined);
    // One that failed is tried again by the next round, rather than failing every round.
    prepared.catch(() => preparedIn.delete(db));
    preparedIn.set(db, prepared);
  }
  return prepared;
}

/** A PostgreSQL array literal of values already checked to need no quoting. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.join(",")}}`;
}

function bigint(value: string): string {
  if (!/^\d{1,19}$/.test(value)) throw new TypeError(`Not a queue message id: ${value}`);
  return value;
}

function integer(value: number): string {
  if (!Number.isSafeInteger(value)) throw new TypeError(`Not an integer: ${value}`);
  return String(value);
}

function finite(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`Not a finite number: ${value}`);
  return String(value);
}

function uuid(value: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw new TypeError(`Not a uuid: ${value}`);
  return value;
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
