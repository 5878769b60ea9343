import { and, asc, count, desc, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { queryRows } from "../database.ts";
import { members, notificationDeliveries, notificationPreferences, notifications } from "../schema/index.ts";

export type NotificationRow = typeof notifications.$inferSelect;
export type DeliveryRow = typeof notificationDeliveries.$inferSelect;
export type DeliveryChannel = DeliveryRow["channel"];

/** Active members who hear of something, with what decides their channels and when. */
export interface RecipientRow {
  id: string;
  emailReady: boolean;
  /** The member's choices for this kind, when they made any. */
  inApp: boolean | null;
  email: boolean | null;
  push: boolean | null;
  emailMode: "immediate" | "daily" | "weekly" | null;
  /** Whether the member turned push on on any device. */
  hasPushDevice: boolean;
  timeZone: string | null;
  quietStart: number | null;
  quietEnd: number | null;
}

/** Who a notice is for, as the notifier resolves its audience. */
export interface RecipientFilter {
  ids?: readonly string[];
  coordinators?: boolean;
  watching?: { kind: string; category: string; areaId: string };
  /**
   * Approved volunteers who offer tasks, free on a weekday (bit 0 = Monday; null: any day
   * they marked, or none), who are not these members nor in a block with them.
   */
  volunteers?: { weekdayBit: number | null; apartFrom: readonly string[] };
  /** Leaves out members who already had a notice of this kind about this subject. */
  notToldBefore?: { kind: string; subjectId: string };
  /** Leaves out members in a block with this one, either way (a post's author). */
  notBlockedWith?: string | undefined;
}

export async function findRecipients(
  db: Database,
  kind: string,
  audience: RecipientFilter,
  except: string | null,
): Promise<RecipientRow[]> {
  const { watching, volunteers, notToldBefore } = audience;
  const apartFrom = volunteers?.apartFrom.length
    ? sql.join(
        volunteers.apartFrom.map((id) => sql`${id}::uuid`),
        sql`, `,
      )
    : null;
  const who = and(
    audience.ids === undefined ? undefined : inArray(members.id, [...audience.ids]),
    audience.coordinators ? inArray(members.role, ["coordinator", "admin"]) : undefined,
    watching === undefined
      ? undefined
      : sql`${members.id} IN (SELECT w.member_id FROM watches w
              WHERE (w.kind IS NULL OR w.kind = ${watching.kind})
                AND (w.category IS NULL OR w.category = ${watching.category})
                AND (w.area_id IS NULL OR w.area_id = ${watching.areaId}))`,
    volunteers === undefined
      ? undefined
      : and(
          eq(members.volunteerStatus, "approved"),
          sql`${members.maxTasks} > 0`,
          volunteers.weekdayBit === null
            ? undefined
            : sql`(${members.availableWeekdays} = 0 OR (${members.availableWeekdays} & ${volunteers.weekdayBit}::int) <> 0)`,
          apartFrom === null
            ? undefined
            : sql`${members.id} NOT IN (${apartFrom}) AND NOT EXISTS (SELECT 1 FROM member_blocks b
                WHERE (b.blocker_id = ${members.id} AND b.blocked_id IN (${apartFrom}))
                   OR (b.blocked_id = ${members.id} AND b.blocker_id IN (${apartFrom})))`,
        ),
    audience.notBlockedWith === undefined
      ? undefined
      : sql`NOT EXISTS (SELECT 1 FROM member_blocks b
              WHERE (b.blocker_id = ${members.id} AND b.blocked_id = ${audience.notBlockedWith})
                 OR (b.blocked_id = ${members.id} AND b.blocker_id = ${audience.notBlockedWith}))`,
  );
  const told =
    notToldBefore === undefined
      ? undefined
      : sql`NOT EXISTS (SELECT 1 FROM notifications n WHERE n.recipient_id = ${members.id}
              AND n.kind = ${notToldBefore.kind} AND n.subject_id = ${notToldBefore.subjectId})`;
  const rows = await db
    .select({
      id: members.id,
      emailReady: sql<boolean>`(${members.emailVerifiedAt} IS NOT NULL AND ${members.emailFailingAt} IS NULL)`,
      inApp: notificationPreferences.inApp,
      email: notificationPreferences.email,
      push: notificationPreferences.push,
      emailMode: notificationPreferences.emailMode,
      hasPushDevice: sql<boolean>`EXISTS (SELECT 1 FROM push_subscriptions ps WHERE ps.member_id = ${members.id})`,
      timeZone: members.timeZone,
      quietStart: members.quietStart,
      quietEnd: members.quietEnd,
    })
    .from(members)
    .leftJoin(notificationPreferences, and(eq(notificationPreferences.memberId, members.id), eq(notificationPreferences.kind, kind)))
    .where(and(eq(members.status, "active"), who, told, except === null ? undefined : sql`${members.id} <> ${except}`));
  return rows;
}

/** One delivery to write with a notice: due at once (or when quiet hours end), or held for a digest. */
export interface NewDelivery {
  channel: DeliveryChannel;
  status: "pending" | "held";
  nextAttemptAt: Date;
}

const CHUNK = 1_000;
/** A notice to this many members or more refreshes the planner's statistics of the deliveries (see below). */
const MASS_NOTICE = 500;

/** Writes one notification per recipient and the deliveries asked for; answers their ids by recipient. */
export async function insertNotifications(
  db: Database,
  values: { recipients: { id: string; inApp: boolean }[]; kind: string; subjectId: string; url: string; params: Record<string, string> },
  deliveries: (recipientId: string) => NewDelivery[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let i = 0; i < values.recipients.length; i += CHUNK) {
    const slice = values.recipients.slice(i, i + CHUNK);
    const inserted = await db
      .insert(notifications)
      .values(
        slice.map((r) => ({
          recipientId: r.id,
          inApp: r.inApp,
          kind: values.kind,
          subjectId: values.subjectId,
          url: values.url,
          params: values.params,
        })),
      )
      .returning({ id: notifications.id, recipientId: notifications.recipientId });
    for (const n of inserted) ids.set(n.recipientId, n.id);
    const rows = inserted.flatMap((n) =>
      deliveries(n.recipientId).map((delivery) => ({ notificationId: n.id, recipientId: n.recipientId, ...delivery })),
    );
    if (rows.length > 0) await db.insert(notificationDeliveries).values(rows);
  }
  // So many new deliveries at once (a crisis told to every member) are news to the planner: by
  // its last statistics there was next to nothing to send, and the workers' claim then sorted
  // every pending delivery for each batch of 50 until autovacuum looked again, which on a table
  // with a long history may not be for the whole crisis. In this transaction, the statistics
  // count these rows and commit with them.
  if (values.recipients.length >= MASS_NOTICE) await db.execute(sql`ANALYZE notification_deliveries`);
  return ids;
}

export function listNotificationsOf(db: Database, recipientId: string, limit: number): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientId, recipientId), eq(notifications.inApp, true)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

