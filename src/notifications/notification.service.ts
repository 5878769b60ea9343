import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { listFailingEmails } from "../../db/queries/members.ts";
import { listRecentDeliveries } from "../../db/queries/notification-deliveries.ts";
import {
  countUnread,
  type DeliveryChannel,
  findNotificationOf,
  findPostsToRemind,
  findRecipients,
  insertNotifications,
  listNotificationsOf,
  lockExpiryReminders,
  markRead,
  type NotificationRow,
  type RecipientFilter,
} from "../../db/queries/notifications.ts";
import { listRecentSmsNotices } from "../../db/queries/sms-notices.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import { isAdmin, requireMember, type Viewer } from "../members/viewer.ts";
import { isUuid, parseOrThrow } from "../validation.ts";
import { planDeliveries } from "./delivery-plan.ts";
import { NOTIFICATION_KINDS, type NotificationKind } from "./kinds.ts";
import type { Audience, Notice, Notifier, TranslatorFor } from "./ports.ts";
import { networkTimeZone } from "./timing.ts";

/** A notification as its recipient reads it. */
export interface NotificationView {
  id: string;
  kind: string;
  text: string;
  /** An absolute URL of the page it is about. */
  url: string;
  createdAt: string;
  read: boolean;
}

export const markReadSchema = z.union(
  [
    z
      .object({
        ids: z
          .array(z.uuid({ error: "use notification ids" }))
          .min(1, { error: "name at least one" })
          .max(500),
      })
      .strict(),
    z.object({ all: z.literal(true) }).strict(),
  ],
  { error: "send {ids: [...]} or {all: true}" },
);

/** How long before a post expires its author is asked "still needed?" (as My posts does). */
const STILL_NEEDED_MS = 3 * 86_400_000;

/** The channel through which a worker is woken when deliveries are waiting. */
export const DELIVERY_CHANNEL_NAME = "mycelium_notifications";

/**
 * Notifications: written by the domain services inside their own transactions (this is
 * their {@link Notifier}), read and marked read by their recipients.
 */
export class NotificationService implements Notifier {
  readonly #db: Database;
  readonly #origin: URL;
  readonly #translatorFor: TranslatorFor;
  readonly #defaultLanguage: string;
  readonly #clock: () => Date;

  constructor(db: Database, deps: { origin: URL; translatorFor: TranslatorFor; defaultLanguage: string; clock?: () => Date }) {
    this.#db = db;
    this.#origin = deps.origin;
    this.#translatorFor = deps.translatorFor;
    this.#defaultLanguage = deps.defaultLanguage;
    this.#clock = deps.clock ?? (() => new Date());
  }

  async notify(tx: Database, audience: Audience, notice: Notice, except: string | null = null): Promise<void> {
    const target: RecipientFilter =
      "members" in audience
        ? { ids: audience.members.filter((id): id is string => id !== null) }
        : "coordinators" in audience
          ? { coordinators: true }
          : "watching" in audience
            ? { watching: audience.watching, coordinators: audience.watching.coordinatorsOnly }
            : "volunteers" in audience
              ? {
                  volunteers: { weekdayBit: audience.volunteers.weekdayBit, apartFrom: audience.volunteers.apartFrom },
                  coordinators: audience.volunteers.coordinatorsOnly,
                  // A task closed and opened again is not news to those who were told.
                  notToldBefore: { kind: notice.kind, subjectId: notice.subjectId },
                }
              : {};
    if (target.ids !== undefined && target.ids.length === 0) return;
    const recipients = await findRecipients(tx, notice.kind, { ...target, notBlockedWith: audience.notBlockedWith ?? undefined }, except);
    if (recipients.length === 0) return;
    const now = this.#clock();
    const zone = networkTimeZone();
    const plans = new Map(recipients.map((r) => [r.id, planDeliveries(notice.kind, r, now, zone)]));
    await insertNotifications(
      tx,
      {
        recipients: recipients.map((r) => ({ id: r.id, inApp: r.inApp ?? true })),
        kind: notice.kind,
        subjectId: notice.subjectId,
        url: notice.url,
        params: notice.params ?? {},
      },
      (recipientId) => plans.get(recipientId) ?? [],
    );
    // Wakes the workers once this transaction commits (and not at all if it rolls back).
    await tx.execute(sql`SELECT pg_notify(${DELIVERY_CHANNEL_NAME}, '')`);
  }

