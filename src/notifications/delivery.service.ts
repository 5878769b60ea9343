import type { Database, DatabaseHandle } from "../../db/database.ts";
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  type DeliveryOutcome,
  type FinishedDelivery,
  finishDeliveries,
  markStaleDeliveriesUnconfirmed,
} from "../../db/queries/notification-deliveries.ts";
import type { DeliveryChannel } from "../../db/queries/notifications.ts";
import { logger } from "../logging.ts";
import { DELIVERY_CHANNEL_NAME } from "./notification.service.ts";

const log = logger("notifications", "delivery");

/** How a channel (e-mail, push) failed to hand a notice over. */
export class DeliveryFailure extends Error {
  override name = "DeliveryFailure";
  /** Permanent: retrying cannot help (e.g. SMTP 5xx, push 404/410). */
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.permanent = permanent;
  }
}

/** What a channel answers when it handed the notice over, or why it did not try. */
export type ChannelOutcome = { sent: string } | { skipped: string } | { later: string; inMs: number };

/** A way to reach members. `send` throws {@link DeliveryFailure} when the other side refuses. */
export interface ChannelSender {
  send(delivery: ClaimedDelivery): Promise<ChannelOutcome>;
  /** Called after a permanent failure, e.g. to mark an address failing. */
  failedForGood?(delivery: ClaimedDelivery, failure: DeliveryFailure): Promise<void>;
}

export interface DeliveryOptions {
  /** The first retry's delay; each further one doubles it, up to an hour. */
  retryBaseMs?: number;
  maxAttempts?: number;
  /** A delivery `sending` for longer than this was being sent when its worker stopped. */
  staleMs?: number;
  batchSize?: number;
  /** The time deliveries come due by (tests move it); the database's own clock still stamps rows. */
  clock?: () => Date;
  /** Other durable sends the same workers make when woken (texts to people without an account). */
  others?: readonly DueWork[];
  /** Runs the sending of each claimed batch (the instance reads shared settings once per batch through it). */
  aroundBatch?: <T>(send: () => Promise<T>) => Promise<T>;
}

/** Something the delivery workers send when it comes due; resolves to how many it handled. */
export interface DueWork {
  deliverDue(): Promise<number>;
}

/**
 * Sends what the notifier wrote, on the workers. Each delivery is claimed (`sending`) and
 * committed before it is handed over, and its answer recorded after, with those of its batch:
 * a worker that stops in between leaves it `sending`, and it becomes `unconfirmed`, never sent
 * a second time.
 */
export class DeliveryService {
  readonly #db: Database;
  readonly #channels: Partial<Record<DeliveryChannel, ChannelSender>>;
  readonly #retryBaseMs: number;
  readonly #maxAttempts: number;
  readonly #staleMs: number;
  readonly #batchSize: number;
  readonly #clock: () => Date;
  readonly #others: readonly DueWork[];
  readonly #aroundBatch: NonNullable<DeliveryOptions["aroundBatch"]>;

  constructor(db: Database, channels: Partial<Record<DeliveryChannel, ChannelSender>>, options: DeliveryOptions = {}) {
    this.#db = db;
    this.#channels = channels;
    this.#retryBaseMs = options.retryBaseMs ?? 30_000;
    this.#maxAttempts = options.maxAttempts ?? 8;
    this.#staleMs = options.staleMs ?? 10 * 60_000;
    this.#batchSize = options.batchSize ?? 50;
    this.#clock = options.clock ?? (() => new Date());
    this.#others = options.others ?? [];
    this.#aroundBatch = options.aroundBatch ?? ((send) => send());
  }

  /** Sends what is due, batch after batch; resolves to how many deliveries it handled. */
  async deliverDue(): Promise<number> {
    const stale = await markStaleDeliveriesUnconfirmed(this.#db, this.#staleMs);
    if (stale > 0) log.warn("{count} deliveries were interrupted after being handed over; they are not sent again", { count: stale });
    let handled = 0;
    for (const work of this.#others) handled += await work.deliverDue();
    for (;;) {
      const batch = await claimDueDeliveries(this.#db, this.#batchSize, this.#clock());
      if (batch.length === 0) return handled;
      // How each ended is recorded for the whole batch in one statement once all of it is handed
      // over: a statement per message took 0.8 ms each of PGlite's single connection.
      const finished = await this.#aroundBatch(() => Promise.all(batch.map((delivery) => this.#deliver(delivery))));
      await finishDeliveries(this.#db, finished);
      handled += batch.length;
    }
  }

  /** Hands the delivery over; resolves to how it ended, to record with its batch's. */
  async #deliver(delivery: ClaimedDelivery): Promise<FinishedDelivery> {
    const key = { notificationId: delivery.notificationId, channel: delivery.channel };
    const ended = (outcome: DeliveryOutcome): FinishedDelivery => ({ key, outcome });
    const channel = this.#channels[delivery.channel];
    if (channel === undefined) return ended({ status: "skipped", result: `the ${delivery.channel} channel is off` });
    let outcome: ChannelOutcome;
    try {
      outcome = await channel.send(delivery);
    } catch (error) {
      const failure = error instanceof DeliveryFailure ? error : new DeliveryFailure(String(error), false);
      if (failure.permanent || delivery.attempts >= this.#maxAttempts) {
        log.warn("A {channel} delivery failed for good: {result}", { channel: delivery.channel, result: failure.message });
        // Its batch's answers are still recorded should this fail.
        if (failure.permanent) {
          await channel
            .failedForGood?.(delivery, failure)
            ?.catch((error: unknown) => log.error("Could not act on a {channel} refusal: {error}", { channel: delivery.channel, error }));
        }
        return ended({ status: "failed", result: failure.message });
      }
      const retryInMs = Math.min(2 ** (delivery.attempts - 1) * this.#retryBaseMs, 3_600_000);
      return ended({ status: "pending", result: failure.message, nextAttemptAt: this.#after(retryInMs) });
    }
    if ("sent" in outcome) return ended({ status: "sent", result: outcome.sent });
    if ("skipped" in outcome) return ended({ status: "skipped", result: outcome.skipped });
    return ended({ status: "pending", result: outcome.later, nextAttemptAt: this.#after(outcome.inMs) });
  }

  #after(ms: number): Date {
    return new Date(this.#clock().getTime() + ms);
  }
}

/**
 * Runs deliveries on a worker until `signal` aborts: woken by the notifier's NOTIFY on
 * commit, and every `pollMs` for retries that come due.
 */
export async function runDeliveryWorker(
  handle: DatabaseHandle,
  deliveries: DeliveryService,
  signal: AbortSignal,
  pollMs: number,
): Promise<void> {
  let wake: (() => void) | undefined;
  let woken = false;
  const wakeUp = () => {
    woken = true;
    wake?.();
  };
  const stopListening = await handle.listen(DELIVERY_CHANNEL_NAME, wakeUp);
  signal.addEventListener("abort", wakeUp);
  try {
    while (!signal.aborted) {
      woken = false;
      await deliveries.deliverDue().catch((error: unknown) => log.error("Could not send notifications: {error}", { error }));
      if (woken || signal.aborted) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } finally {
    signal.removeEventListener("abort", wakeUp);
    await stopListening().catch(() => {});
  }
}