/** A page of a recipient's in-app notices by their Mastodon number, newest first (see NoticePage). */
export async function listNoticesByNumber(
  db: Database,
  recipientId: string,
  page: { maxNumber?: number | undefined; sinceNumber?: number | undefined; minNumber?: number | undefined; limit: number },
): Promise<NotificationRow[]> {
  const lowest = page.minNumber ?? page.sinceNumber;
  const rows = await db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.recipientId, recipientId),
        eq(notifications.inApp, true),
        page.maxNumber === undefined ? undefined : lt(notifications.mastodonId, page.maxNumber),
        lowest === undefined ? undefined : gt(notifications.mastodonId, lowest),
      ),
    )
    // With min_id, the oldest ones just after it; otherwise the newest.
    .orderBy(page.minNumber === undefined ? desc(notifications.mastodonId) : asc(notifications.mastodonId))
    .limit(page.limit);
  return page.minNumber === undefined ? rows : rows.reverse();
}

export async function findNoticeByNumber(db: Database, recipientId: string, number: number): Promise<NotificationRow | undefined> {
  const [row] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientId, recipientId), eq(notifications.inApp, true), eq(notifications.mastodonId, number)));
  return row;
}

/** Removes one of the recipient's notices (`number`), or all of them; others' are never touched. */
export async function deleteNotices(db: Database, recipientId: string, number: number | null): Promise<void> {
  await db
    .delete(notifications)
    .where(and(eq(notifications.recipientId, recipientId), number === null ? undefined : eq(notifications.mastodonId, number)));
}

export async function countUnread(db: Database, recipientId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.recipientId, recipientId), isNull(notifications.readAt), eq(notifications.inApp, true)));
  return row?.n ?? 0;
}

/** Marks the recipient's own notifications read (all of them when `ids` is null); others' ids are ignored. */
export async function markRead(db: Database, recipientId: string, ids: string[] | null): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.recipientId, recipientId),
        isNull(notifications.readAt),
        ids === null ? undefined : inArray(notifications.id, ids),
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}

export async function findNotificationOf(db: Database, recipientId: string, id: string): Promise<NotificationRow | undefined> {
  const [row] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientId, recipientId), eq(notifications.id, id)));
  return row;
}

// Any constant works; it only has to be the same in every process of one instance.
const EXPIRY_REMINDER_LOCK_ID = 7_100_214;

/**
 * Holds, until the transaction ends, the one lock every "still needed?" sweep takes first:
 * two workers' sweeps (or a sweep and a coordinator's) would otherwise both find a post not
 * yet asked about and ask twice. The one that waited then sees the other's notices.
 */
export async function lockExpiryReminders(db: Database): Promise<void> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(${EXPIRY_REMINDER_LOCK_ID})`);
}

/** Open posts that expire within `withinMs` and whose author has not been asked "still needed?" since it came that close. */
export function findPostsToRemind(db: Database, withinMs: number) {
  return queryRows<{ id: string; title: string; authorId: string }>(
    db,
    sql`SELECT p.id, p.title, p.author_id AS "authorId" FROM posts p
        WHERE p.status IN ('open', 'partially_matched') AND p.author_id IS NOT NULL
          AND p.expires_at > now() AND p.expires_at <= now() + ${withinMs}::double precision * interval '1 millisecond'
          AND NOT EXISTS (
            SELECT 1 FROM notifications n
            WHERE n.kind = 'post_expiring' AND n.subject_id = p.id::text
              AND n.created_at > p.expires_at - ${withinMs}::double precision * interval '1 millisecond')
        LIMIT 500`,
  );
}
