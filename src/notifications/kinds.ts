/**
 * Every kind of notification, and what a member gets for it unless they chose otherwise:
 * always in the app; by e-mail (and push) for their own posts and tasks, their account,
 * crises and (coordinators) urgent new requests; other new requests in the daily digest
 * (`digest`), without push.
 */
export const NOTIFICATION_KINDS = {
  // Their post
  match_proposed: { group: "post", email: true },
  match_accepted: { group: "post", email: true },
  match_scheduled: { group: "post", email: true },
  match_cancelled: { group: "post", email: true },
  match_completed: { group: "post", email: true },
  match_claimed: { group: "post", email: true },
  help_accepted: { group: "post", email: true },
  help_declined: { group: "post", email: true },
  post_expiring: { group: "post", email: true },
  // Their tasks
  task_assigned: { group: "task", email: true },
  task_changed: { group: "task", email: true },
  task_cancelled: { group: "task", email: true },
  // Approved volunteers: a handover opened to volunteers on a day they are free.
  task_open: { group: "task", email: true },
  // Events they answered
  event_changed: { group: "event", email: true },
  event_cancelled: { group: "event", email: true },
  event_promoted: { group: "event", email: true },
  // Their account
  join_approved: { group: "account", email: true },
  role_changed: { group: "account", email: true },
  // Roles held for a term: its holder is told it ended (admins, a week before: role_term_ending).
  role_term_ended: { group: "account", email: true },
  // Someone thanked them for a handover (in the app; no e-mail by default).
  thanks_received: { group: "account", email: false },
  // Their reports: that one was handled, never how.
  report_resolved: { group: "account", email: true },
  report_message: { group: "account", email: true },
  // Cases: asked to mediate one; a limit set on them (what and until when, nothing else); to
  // its participants, that a step was added or that it closed (never the notes).
  case_mediation: { group: "account", email: true },
  case_limit: { group: "account", email: true },
  case_step: { group: "account", email: true },
  case_closed: { group: "account", email: true },
  // Everyone: never held back by a digest or quiet hours.
  crisis_declared: { group: "crisis", email: true },
  crisis_ended: { group: "crisis", email: true },
  // Deciding together: a decision opened, closing soon (to those who have not voted), its
  // outcome; and to its starter, that it closed and waits for its outcome.
  decision_opened: { group: "decision", email: true },
  decision_closing: { group: "decision", email: true },
  decision_closed: { group: "decision", email: true },
  decision_outcome: { group: "decision", email: true },
  // The handbook: what became of an edit they proposed.
  handbook_edit_accepted: { group: "account", email: true },
  handbook_edit_declined: { group: "account", email: true },
  // Coordinators
  new_request: { group: "coordination", email: true, digest: true },
  new_urgent_request: { group: "coordination", email: true },
  join_requested: { group: "coordination", email: false },
  help_offered: { group: "coordination", email: false },
  need_forwarded: { group: "coordination", email: false },
  sibling_follow: { group: "coordination", email: false },
  // Admins: a coordinator's, admin's or treasurer's term ends within a week.
  role_term_ending: { group: "coordination", email: true },
  // A working group's convenors: a convenorship of the group ends within a week.
  convenor_term_ending: { group: "coordination", email: true },
  // The safety team (coordinators): what was reported and why, never by whom.
  new_report: { group: "coordination", email: true },
  // A member proposed an edit to a handbook page.
  handbook_edit_proposed: { group: "coordination", email: false },
  // What they watch
  watch_match: { group: "watch", email: false },
} as const satisfies Record<string, { group: string; email: boolean; digest?: true }>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const NOTIFICATION_KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

/** Crises reach everyone at once, whatever their digest or quiet hours say. */
export function isAlwaysImmediate(kind: NotificationKind): boolean {
  return NOTIFICATION_KINDS[kind].group === "crisis" || kind === "new_urgent_request";
}

/** Whether a kind's e-mail goes to the daily digest unless the member says otherwise. */
export function digestsByDefault(kind: NotificationKind): boolean {
  return "digest" in NOTIFICATION_KINDS[kind];
}

/** What a member gets for one kind of notification. */
export interface KindPreference {
  kind: NotificationKind;
  inApp: boolean;
  email: boolean;
  push: boolean;
  emailMode: "immediate" | "daily" | "weekly";
}

/** A kind's defaults: in the app always; e-mail and push as the table above says; digest kinds by e-mail only, daily. */
export function defaultPreference(kind: NotificationKind): KindPreference {
  const { email } = NOTIFICATION_KINDS[kind];
  const digest = digestsByDefault(kind);
  return { kind, inApp: true, email, push: email && !digest, emailMode: digest ? "daily" : "immediate" };
}
