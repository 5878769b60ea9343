import { getLogger } from "@logtape/logtape";
import { sql } from "drizzle-orm";
import type { Rounds } from "../lib/rounds.ts";
import type { DatabaseHandle } from "./database.ts";
import { queryRows } from "./database.ts";
import { msFromNow } from "./queue-insert.ts";
import {
  type ClaimedMessage,
  type ClaimedRow,
  claimStatement,
  finishAndClaim,
  giveBackStatement,
  renewStatement,
  stillOurs,
} from "./queue-statements.ts";
import { SharedPartCache, sweepingParts } from "./shared-parts.ts";

const log = getLogger(["mycelium", "db", "queue"]);

export interface QueueClaimsOptions {
  leaseMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  /** The channel the queue's workers listen on: messages given back wake them. */
  channel: string;
}

/**
 * What one process does to the queue's rows it claims (db/message-queue.ts decides when):
 * claim them with a lease, renew the lease, delete them once handled, give back those it
 * never started, and put back for a later try those whose handler failed. It also remembers
 * what a post's messages share (db/shared-parts.ts): read once, and removed with the last
 * of them.
 */
export class QueueClaims {
  readonly #handle: DatabaseHandle;
  /** How long a claim holds a message, unless renewed. */
  readonly leaseMs: number;
  readonly #channel: string;
  readonly maxAttempts: number;
  readonly #retryBaseMs: number;
  /** Parts whose messages this process deleted: the next plain claim removes those left with none. */
  readonly #partsToSweep = new Set<string>();
  /** Whether a claim has looked at every part yet: one left by a worker that died is found then. */
  #sweptAll = false;
  /** The parts of messages claimed lately, read once each. */
  readonly #parts = new SharedPartCache();

  constructor(handle: DatabaseHandle, options: QueueClaimsOptions) {
    this.#handle = handle;
    this.leaseMs = options.leaseMs;
    this.#channel = options.channel;
    this.maxAttempts = options.maxAttempts;
    this.#retryBaseMs = options.retryBaseMs;
  }

  /**
   * Deletes the handled messages and claims up to `limit` due ones in their place, in one
   * statement (see `finishAndClaim`).
   */
  async finishAndClaim(handled: readonly ClaimedMessage[], limit: number): Promise<ClaimedMessage[]> {
    return this.#messagesOf(await finishAndClaim(this.#handle, handled, limit, this.leaseMs, this.#parts.known()));
  }

  /** The claimed messages, or null when the claim failed (logged; what is due is then unknown). */
  async claimSafely(limit: number): Promise<ClaimedMessage[] | null> {
    try {
      return await this.#claim(limit);
    } catch (error) {
      log.error("Could not read the queue: {error}", { error });
      return null;
    }
  }

  /**
   * Claims up to `limit` due messages in one round trip (see `claimStatement`). It also removes
   * the shared parts whose messages this process deleted, if none is left (see
   * db/shared-parts.ts), and the first time, every part without messages.
   */
  async #claim(limit: number): Promise<ClaimedMessage[]> {
    const parts = [...this.#partsToSweep];
    const claim = claimStatement(limit, this.leaseMs, this.#parts.known());
    const sweep = this.#sweptAll ? (parts.length > 0 ? sweepingParts(parts) : null) : sweepingParts("all");
    const claimed = await queryRows<ClaimedRow>(this.#handle.db, sweep === null ? claim : sql`WITH ${sweep} ${claim}`);
    for (const id of parts) this.#partsToSweep.delete(id);
    this.#sweptAll = true;
    return this.#messagesOf(claimed);
  }

  /**
   * The messages of claimed rows, in the order they were queued, which is the order a worker
   * starts them in: the claim picks the oldest due messages, but an UPDATE returns its rows in
   * the order it met them in the table, where a row written again (given back, retried) lies
   * after newer ones.
   */
  #messagesOf(rows: ClaimedRow[]): Promise<ClaimedMessage[]> {
    // Ids are bigints as text, without leading zeros: the shorter is the smaller.
    rows.sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return this.#parts.complete(this.#handle.db, rows);
  }

  /**
   * Deletes a handled message in the next of the `finishing` rounds, which also claims what
   * takes its place. Resolves to whether that round went through.
   */
  async finish(claimed: ClaimedMessage, finishing: Rounds<ClaimedMessage, void>): Promise<boolean> {
    // Handled: never released for another try, whatever happens to the statement that finishes it.
    this.#deleted(claimed);
    try {
      await finishing.join(claimed);
      return true;
    } catch (error) {
      // That statement also claims; the delete alone may still go through.
      log.warn("Could not finish message {id}; deleting it alone: {error}", { id: claimed.id, error });
      await this.#handle.db.execute(sql`DELETE FROM fedify_messages WHERE ${stillOurs(claimed)}`).catch((deleteError: unknown) =>
        log.error("Could not delete handled message {id}; it runs again once its lease ends: {error}", {
          id: claimed.id,
          error: deleteError,
        }),
      );
      return false;
    }
  }

  /** Extends the leases of the messages a worker holds, in one statement. */
  async renew(held: readonly ClaimedMessage[]): Promise<void> {
    if (held.length === 0) return;
    await this.#handle.db
      .execute(renewStatement(held, this.leaseMs))
      .catch((error: unknown) => log.warn("Could not renew the leases of {count} messages: {error}", { count: held.length, error }));
  }

  /**
   * Gives back messages claimed ahead and never started, as if they had not been claimed, and
   * wakes the other workers for them. Should that fail, their leases run out instead.
   */
  async giveBack(unstarted: readonly ClaimedMessage[]): Promise<void> {
    if (unstarted.length === 0) return;
    await this.#handle.db
      .execute(giveBackStatement(unstarted, this.#channel))
      .catch((error: unknown) => log.warn("Could not give back {count} messages: {error}", { count: unstarted.length, error }));
  }

  /** Remembers the part of a message deleted (or about to be), for the next claim to remove if it was the last. */
  #deleted(claimed: ClaimedMessage): void {
    if (claimed.partId !== null) this.#partsToSweep.add(claimed.partId);
  }

  /**
   * A handler that throws gets its message back after a growing delay, up to maxAttempts.
   * Never throws: should the statement fail, the lease runs out and the message runs again.
   */
  async release(claimed: ClaimedMessage, error: unknown): Promise<void> {
    const { id, attempts } = claimed;
    const dropping = attempts >= this.maxAttempts;
    const backoffMs = Math.min(2 ** attempts * this.#retryBaseMs, 3_600_000);
    if (dropping) {
      log.error("Dropping message {id} after {attempts} failed attempts: {error}", { id, attempts, error });
      this.#deleted(claimed);
    } else log.warn("Message {id} failed (attempt {attempts}); retrying in {backoffMs} ms: {error}", { id, attempts, backoffMs, error });
    try {
      await this.#handle.db.execute(
        dropping
          ? sql`DELETE FROM fedify_messages WHERE ${stillOurs(claimed)}`
          : sql`UPDATE fedify_messages SET locked_until = NULL, run_at = ${msFromNow(backoffMs)} WHERE ${stillOurs(claimed)}`,
      );
    } catch (releaseError) {
      log.error("Could not release message {id}: {error}", { id, error: releaseError });
    }
  }
}
