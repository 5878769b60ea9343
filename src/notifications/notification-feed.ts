import type { Member } from "../members/member.service.ts";

/**
 * A member's in-app notices, as the Mastodon client API reads them (NoticeFeed reads
 * them from the notifications the domain writes).
 */
export interface MemberNotice {
  /** Sorts by age as a number (like every id an app sees; see db/schema/mastodon-ids.ts). */
  number: number;
  createdAt: Date;
  /** The notice's text as the member reads it in the app: never more than they may see on the site. */
  text: string;
  /** The page it is about (a post, a match), if any. */
  url: string | null;
}

export interface NoticePage {
  maxNumber?: number | undefined;
  sinceNumber?: number | undefined;
  minNumber?: number | undefined;
  limit: number;
}

export interface NotificationFeed {
  /**
   * At most `limit` notices, always answered newest first: older than `maxNumber`, newer
   * than `sinceNumber`; with `minNumber`, the `limit` oldest ones newer than it (Mastodon's
   * "what came after what I read").
   */
  list(member: Member, page: NoticePage): Promise<MemberNotice[]>;
  get(member: Member, number: number): Promise<MemberNotice | null>;
  dismiss(member: Member, number: number): Promise<void>;
  clear(member: Member): Promise<void>;
}