  /** The member's notices in `language`; null: the member's own language, else the network's. */
  async list(viewer: Viewer, language: string | null, limit = 50): Promise<{ items: NotificationView[]; unreadCount: number }> {
    const member = requireMember(viewer);
    const db = this.#db;
    const rows = await listNotificationsOf(db, member.id, limit);
    const translate = this.#translatorFor(language ?? member.language ?? this.#defaultLanguage);
    return {
      items: rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        text: this.render(row, translate, member.timeZone),
        url: this.absoluteUrl(row.url),
        createdAt: row.createdAt.toISOString(),
        read: row.readAt !== null,
      })),
      unreadCount: await countUnread(db, member.id),
    };
  }

  async unreadCount(viewer: Viewer): Promise<number> {
    return countUnread(this.#db, requireMember(viewer).id);
  }

  async markRead(viewer: Viewer, input: unknown): Promise<number> {
    const member = requireMember(viewer);
    const body = parseOrThrow(markReadSchema, input);
    return markRead(this.#db, member.id, "all" in body ? null : body.ids);
  }

  /**
   * Asks the authors of posts that expire within three days whether they are still needed
   * (once per post and renewal; run periodically by the workers). Resolves to how many.
   */
  async remindExpiring(): Promise<number> {
    return inTransaction(this.#db, async (tx) => {
      await lockExpiryReminders(tx);
      const due = await findPostsToRemind(tx, STILL_NEEDED_MS);
      for (const post of due) {
        await this.notify(
          tx,
          { members: [post.authorId] },
          { kind: "post_expiring", subjectId: post.id, url: "/my/posts", params: { title: post.title } },
        );
      }
      return due.length;
    });
  }

  /** For admins: the latest deliveries by e-mail, push and SMS with their results (never a message), and addresses that fail. */
  async deliveryReport(viewer: Viewer) {
    if (!isAdmin(viewer)) throw new ForbiddenError("Only admins see deliveries.");
    const recent = async (channel: DeliveryChannel) =>
      (await listRecentDeliveries(this.#db, channel, 100)).map((row) => ({ ...row, updatedAt: row.updatedAt.toISOString() }));
    return {
      email: await recent("email"),
      push: await recent("push"),
      // Texts to people known only by phone, by their post's code (never the number).
      sms: (await listRecentSmsNotices(this.#db, 100)).map((row) => ({
        notificationId: `${row.code}-${row.event}-${row.updatedAt.getTime()}`,
        username: row.code ?? "",
        kind: `sms_${row.event}`,
        status: row.status,
        attempts: row.attempts,
        result: row.result,
        updatedAt: row.updatedAt.toISOString(),
      })),
      failingAddresses: (await listFailingEmails(this.#db)).map((row) => ({
        ...row,
        failingSince: row.failingSince?.toISOString() ?? null,
      })),
    };
  }

  /** Marks one of the member's notifications read; answers the path of the page it is about. */
  async open(viewer: Viewer, id: string): Promise<string> {
    const member = requireMember(viewer);
    const row = isUuid(id) ? await findNotificationOf(this.#db, member.id, id) : undefined;
    if (row === undefined) throw new NotFoundError("No such notification.");
    await markRead(this.#db, member.id, [row.id]);
    return row.url;
  }

  /** A notice's page as a full address, for apps and e-mails. */
  absoluteUrl(path: string): string {
    return new URL(path, this.#origin).href;
  }

  /**
   * The notice's sentence in a language; the moments it names in the reader's time zone (null: the
   * network's), as the language writes them.
   */
  render(
    row: Pick<NotificationRow, "kind" | "params">,
    translate = this.#translatorFor(this.#defaultLanguage),
    timeZone: string | null = null,
  ): string {
    const kind = row.kind in NOTIFICATION_KINDS ? (row.kind as NotificationKind) : null;
    return kind === null
      ? translate("notices.unknown")
      : translate(`notices.${kind}`, { ...row.params, timeZone: timeZone ?? networkTimeZone() });
  }
}
