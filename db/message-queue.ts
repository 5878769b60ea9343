import type { MessageQueue, MessageQueueDepth, MessageQueueEnqueueOptions, MessageQueueListenOptions } from "@fedify/fedify";
import { Rounds } from "../lib/rounds.ts";
import type { DatabaseHandle } from "./database.ts";
import { QueueClaims } from "./queue-claims.ts";
import { type QueuedCall, TickWrites } from "./queue-insert.ts";
import { type ClaimedMessage, dueCount, queueDepth } from "./queue-statements.ts";
import { executorFor } from "./transaction.ts";

/**
 * On PGlite a finished message waits this long for others to share its statement. Planning
 * that statement costs 1-2 ms of the process's one thread each time (drizzle sends it unnamed),
 * and deliveries finish a few milliseconds apart, so each paid it alone: 621 statements for
 * 620 deliveries of a post. A message delivered but not yet deleted goes again if the process
 * is killed meanwhile, as it did in the statement's own time; receivers drop a repeated activity.
 */
const PGLITE_FINISH_GATHER_MS = 15;
const CHANNEL = "mycelium_queue";

export interface DatabaseMessageQueueOptions {
  /** How long a claimed message stays reserved to its worker; renewed while the worker holds it. */
  leaseMs?: number;
  /** How often an idle worker looks for due messages when no notification arrives. */
  pollIntervalMs?: number;
  /** How many messages one process handles at once. */
  concurrency?: number;
  /**
   * How many messages a worker claims beyond those it handles, so that a place freed is
   * filled at once rather than after the statement that deletes the message it held.
   */
  claimAhead?: number;
  /**
   * How long a message claimed ahead may wait for a place before it goes back to the queue,
   * for a worker with room. Tests shorten it.
   */
  giveBackAfterMs?: number;
  /** The first retry's delay; each further one doubles it, up to an hour. Tests shorten it. */
  retryBaseMs?: number;
  /**
   * After this many failed tries a message is dropped (and logged), so it cannot block
   * forever. With the backoff (2 s doubling, at most an hour) 20 tries span about 13 hours:
   * a sibling that is down for an afternoon still gets its deliveries.
   */
  maxAttempts?: number;
  /** Runs around the handling of every message (e.g. to count and time it, for metrics); must call `handle`. */
  instrument?: (message: unknown, handle: () => Promise<void>) => Promise<void>;
}

/**
 * Fedify's message queue in our own database, on PGlite and PostgreSQL alike.
 *
 * - Enqueuing goes through the transaction open in the caller's context (see
 *   db/transaction.ts), so a message commits with the change that caused it.
 * - A worker claims as many due messages as it has room for, in one statement, with `FOR
 *   UPDATE SKIP LOCKED` and a lease on each; two workers never get the same message while its
 *   lease runs. The row is deleted once handled, in the statement that claims what takes its
 *   place. If the worker dies, the lease runs out and another worker takes the message again.
 * - Its room is its concurrency and as many again claimed ahead, so that a place freed starts
 *   the next message at once, not after that statement (on PGlite, up to 15 ms later, see
 *   PGLITE_FINISH_GATHER_MS). One left waiting for long is given back to other workers.
 * - A message with an ordering key waits until every older message with the same key is
 *   gone, so those are handled one at a time, in order.
 * - Workers sleep until a NOTIFY (sent on commit) or the poll interval wakes them.
 */
