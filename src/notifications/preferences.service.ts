import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { listPreferences, type PreferenceRow, savePreferences } from "../../db/queries/notifications.ts";
import { NotFoundError } from "../errors.ts";
import type { Member } from "../members/member.service.ts";
import { isCoordinator, requireMember, type Viewer } from "../members/viewer.ts";
import { parseOrThrow } from "../validation.ts";
import { NOTIFICATION_KIND_NAMES, NOTIFICATION_KINDS, type NotificationKind } from "./kinds.ts";
import type { SignedLinks } from "./signed-links.ts";

/** What a member gets for one kind of notification. */
export interface KindPreference {
  kind: NotificationKind;
  inApp: boolean;
  email: boolean;
  push: boolean;
  emailMode: "immediate" | "digest";
}

export function defaultPreference(kind: NotificationKind): KindPreference {
  return { kind, inApp: true, email: NOTIFICATION_KINDS[kind].email, push: NOTIFICATION_KINDS[kind].email, emailMode: "immediate" };
}

/** Each kind's preference: the member's choice where they made one, else the default. */
export function mergePreferences(rows: PreferenceRow[]): KindPreference[] {
  const chosen = new Map(rows.map((row) => [row.kind, row]));
  return (Object.keys(NOTIFICATION_KINDS) as NotificationKind[]).map((kind) => {
    const row = chosen.get(kind);
    return row === undefined
      ? defaultPreference(kind)
      : { kind, inApp: row.inApp, email: row.email, push: row.push, emailMode: row.emailMode };
  });
}

export const preferencesUpdateSchema = z
  .object({
    kinds: z
      .array(
        z
          .object({
            kind: z.enum(NOTIFICATION_KIND_NAMES as [NotificationKind, ...NotificationKind[]], {
              error: "use a kind listed by getNotificationPreferences",
            }),
            inApp: z.boolean().optional(),
            email: z.boolean().optional(),
            push: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1, { error: "name at least one kind" })
      .max(NOTIFICATION_KIND_NAMES.length),
  })
  .strict();

/** Kinds only coordinators (and admins) receive, and so only they choose about. */
function concerns(member: Member, kind: NotificationKind): boolean {
  return NOTIFICATION_KINDS[kind].group !== "coordination" || isCoordinator(member);
}

/** Members' choices of what reaches them, and how. */
export class PreferenceService {
  readonly #db: Database;
  readonly #links: SignedLinks;

  constructor(db: Database, links: SignedLinks) {
    this.#db = db;
    this.#links = links;
  }

  /** The member's preference for every kind that concerns them. */
  async get(viewer: Viewer): Promise<KindPreference[]> {
    const member = requireMember(viewer);
    return mergePreferences(await listPreferences(this.#db, member.id)).filter((p) => concerns(member, p.kind));
  }

  /** Changes the named kinds; anything not sent keeps its value. */
  async update(viewer: Viewer, input: unknown): Promise<KindPreference[]> {
    const member = requireMember(viewer);
    const { kinds } = parseOrThrow(preferencesUpdateSchema, input);
    const current = new Map(mergePreferences(await listPreferences(this.#db, member.id)).map((p) => [p.kind, p]));
    await savePreferences(
      this.#db,
      kinds.map((change) => ({ ...current.get(change.kind)!, ...change, memberId: member.id })),
    );
    return this.get(member);
  }

  /**
   * The one-click unsubscribe of an e-mail's List-Unsubscribe link (RFC 8058): e-mail of that
   * kind stops, without signing in. Answers the kind.
   */
  async unsubscribe(token: string): Promise<NotificationKind> {
    const { memberId, claims } = await this.#links.open("unsubscribe", token);
    const kind = String(claims.kind);
    // A kind that no longer exists has nothing left to send.
    if (!(kind in NOTIFICATION_KINDS)) throw new NotFoundError("This link is not valid any more.");
    const current = mergePreferences(await listPreferences(this.#db, memberId)).find((p) => p.kind === kind)!;
    await savePreferences(this.#db, [{ ...current, memberId, email: false }]);
    return current.kind;
  }
}
