import type { NewDelivery, RecipientRow } from "../../db/queries/notifications.ts";
import { defaultPreference, isAlwaysImmediate, type NotificationKind } from "./kinds.ts";
import { nextDigestAt, type QuietHours, quietUntil } from "./timing.ts";

export function quietHoursOf(member: { quietStart: number | null; quietEnd: number | null }): QuietHours | null {
  return member.quietStart === null || member.quietEnd === null ? null : { start: member.quietStart, end: member.quietEnd };
}

/**
 * How a notice reaches one member besides the app: by e-mail at once or held for their
 * digest, by push; in their quiet hours both wait until the hours end. Crises (and urgent
 * requests to coordinators) always go at once.
 */
export function planDeliveries(kind: NotificationKind, recipient: RecipientRow, now: Date, networkZone: string): NewDelivery[] {
  const defaults = defaultPreference(kind);
  const immediate = isAlwaysImmediate(kind);
  const zone = recipient.timeZone ?? networkZone;
  const due = (immediate ? null : quietUntil(now, zone, quietHoursOf(recipient))) ?? now;
  const mode = immediate ? "immediate" : (recipient.emailMode ?? defaults.emailMode);
  const plan: NewDelivery[] = [];
  if (recipient.emailReady && (recipient.email ?? defaults.email)) {
    plan.push(
      mode === "immediate"
        ? { channel: "email", status: "pending", nextAttemptAt: due }
        : { channel: "email", status: "held", nextAttemptAt: nextDigestAt(now, zone, mode) },
    );
  }
  if (recipient.hasPushDevice && (recipient.push ?? defaults.push)) plan.push({ channel: "push", status: "pending", nextAttemptAt: due });
  return plan;
}