export class DatabaseMessageQueue implements MessageQueue {
  // Retries are ours (see QueueClaims.release): a failed message keeps its row, and so its place
  // before later messages with the same ordering key. Were Fedify to retry, it would
  // enqueue a new row behind them, and an Update could overtake the Create it follows.
  readonly nativeRetrial = true;
  readonly #handle: DatabaseHandle;
  readonly #pollIntervalMs: number;
  readonly #concurrency: number;
  readonly #claimAhead: number;
  readonly #giveBackAfterMs: number;
  readonly #instrument: NonNullable<DatabaseMessageQueueOptions["instrument"]>;
  readonly #tickWrites = new TickWrites(CHANNEL);
  readonly #claims: QueueClaims;
  /** Woken each time this process finishes a message, so `whenIdle` looks again at once. */
  readonly #onHandled = new Set<() => void>();
  /** How many messages this process has finished: one finished while `whenIdle` looked is not missed. */
  #handledCount = 0;
  constructor(handle: DatabaseHandle, options: DatabaseMessageQueueOptions = {}) {
    this.#handle = handle;
    this.#pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.#concurrency = options.concurrency ?? 4;
    this.#claimAhead = options.claimAhead ?? this.#concurrency;
    this.#giveBackAfterMs = options.giveBackAfterMs ?? 2_000;
    this.#claims = new QueueClaims(handle, {
      leaseMs: options.leaseMs ?? 60_000,
      maxAttempts: options.maxAttempts ?? 20,
      retryBaseMs: options.retryBaseMs ?? 1_000,
      channel: CHANNEL,
    });
    this.#instrument = options.instrument ?? ((_, handle) => handle());
  }

  /**
   * Fedify queues a delivery per inbox with one `enqueue` call each, all in the same tick
   * (it cannot use `enqueueMany` when there is an ordering key). Calls made in one tick on
   * one executor (the same transaction, or none) are written together: one statement that
   * inserts and notifies, for a post to 600 inboxes, instead of 1,200. Each call still resolves
   * only once its row is written, and rows keep the order of the calls. What the messages of
   * one such statement share is stored once (db/shared-parts.ts).
   */
  enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    return this.enqueueMany([message], options);
  }

  // Async, so that a bad message rejects rather than throws; it runs up to the `await` in the
  // same tick as the call, so its rows join that tick's batch.
  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    if (messages.length === 0) return;
    const delayMs = options?.delay?.total({ unit: "millisecond" }) ?? 0;
    if (delayMs < 0) throw new RangeError("A message's delay must not be negative.");
    const call: QueuedCall = { messages, orderingKey: options?.orderingKey ?? null, delayMs };
    await this.#tickWrites.write(executorFor(this.#handle.db), call);
  }

  getDepth(): Promise<MessageQueueDepth> {
    return queueDepth(this.#handle.db);
  }

  /**
   * Whether no message is due or being handled, by this process or any other on the same
   * database. Messages that wait for later do not count: delayed ones, retries after a
   * failure, and those queued behind one of these with the same ordering key.
   */
  async isIdle(): Promise<boolean> {
    return (await dueCount(this.#handle.db)) === 0;
  }

  /**
   * Resolves once the queue is idle (see `isIdle`). It looks again whenever this process
   * finishes a message, and every poll interval for work that other processes finish.
   * Tests wait on it before checking that something did not happen.
   */
  async whenIdle(): Promise<void> {
    for (;;) {
      const handledBefore = this.#handledCount;
      if (await this.isIdle()) return;
      // A message finished while the query ran (which may have seen it still there): look again now.
      if (this.#handledCount !== handledBefore) continue;
      await new Promise<void>((resolve) => {
        const lookAgain = () => {
          clearTimeout(timer);
          this.#onHandled.delete(lookAgain);
          resolve();
        };
        const timer = setTimeout(lookAgain, this.#pollIntervalMs);
        this.#onHandled.add(lookAgain);
      });
    }
  }

  // biome-ignore lint/suspicious/noExplicitAny: the handler's type is Fedify's MessageQueue interface, which takes any message.
  async listen(handler: (message: any) => Promise<void> | void, options?: MessageQueueListenOptions): Promise<void> {
    const signal = options?.signal;
    if (signal?.aborted) return;
    // `woken` remembers a notification that arrives while we are busy claiming, so it is
    // not lost between the claim and the sleep.
    let woken = false;
    let wake: (() => void) | undefined;
    const wakeUp = () => {
      woken = true;
      wake?.();
    };
    const stopListening = await this.#handle.listen(CHANNEL, wakeUp);
    signal?.addEventListener("abort", wakeUp);
    // Every message claimed and not yet deleted or given back: its lease is ours to renew.
    const held = new Map<string, ClaimedMessage>();
    // Claimed ahead, not started, oldest first: a place freed is filled from here at once.
    const waiting: { message: ClaimedMessage; since: number }[] = [];
    // A message retried at once may be claimed again before its first claim is let go.
    const letGo = (message: ClaimedMessage) => held.get(message.id) === message && held.delete(message.id);
    const tasks = new Set<Promise<void>>();
    let handling = 0;
    // Places promised to claims in flight: the main loop's and a round's may run at once.
    let claiming = 0;
    const room = (freed = 0) => Math.max(0, this.#concurrency + this.#claimAhead - held.size + freed - claiming);
    const claimUpTo = async <T>(limit: number, claim: () => Promise<T>): Promise<T> => {
      claiming += limit;
      try {
        return await claim();
      } finally {
        claiming -= limit;
      }
    };
    // Statements that timers start, awaited before `listen` returns and the database may close.
    const background = new Set<Promise<void>>();
    const inBackground = (statement: Promise<void>) => {
      background.add(statement);
      void statement.finally(() => background.delete(statement));
    };
    const renew = setInterval(() => inBackground(this.#claims.renew([...held.values()])), this.#claims.leaseMs / 3);
    const finishing = new Rounds<ClaimedMessage, void>(
      async (handled) => {
        // Its own messages are about to go: their places count as free.
        const limit = signal?.aborted ? 0 : room(handled.length);
        take(await claimUpTo(limit, () => this.#claims.finishAndClaim(handled, limit)));
      },
      { gatherMs: () => (this.#handle.driver === "pglite" && handling > 0 ? PGLITE_FINISH_GATHER_MS : 0) },
    );
    const giveBack = async (olderThan: number) => {
      const given = waiting.filter(({ since }) => since <= olderThan);
      waiting.splice(0, given.length);
      for (const { message } of given) letGo(message);
      await this.#claims.giveBack(given.map(({ message }) => message));
    };
    // Messages that wait long are given back: every place is held by slow servers, and another
    // worker may have room for them. Not claimed again by this one until a place is free.
    let givingBack: ReturnType<typeof setTimeout> | undefined;
    const giveBackLater = () => {
      // A stopping worker gives back all it has not started itself (below).
      if (signal?.aborted) return;
      givingBack ??= setTimeout(() => {
        givingBack = undefined;
        const givenBack = giveBack(performance.now() - this.#giveBackAfterMs);
        inBackground(givenBack.then(() => (waiting.length > 0 ? giveBackLater() : undefined)));
      }, this.#giveBackAfterMs);
    };
    const take = (claimed: readonly ClaimedMessage[]) => {
      const since = performance.now();
      for (const message of claimed) {
        held.set(message.id, message);
        waiting.push({ message, since });
      }
      fillPlaces();
    };
    const fillPlaces = () => {
      while (handling < this.#concurrency && waiting.length > 0 && !signal?.aborted) start(waiting.shift()!.message);
      if (waiting.length > 0) giveBackLater();
    };
    const start = (message: ClaimedMessage) => {
      handling++;
      const task = this.#work(message, handler).then(async (handled) => {
        handling--;
        fillPlaces();
        const refilled = handled && (await this.#claims.finish(message, finishing));
        letGo(message);
        tasks.delete(task);
        // A message that was not finished (it failed, or its statement did) left its place
        // empty, with no claim made for it: claim now.
        if (!refilled) wakeUp();
        this.#handledCount++;
        for (const lookAgain of this.#onHandled) lookAgain();
      });
      tasks.add(task);
    };
    try {
      while (!signal?.aborted) {
        woken = false;
        // With every place taken, nothing is claimed ahead here: only as places free (above).
        const free = handling < this.#concurrency ? room() : 0;
        const claimed = free > 0 ? await claimUpTo(free, () => this.#claims.claimSafely(free)) : [];
        take(claimed ?? []);
        // A claim that filled every free place may have left due messages: claim again. One that
        // took fewer took everything due then, and a message queued since sends a notification.
        if (free > 0 && claimed !== null && claimed.length >= free) continue;
        if (woken) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.#pollIntervalMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
      // Hand back what was claimed ahead, so other workers take it now; let what is in flight
      // finish (graceful shutdown) before the database closes.
      await giveBack(Number.POSITIVE_INFINITY);
      while (tasks.size > 0) await Promise.allSettled([...tasks]);
      await giveBack(Number.POSITIVE_INFINITY);
    } finally {
      clearInterval(renew);
      clearTimeout(givingBack);
      await Promise.allSettled([...background]);
      signal?.removeEventListener("abort", wakeUp);
      await stopListening().catch(() => {});
    }
  }

  /**
   * Handles a claimed message; a handler that throws gets it back later (QueueClaims.release). Resolves
   * to whether it was handled, and so is to be finished.
   */
  async #work(
    claimed: ClaimedMessage,
    // biome-ignore lint/suspicious/noExplicitAny: the handler's type is Fedify's MessageQueue interface, which takes any message.
    handler: (message: any) => Promise<void> | void,
  ): Promise<boolean> {
    // Claimed too often without finishing: it keeps killing its worker. Give up on it. (A worker
    // that died counted a claim for what it had claimed ahead too.)
    if (claimed.attempts > this.#claims.maxAttempts) {
      await this.#claims.release(claimed, new Error("its worker stopped while handling it, too many times"));
      return false;
    }
    try {
      await this.#instrument(claimed.message, async () => await handler(claimed.message));
      return true;
    } catch (error) {
      await this.#claims.release(claimed, error);
      return false;
    }
  }
}
