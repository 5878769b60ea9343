import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { queryRows } from "../database.ts";
import { notificationDeliveries, notifications } from "../schema/index.ts";

/** A held e-mail whose member's digest time has come. */
export interface DueHeldRow {
  notificationId: string;
  recipientId: string;
  timeZone: string | null;
  quietStart: number | null;
  quietEnd: number | null;
}

/**
 * Locks every held e-mail that is due by `now`, for at most `members` members at a time
 * (all of a member's at once, so one digest carries them all). Another worker skips them.
 */
export function lockDueHeldEmails(db: Database, now: Date, members: number): Promise<DueHeldRow[]> {
  const at = now.toISOString();
  return queryRows<DueHeldRow>(
    db,
    sql`SELECT d.notification_id AS "notificationId", d.recipient_id AS "recipientId",
               m.time_zone AS "timeZone", m.quiet_start AS "quietStart", m.quiet_end AS "quietEnd"
        FROM notification_deliveries d JOIN members m ON m.id = d.recipient_id
        WHERE d.status = 'held' AND d.channel = 'email' AND d.next_attempt_at <= ${at}::timestamptz
          AND d.recipient_id IN (
            SELECT DISTINCT recipient_id FROM notification_deliveries
            WHERE status = 'held' AND channel = 'email' AND next_attempt_at <= ${at}::timestamptz
            LIMIT ${members})
        ORDER BY d.recipient_id
        FOR UPDATE OF d SKIP LOCKED`,
  );
}

/** Marks held e-mails as carried by a digest (they are never sent on their own). */
export async function markDigested(db: Database, notificationIds: string[], digestId: string): Promise<void> {
  await db
    .update(notificationDeliveries)
    .set({ status: "digested", digestId, result: "in a digest", updatedAt: sql`now()` })
    .where(and(eq(notificationDeliveries.channel, "email"), inArray(notificationDeliveries.notificationId, notificationIds)));
}

/** The notices a digest carries, oldest first. */
export function listDigestItems(db: Database, digestId: string) {
  return db
    .select({ kind: notifications.kind, params: notifications.params, url: notifications.url, createdAt: notifications.createdAt })
    .from(notificationDeliveries)
    .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
    .where(and(eq(notificationDeliveries.digestId, digestId), eq(notificationDeliveries.channel, "email")))
    .orderBy(asc(notifications.createdAt), asc(notifications.id));
}
