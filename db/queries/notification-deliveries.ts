import { and, count, desc, eq, or, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { queryRows } from "../database.ts";
import { members, notificationDeliveries, notifications } from "../schema/index.ts";
import type { DeliveryChannel } from "./notifications.ts";

// Deliveries of notices by e-mail and push: claiming the due ones, recording how each ended, and the caps and lists built on them.

/** A delivery claimed for sending, with what is needed to send it. */
export interface ClaimedDelivery {
  notificationId: string;
  channel: DeliveryChannel;
  attempts: number;
  recipientId: string;
  kind: string;
  url: string;
  params: Record<string, string>;
  email: string | null;
  emailReady: boolean;
  language: string | null;
  timeZone: string | null;
}

/**
 * Claims due deliveries and marks them `sending` in a statement of its own, which commits
 * before anything is sent: should the worker stop after handing one over, the row says so.
 */
export async function claimDueDeliveries(db: Database, limit: number, now: Date): Promise<ClaimedDelivery[]> {
  const rows = await queryRows<ClaimedDelivery & { params: unknown }>(
    db,
    sql`WITH due AS (
          SELECT notification_id, channel FROM notification_deliveries
          WHERE status = 'pending' AND next_attempt_at <= ${now.toISOString()}::timestamptz
          ORDER BY next_attempt_at
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        ), claimed AS (
          UPDATE notification_deliveries AS d
          SET status = 'sending', attempts = d.attempts + 1, updated_at = now()
          FROM due WHERE d.notification_id = due.notification_id AND d.channel = due.channel
          RETURNING d.notification_id, d.channel, d.attempts
        )
        SELECT c.notification_id AS "notificationId", c.channel, c.attempts,
               n.recipient_id AS "recipientId", n.kind, n.url, n.params,
               m.email, (m.email_verified_at IS NOT NULL AND m.email_failing_at IS NULL) AS "emailReady",
               m.language, m.time_zone AS "timeZone"
        FROM claimed c
        JOIN notifications n ON n.id = c.notification_id
        JOIN members m ON m.id = n.recipient_id`,
  );
  return rows.map((row) => ({
    ...row,
    params: (typeof row.params === "string" ? JSON.parse(row.params) : row.params) as Record<string, string>,
  }));
}

/** How a claimed delivery (a notification's, or a text about a post) ended. */
export interface DeliveryOutcome {
  status: "sent" | "failed" | "skipped" | "pending";
  /** The provider's answer or the error, kept to 300 characters. */
  result: string;
  /** When a `pending` one is tried again. */
  nextAttemptAt?: Date;
}

/** The columns a delivery's outcome sets, in either table of deliveries. */
export function outcomeColumns(outcome: DeliveryOutcome) {
  return {
    status: outcome.status,
    result: outcome.result.slice(0, 300),
    updatedAt: sql`now()`,
    ...(outcome.nextAttemptAt === undefined ? {} : { nextAttemptAt: outcome.nextAttemptAt }),
  };
}

/** Records how a claimed delivery ended; only while it is still ours (`sending`). */
export async function finishDelivery(
  db: Database,
  key: { notificationId: string; channel: DeliveryChannel },
  outcome: DeliveryOutcome,
): Promise<void> {
  await db
    .update(notificationDeliveries)
    .set(outcomeColumns(outcome))
    .where(
      and(
        eq(notificationDeliveries.notificationId, key.notificationId),
        eq(notificationDeliveries.channel, key.channel),
        eq(notificationDeliveries.status, "sending"),
      ),
    );
}

/**
 * Deliveries left `sending` longer than `staleMs`: their worker stopped between handing
 * them over and recording the answer. They may have gone out, so they are never sent again.
 */
export async function markStaleDeliveriesUnconfirmed(db: Database, staleMs: number): Promise<number> {
  const rows = await db
    .update(notificationDeliveries)
    .set({ status: "unconfirmed", result: "the worker stopped before recording the answer", updatedAt: sql`now()` })
    .where(
      and(
        eq(notificationDeliveries.status, "sending"),
        sql`${notificationDeliveries.updatedAt} < now() - ${staleMs}::double precision * interval '1 millisecond'`,
      ),
    )
    .returning({ id: notificationDeliveries.notificationId });
  return rows.length;
}

/** E-mails or pushes sent (or being sent, before `except`) to a member in the last hour, for the per-member caps. */
export async function countRecentSends(db: Database, recipientId: string, channel: DeliveryChannel, except: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notificationDeliveries)
    .where(
      and(
        eq(notificationDeliveries.recipientId, recipientId),
        eq(notificationDeliveries.channel, channel),
        // Sent ones, and those being sent beside this one that come before it: a batch claimed
        // together (all `sending` at once) lets the first ones through instead of holding back all.
        or(
          eq(notificationDeliveries.status, "sent"),
          and(eq(notificationDeliveries.status, "sending"), sql`${notificationDeliveries.notificationId} < ${except}`),
        ),
        sql`${notificationDeliveries.updatedAt} > now() - interval '1 hour'`,
      ),
    );
  return row?.n ?? 0;
}

/** The most recent deliveries on a channel, for admins: who, what kind, the result; never a body. */
export function listRecentDeliveries(db: Database, channel: DeliveryChannel, limit: number) {
  return db
    .select({
      notificationId: notificationDeliveries.notificationId,
      kind: notifications.kind,
      username: members.username,
      status: notificationDeliveries.status,
      attempts: notificationDeliveries.attempts,
      result: notificationDeliveries.result,
      updatedAt: notificationDeliveries.updatedAt,
    })
    .from(notificationDeliveries)
    .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
    .innerJoin(members, eq(members.id, notificationDeliveries.recipientId))
    .where(eq(notificationDeliveries.channel, channel))
    .orderBy(desc(notificationDeliveries.updatedAt))
    .limit(limit);
}
