import { sql } from "drizzle-orm";
import type { Database } from "../../db/database.ts";
import {
  type ClaimedSmsNotice,
  claimDueSmsNotices,
  finishSmsNotice,
  insertSmsNotices,
  markStaleSmsNoticesUnconfirmed,
} from "../../db/queries/sms-notices.ts";
import { logger } from "../logging.ts";
import type { DueWork } from "../notifications/delivery.service.ts";
import { DELIVERY_CHANNEL_NAME } from "../notifications/notification.service.ts";
import type { ContactNotice, ContactNotifier } from "../notifications/ports.ts";
import type { SmsConversationService } from "./sms-conversation.service.ts";

const log = logger("sms", "notices");

export interface SmsNoticeOptions {
  /** The first retry's delay; each further one doubles it, up to an hour. */
  retryBaseMs?: number;
  maxAttempts?: number;
  /** A text `sending` for longer than this was being sent when its worker stopped. */
  staleMs?: number;
  clock?: () => Date;
}

/**
 * Texts to people known only by phone about their post's match (found help, the handover's
 * window, cancelled). The matching writes them in its own transaction (this is its
 * {@link ContactNotifier}); the workers send them (this is one of their {@link DueWork}s).
 * Each is claimed and committed before the provider is called, and its answer recorded
 * after: a worker that stops in between leaves it unconfirmed, never texted twice.
 */
export class SmsNoticeService implements ContactNotifier, DueWork {
  readonly #db: Database;
  readonly #sms: SmsConversationService | null;
  readonly #retryBaseMs: number;
  readonly #maxAttempts: number;
  readonly #staleMs: number;
  readonly #clock: () => Date;

  constructor(db: Database, sms: SmsConversationService | null, options: SmsNoticeOptions = {}) {
    this.#db = db;
    this.#sms = sms;
    this.#retryBaseMs = options.retryBaseMs ?? 30_000;
    this.#maxAttempts = options.maxAttempts ?? 8;
    this.#staleMs = options.staleMs ?? 10 * 60_000;
    this.#clock = options.clock ?? (() => new Date());
  }

  async notifyContacts(tx: Database, postIds: readonly string[], notice: ContactNotice): Promise<void> {
    const window = notice.event === "scheduled" ? notice.window : null;
    const written = await insertSmsNotices(
      tx,
      postIds,
      { event: notice.event, windowStart: window?.from ?? null, windowEnd: window?.to ?? null },
      this.#clock(),
    );
    // Wakes the workers once this transaction commits.
    if (written > 0) await tx.execute(sql`SELECT pg_notify(${DELIVERY_CHANNEL_NAME}, '')`);
  }

  async deliverDue(): Promise<number> {
    const stale = await markStaleSmsNoticesUnconfirmed(this.#db, this.#staleMs);
    if (stale > 0) log.warn("{count} texts were interrupted after being handed over; they are not sent again", { count: stale });
    let handled = 0;
    for (;;) {
      const batch = await claimDueSmsNotices(this.#db, 20, this.#clock());
      if (batch.length === 0) return handled;
      for (const notice of batch) await this.#send(notice);
      handled += batch.length;
    }
  }

  async #send(notice: ClaimedSmsNotice): Promise<void> {
    if (this.#sms === null) {
      await finishSmsNotice(this.#db, notice.id, { status: "skipped", result: "SMS is off (SMS_PROVIDER is not set)" });
      return;
    }
    const told = await this.#sms.tellAboutPost(
      notice.postId,
      notice.event === "scheduled"
        ? { event: "scheduled", window: { from: notice.windowStart!, to: notice.windowEnd! } }
        : { event: notice.event },
    );
    if (told === "sent") await finishSmsNotice(this.#db, notice.id, { status: "sent", result: "handed to the provider" });
    else if (told === "stopped") await finishSmsNotice(this.#db, notice.id, { status: "skipped", result: "the number sent STOP" });
    else if (told === "not_sms") await finishSmsNotice(this.#db, notice.id, { status: "skipped", result: "not an SMS post" });
    else if (notice.attempts >= this.#maxAttempts) {
      log.warn("A text about a post failed for good");
      await finishSmsNotice(this.#db, notice.id, { status: "failed", result: "the provider refused it; see sms status" });
    } else {
      const retryInMs = Math.min(2 ** (notice.attempts - 1) * this.#retryBaseMs, 3_600_000);
      await finishSmsNotice(this.#db, notice.id, {
        status: "pending",
        result: "the provider refused it; trying again",
        nextAttemptAt: new Date(this.#clock().getTime() + retryInMs),
      });
    }
  }
}
