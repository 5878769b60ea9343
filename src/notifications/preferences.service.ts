import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { findMemberById, updateMember } from "../../db/queries/members.ts";
import { listPreferences, type PreferenceRow, savePreferences } from "../../db/queries/notification-preferences.ts";
import { inTransaction } from "../../db/transaction.ts";
import { NotFoundError } from "../errors.ts";
import type { Member } from "../members/member.service.ts";
import { timeZoneSchema } from "../members/member-settings.service.ts";
import { isCoordinator, requireMember, type Viewer } from "../members/viewer.ts";
import { parseOrThrow } from "../validation.ts";
import { quietHoursOf } from "./delivery-plan.ts";
import {
  defaultPreference,
  isAlwaysImmediate,
  type KindPreference,
  NOTIFICATION_KIND_NAMES,
  NOTIFICATION_KINDS,
  type NotificationKind,
} from "./kinds.ts";
import type { SignedLinks } from "./signed-links.ts";
import { DIGEST_HOUR, minutesOf, timeOfDay } from "./timing.ts";

export { defaultPreference, type KindPreference } from "./kinds.ts";

export const EMAIL_MODES = ["immediate", "daily", "weekly"] as const;

/** A member's notification settings: kind by kind, and their quiet hours and time zone. */
export interface NotificationSettings {
  kinds: KindPreference[];
  /** Local times "HH:MM"; null: none. */
  quietHours: { start: string; end: string } | null;
  /** The member's zone; null: the network's. */
  timeZone: string | null;
  /** When digests go out, in the member's zone (weekly ones on Mondays). */
  digestTime: string;
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

const timeOfDaySchema = z.string().refine((text) => minutesOf(text) !== null, { error: "use a time of day as HH:MM (24 hours)" });

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
            emailMode: z.enum(EMAIL_MODES, { error: `use one of ${EMAIL_MODES.join(", ")}` }).optional(),
          })
          .strict()
          .superRefine((change, ctx) => {
            if (change.emailMode !== undefined && change.emailMode !== "immediate" && isAlwaysImmediate(change.kind))
              ctx.addIssue({ code: "custom", path: ["emailMode"], message: "this kind always goes at once" });
          }),
      )
      .min(1, { error: "name at least one kind" })
      .max(NOTIFICATION_KIND_NAMES.length)
      .optional(),
    quietHours: z
      .object({ start: timeOfDaySchema, end: timeOfDaySchema })
      .strict()
      .refine((hours) => hours.start !== hours.end, { path: ["end"], error: "must differ from the start" })
      .nullable()
      .optional(),
    timeZone: timeZoneSchema.nullable().optional(),
  })
  .strict()
  .refine((body) => body.kinds !== undefined || body.quietHours !== undefined || body.timeZone !== undefined, {
    path: ["kinds"],
    error: "send at least one of kinds, quietHours, timeZone",
  });

/** Kinds only coordinators (and admins) receive, and so only they choose about. */
function concerns(member: Member, kind: NotificationKind): boolean {
  return NOTIFICATION_KINDS[kind].group !== "coordination" || isCoordinator(member);
}

/** Members' choices of what reaches them, how, and when. */
export class PreferenceService {
  readonly #db: Database;
  readonly #links: SignedLinks;

  constructor(db: Database, links: SignedLinks) {
    this.#db = db;
    this.#links = links;
  }

  /** The member's preference for every kind that concerns them, their quiet hours and time zone. */
  async get(viewer: Viewer): Promise<NotificationSettings> {
    const member = requireMember(viewer);
    const current = (await findMemberById(this.#db, member.id)) ?? member;
    const quiet = quietHoursOf(current);
    return {
      kinds: mergePreferences(await listPreferences(this.#db, member.id)).filter((p) => concerns(member, p.kind)),
      quietHours: quiet === null ? null : { start: timeOfDay(quiet.start), end: timeOfDay(quiet.end) },
      timeZone: current.timeZone,
      digestTime: timeOfDay(DIGEST_HOUR * 60),
    };
  }

  /** Changes what is sent: the named kinds (the others keep theirs), quiet hours, time zone. */
  async update(viewer: Viewer, input: unknown): Promise<NotificationSettings> {
    const member = requireMember(viewer);
    const body = parseOrThrow(preferencesUpdateSchema, input);
    await inTransaction(this.#db, async (tx) => {
      if (body.kinds !== undefined) {
        const current = new Map(mergePreferences(await listPreferences(tx, member.id)).map((p) => [p.kind, p]));
        await savePreferences(
          tx,
          body.kinds.map((change) => ({ ...current.get(change.kind)!, ...change, memberId: member.id })),
        );
      }
      const { quietHours, timeZone } = body;
      if (quietHours !== undefined || timeZone !== undefined) {
        await updateMember(tx, member.id, {
          ...(timeZone === undefined ? {} : { timeZone }),
          ...(quietHours === undefined
            ? {}
            : { quietStart: quietHours && minutesOf(quietHours.start), quietEnd: quietHours && minutesOf(quietHours.end) }),
        });
      }
    });
    return this.get(member);
  }

  /**
   * The one-click unsubscribe of an e-mail's List-Unsubscribe link (RFC 8058): e-mail of that
   * kind stops, without signing in; a digest's link stops every kind that went to the digest.
   * Answers the kind ("digest" for a digest's).
   */
  async unsubscribe(token: string): Promise<NotificationKind | "digest"> {
    const { memberId, claims } = await this.#links.open("unsubscribe", token);
    const kind = String(claims.kind);
    const preferences = mergePreferences(await listPreferences(this.#db, memberId));
    if (kind === "digest") {
      const digested = preferences.filter((p) => p.emailMode !== "immediate");
      await savePreferences(
        this.#db,
        digested.map((p) => ({ ...p, memberId, email: false })),
      );
      return "digest";
    }
    // A kind that no longer exists has nothing left to send.
    if (!(kind in NOTIFICATION_KINDS)) throw new NotFoundError("This link is not valid any more.");
    const current = preferences.find((p) => p.kind === kind)!;
    await savePreferences(this.#db, [{ ...current, memberId, email: false }]);
    return current.kind;
  }
}
