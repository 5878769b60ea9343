import type { Database } from "../../db/database.ts";
import { deleteNotices, findNoticeByNumber, listNoticesByNumber, type NotificationRow } from "../../db/queries/notifications.ts";
import type { Member } from "../members/member.service.ts";
import type { NotificationService } from "./notification.service.ts";
import type { MemberNotice, NoticePage, NotificationFeed } from "./notification-feed.ts";
import type { TranslatorFor } from "./ports.ts";

/**
 * The in-app notices as Mastodon apps read them: the same rows and words as the
 * notifications page, in the member's language. Dismissing or clearing in an app removes
 * them, as Mastodon does.
 */
export class NoticeFeed implements NotificationFeed {
  readonly #db: Database;
  readonly #notifications: NotificationService;
  readonly #translate: TranslatorFor;
  readonly #defaultLanguage: string;

  constructor(
    db: Database,
    deps: {
      notifications: NotificationService;
      translatorFor: TranslatorFor;
      defaultLanguage: string;
    },
  ) {
    this.#db = db;
    this.#notifications = deps.notifications;
    this.#translate = deps.translatorFor;
    this.#defaultLanguage = deps.defaultLanguage;
  }

  async list(member: Member, page: NoticePage): Promise<MemberNotice[]> {
    const rows = await listNoticesByNumber(this.#db, member.id, page);
    return rows.map((row) => this.#notice(member, row));
  }

  async get(member: Member, number: number): Promise<MemberNotice | null> {
    const row = await findNoticeByNumber(this.#db, member.id, number);
    return row === undefined ? null : this.#notice(member, row);
  }

  async dismiss(member: Member, number: number): Promise<void> {
    await deleteNotices(this.#db, member.id, number);
  }

  async clear(member: Member): Promise<void> {
    await deleteNotices(this.#db, member.id, null);
  }

  #notice(member: Member, row: NotificationRow): MemberNotice {
    return {
      number: row.mastodonId,
      createdAt: row.createdAt,
      text: this.#notifications.render(row, this.#translate(member.language ?? this.#defaultLanguage), member.timeZone),
      url: this.#notifications.absoluteUrl(row.url),
    };
  }
}
