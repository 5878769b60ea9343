import type { Database } from "../../db/database.ts";
import type { NotificationKind } from "./kinds.ts";

/**
 * Who is told: some members by id, every active coordinator (and admin), or every active
 * member. `notBlockedWith` (a post's author) leaves out whoever is in a block with that
 * member, either way: they do not see each other's posts, so they are not told of them.
 */
export type Audience = (
  | { members: readonly (string | null)[] }
  | { coordinators: true }
  | { everyone: true }
  /** Members whose watches match a new post that they may see (coordinators only, for a coordinators-only post). */
  | { watching: { kind: string; category: string; areaId: string; coordinatorsOnly: boolean } }
  /**
   * Approved volunteers who offer tasks and are free on a weekday (bit 0 = Monday; null: whatever
   * days they marked), in no block with `apartFrom` (coordinators only, for a coordinators-only post);
   * once per subject.
   */
  | { volunteers: { weekdayBit: number | null; apartFrom: readonly string[]; coordinatorsOnly: boolean } }
) & { notBlockedWith?: string | null };

/**
 * What a notice is about. `params` are the only words it carries besides its kind: titles the
 * recipient may already see on the linked page, never a name, a contact or an address.
 */
export interface Notice {
  kind: NotificationKind;
  subjectId: string;
  /** The path of the page it is about, e.g. /matches/ID. */
  url: string;
  params?: Record<string, string>;
}

/**
 * Tells members about something, inside the caller's transaction: the notice (and its
 * deliveries) commit with the change that caused it, or not at all. `except` is whoever
 * made the change: nobody is told about what they did themselves.
 */
export interface Notifier {
  notify(tx: Database, audience: Audience, notice: Notice, except?: string | null): Promise<void>;
}

/** Renders a sentence in a language: the web's translations, handed to the domain. */
export type TranslatorFor = (language: string) => (key: string, params?: Record<string, unknown>) => string;

/** What happened to a post entered for someone known only by phone (SMS). */
export type ContactNotice = { event: "matched" } | { event: "scheduled"; window: { from: Date; to: Date } } | { event: "cancelled" };

/**
 * Tells the people behind posts without an author (entered by SMS) of their match, by text,
 * inside the caller's transaction: the text is written with the change and sent by a worker.
 * Posts that did not come by SMS are passed over.
 */
export interface ContactNotifier {
  notifyContacts(tx: Database, postIds: readonly string[], notice: ContactNotice): Promise<void>;
}
