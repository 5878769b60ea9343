import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { queryRows } from "../database.ts";
import { conversationPosts, smsNotices } from "../schema/index.ts";
import { type DeliveryOutcome, outcomeColumns } from "./notification-deliveries.ts";

export type SmsNoticeRow = typeof smsNotices.$inferSelect;
export type SmsNoticeEvent = SmsNoticeRow["event"];

/**
 * Writes a text to send for each of these posts that came from an SMS conversation (the
 * others are passed over); resolves to how many were written.
 */
export async function insertSmsNotices(
  db: Database,
  postIds: readonly string[],
  notice: { event: SmsNoticeEvent; windowStart: Date | null; windowEnd: Date | null },
  now: Date,
): Promise<number> {
  if (postIds.length === 0) return 0;
  const ids = sql.join(
    postIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = await queryRows<{ id: string }>(
    db,
    sql`INSERT INTO sms_notices (post_id, event, window_start, window_end, next_attempt_at)
        SELECT cp.post_id, ${notice.event}::sms_notice_event, ${notice.windowStart?.toISOString() ?? null}::timestamptz,
               ${notice.windowEnd?.toISOString() ?? null}::timestamptz, ${now.toISOString()}::timestamptz
        FROM conversation_posts cp JOIN conversations c ON c.id = cp.conversation_id
        WHERE cp.post_id IN (${ids}) AND c.channel = 'sms'
        RETURNING id`,
  );
  return rows.length;
}

export interface ClaimedSmsNotice {
  id: string;
  postId: string;
  event: SmsNoticeEvent;
  windowStart: Date | null;
  windowEnd: Date | null;
  attempts: number;
}

/**
 * Claims due texts and marks them `sending` in a statement of its own, committed before anything
 * is sent. The due rows are picked once, as an array: joined, the pick could run again for each
 * row and claim more than `limit` (see `claiming` in db/queue-statements.ts).
 */
export async function claimDueSmsNotices(db: Database, limit: number, now: Date): Promise<ClaimedSmsNotice[]> {
  const rows = await queryRows<Omit<ClaimedSmsNotice, "windowStart" | "windowEnd"> & { windowStart: unknown; windowEnd: unknown }>(
    db,
    sql`WITH due AS (
          SELECT id FROM sms_notices
          WHERE status = 'pending' AND next_attempt_at <= ${now.toISOString()}::timestamptz
          ORDER BY next_attempt_at
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE sms_notices AS n
        SET status = 'sending', attempts = n.attempts + 1, updated_at = now()
        WHERE n.id = ANY (ARRAY(SELECT id FROM due))
        RETURNING n.id, n.post_id AS "postId", n.event, n.window_start AS "windowStart", n.window_end AS "windowEnd", n.attempts`,
  );
  const date = (value: unknown) => (value === null ? null : new Date(value as string | Date));
  return rows.map((row) => ({ ...row, windowStart: date(row.windowStart), windowEnd: date(row.windowEnd) }));
}

/** Records how a claimed text ended; only while it is still ours (`sending`). */
export async function finishSmsNotice(db: Database, id: string, outcome: DeliveryOutcome): Promise<void> {
  await db
    .update(smsNotices)
    .set(outcomeColumns(outcome))
    .where(and(eq(smsNotices.id, id), eq(smsNotices.status, "sending")));
}

/** Texts left `sending` longer than `staleMs`: they may have gone out, so they are never sent again. */
export async function markStaleSmsNoticesUnconfirmed(db: Database, staleMs: number): Promise<number> {
  const rows = await db
    .update(smsNotices)
    .set({ status: "unconfirmed", result: "the worker stopped before recording the answer", updatedAt: sql`now()` })
    .where(
      and(eq(smsNotices.status, "sending"), sql`${smsNotices.updatedAt} < now() - ${staleMs}::double precision * interval '1 millisecond'`),
    )
    .returning({ id: smsNotices.id });
  return rows.length;
}

/** The latest texts about posts, for admins: the post's code, what about, the result; never the number or the text. */
export function listRecentSmsNotices(db: Database, limit: number) {
  return db
    .select({
      code: conversationPosts.code,
      event: smsNotices.event,
      status: smsNotices.status,
      attempts: smsNotices.attempts,
      result: smsNotices.result,
      updatedAt: smsNotices.updatedAt,
    })
    .from(smsNotices)
    .leftJoin(conversationPosts, eq(conversationPosts.postId, smsNotices.postId))
    .orderBy(desc(smsNotices.updatedAt))
    .limit(limit);
}
