import { sql } from "drizzle-orm";
import type { Database } from "../../db/database.ts";
import { lockDueHeldEmails, markDigested } from "../../db/queries/digests.ts";
import { insertNotifications } from "../../db/queries/notifications.ts";
import { inTransaction } from "../../db/transaction.ts";
import { logger } from "../logging.ts";
import { quietHoursOf } from "./delivery-plan.ts";
import { DELIVERY_CHANNEL_NAME } from "./notification.service.ts";
import { networkTimeZone, quietUntil } from "./timing.ts";

const log = logger("notifications", "digest");

/** The kind of the notice that stands for a digest e-mail; it is never shown in the app. */
export const DIGEST_KIND = "digest";
/** Members whose digests one transaction gathers. */
const MEMBERS_PER_PASS = 200;

/**
 * Digests: e-mails held for a member's daily or weekly digest are gathered, once their time
 * has come, into one notice of kind `digest` with one e-mail delivery, in the transaction
 * that marks them digested. That delivery is sent like any other (claimed before it is
 * handed over), so a digest goes out once, and a held e-mail is in exactly one digest.
 */
export class DigestService {
  readonly #db: Database;
  readonly #clock: () => Date;

  constructor(db: Database, deps: { clock?: () => Date } = {}) {
    this.#db = db;
    this.#clock = deps.clock ?? (() => new Date());
  }

  /** Gathers every digest that is due (run periodically by the workers); resolves to how many were made. */
  async gatherDue(): Promise<number> {
    let made = 0;
    for (;;) {
      const count = await this.#gatherSome();
      if (count === 0) break;
      made += count;
    }
    if (made > 0) log.info("Gathered {count} digests", { count: made });
    return made;
  }

  async #gatherSome(): Promise<number> {
    const now = this.#clock();
    const zone = networkTimeZone();
    return inTransaction(this.#db, async (tx) => {
      const held = await lockDueHeldEmails(tx, now, MEMBERS_PER_PASS);
      const byMember = new Map<string, typeof held>();
      for (const row of held) byMember.set(row.recipientId, [...(byMember.get(row.recipientId) ?? []), row]);
      for (const [memberId, rows] of byMember) {
        const member = rows[0]!;
        const due = quietUntil(now, member.timeZone ?? zone, quietHoursOf(member)) ?? now;
        const ids = await insertNotifications(
          tx,
          {
            recipients: [{ id: memberId, inApp: false }],
            kind: DIGEST_KIND,
            subjectId: `digest:${now.toISOString()}`,
            url: "/notifications",
            params: { count: String(rows.length) },
          },
          () => [{ channel: "email", status: "pending", nextAttemptAt: due }],
        );
        await markDigested(
          tx,
          rows.map((row) => row.notificationId),
          ids.get(memberId)!,
        );
      }
      if (byMember.size > 0) await tx.execute(sql`SELECT pg_notify(${DELIVERY_CHANNEL_NAME}, '')`);
      return byMember.size;
    });
  }
}
