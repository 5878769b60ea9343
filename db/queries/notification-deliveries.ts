import { and, desc, eq, sql } from "drizzle-orm";
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
 * The claimed rows are updated by their row ids and joined to their notice and member in the
 * update itself, so the plan is index lookups whatever the statistics say: a hash join read
 * every delivery and every notice for each batch of 50 (5–20 ms at 10,000 of each).
 */
export async function claimDueDeliveries(db: Database, limit: number, now: Date): Promise<ClaimedDelivery[]> {
  const rows = await queryRows<ClaimedDelivery & { params: unknown }>(
    db,
    sql`WITH due AS (
          SELECT ctid AS row_id FROM notification_deliveries
          WHERE status = 'pending' AND next_attempt_at <= ${now.toISOString()}::timestamptz
          ORDER BY next_attempt_at
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE notification_deliveries AS d
        SET status = 'sending', attempts = d.attempts + 1, updated_at = now()
        FROM notifications AS n, members AS m
        WHERE d.ctid = ANY (ARRAY(SELECT row_id FROM due)) AND n.id = d.notification_id AND m.id = n.recipient_id
        RETURNING d.notification_id AS "notificationId", d.channel, d.attempts,
                  n.recipient_id AS "recipientId", n.kind, n.url, n.params,
                  m.email, (m.email_verified_at IS NOT NULL AND m.email_failing_at IS NULL) AS "emailReady",
                  m.language, m.time_zone AS "timeZone"`,
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

/** How one claimed delivery ended, to record with others (`finishDeliveries`). */
export interface FinishedDelivery {
  key: { notificationId: string; channel: DeliveryChannel };
  outcome: DeliveryOutcome;
}

/**
 * Records how claimed deliveries ended, in one statement; each only while it is still ours
 * (`sending`). The columns are those `outcomeColumns` sets; a delivery that is not tried again
 * keeps its due time.
 */
export async function finishDeliveries(db: Database, finished: readonly FinishedDelivery[]): Promise<void> {
  if (finished.length === 0) return;
  const rows = finished.map(({ key, outcome }) => {
    const { status, result } = outcomeColumns(outcome);
    return sql`(${key.notificationId}::uuid, ${key.channel}::delivery_channel, ${status}::delivery_status, ${result},
                ${outcome.nextAttemptAt?.toISOString() ?? null}::timestamptz)`;
  });
  await db.execute(
    sql`UPDATE notification_deliveries AS d
        SET status = v.status, result = v.result, updated_at = now(),
            next_attempt_at = coalesce(v.next_attempt_at, d.next_attempt_at)
        FROM (VALUES ${sql.join(rows, sql`, `)}) AS v(notification_id, channel, status, result, next_attempt_at)
        WHERE d.notification_id = v.notification_id AND d.channel = v.channel AND d.status = 'sending'`,
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

/**
 * For the per-member caps, for each of these deliveries on `channel`: how many messages its
 * member was sent in the last hour, counting those being sent beside it that come before it (a
 * batch claimed together, all `sending` at once, lets the first ones through instead of holding
 * back all). One statement for a batch, counted by `notification_deliveries_member_recent_idx`.
 * Resolves to the counts by notification.
 */
export async function countRecentSends(
  db: Database,
  channel: DeliveryChannel,
  deliveries: readonly { recipientId: string; notificationId: string }[],
): Promise<Map<string, number>> {
  if (deliveries.length === 0) return new Map();
  const rows = deliveries.map((d) => sql`(${d.notificationId}::uuid, ${d.recipientId}::uuid)`);
  const counted = await queryRows<{ notificationId: string; sends: number | string }>(
    db,
    sql`SELECT b.notification_id AS "notificationId",
          (SELECT count(*) FROM notification_deliveries AS d
           WHERE d.recipient_id = b.recipient_id AND d.channel = ${channel}::delivery_channel
             AND d.status IN ('sent', 'sending') AND d.updated_at > now() - interval '1 hour'
             AND (d.status = 'sent' OR d.notification_id < b.notification_id)) AS sends
        FROM (VALUES ${sql.join(rows, sql`, `)}) AS b(notification_id, recipient_id)`,
  );
  return new Map(counted.map((row) => [row.notificationId, Number(row.sends)]));
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
