import type { Database } from "../../db/database.ts";
import { insertLogEntry, listLogEntries } from "../../db/queries/coordinator-log.ts";
import { UnauthenticatedError } from "../errors.ts";
import type { Member } from "./member.service.ts";
import { activeMember, type Viewer } from "./viewer.ts";

export const LOGGED_ACTIONS = [
  "member_approved",
  "join_requests_declined",
  "member_suspended",
  "member_reactivated",
  "role_changed",
  "invite_created",
  "post_entered_for_someone",
  "post_edited",
  "post_fulfilled",
  "post_withdrawn",
  "post_deleted",
  "settings_changed",
  "crisis_declared",
  "crisis_ended",
  "post_forwarded",
  "post_held_back",
  "response_accepted",
  "response_declined",
  "area_added",
  "match_proposed",
  "volunteer_assigned",
  "volunteer_unassigned",
  "no_show_recorded",
  // Volunteering: asking and approval, and every change of hands of a handover.
  "volunteer_asked",
  "volunteer_ask_withdrawn",
  "volunteer_approved",
  "volunteer_removed",
  "task_opened",
  "task_closed",
  "task_taken",
  "task_given_back",
  // The safety team's handling of reports; entries name what a report was about, never who made it.
  "report_assigned",
  "report_resolved",
  "report_reopened",
  "report_forwarded",
  "post_hidden",
  "post_restored",
  // Domain and actor blocks: the entry names the server or actor, never the reason.
  "server_blocked",
  "server_unblocked",
  // Cases: only that one was opened or closed, never about whom or why.
  "case_opened",
  "case_closed",
  // The dispatcher queue: answers to people without an account (never their number or address).
  "conversation_answered",
  "area_alias_added",
  "area_alias_removed",
  "treasurer_given",
  "treasurer_ended",
  // Deciding together: a coordinator closing, or writing the outcome of, a decision someone else started.
  "decision_closed",
  "decision_outcome_written",
  // Working groups: created (by a coordinator), and who convenes them.
  "working_group_created",
  "convenor_named",
  "convenor_unnamed",
  // Roles for a term: given or renewed with an end, and ended on that day by the network itself (no actor).
  "role_term_set",
  "role_term_ended",
  "convenor_term_ended",
] as const;
export type LoggedAction = (typeof LOGGED_ACTIONS)[number];

export interface LogEntry {
  at: string;
  actor: string | null;
  action: LoggedAction;
  subject: string | null;
  postId: string | null;
  detail: string | null;
}

/**
 * Every coordinator action, where every member can read it: power in a mutual aid group
 * is accountable to its members.
 */
export class CoordinatorLogService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Records an action in the caller's transaction, so it stands or falls with the change it records. */
  async record(
    tx: Database,
    actor: Member,
    action: LoggedAction,
    about: { subjectMemberId?: string; postId?: string; detail?: string } = {},
  ): Promise<void> {
    await insertLogEntry(tx, { actorId: actor.id, action, ...about });
  }

  /** Records what the network did by itself (a term ending), with no one as its actor. */
  async recordAutomatic(tx: Database, action: LoggedAction, about: { subjectMemberId?: string; detail?: string } = {}): Promise<void> {
    await insertLogEntry(tx, { actorId: null, action, ...about });
  }

  async list(viewer: Viewer, page = 1, perPage = 50): Promise<LogEntry[]> {
    if (activeMember(viewer) === null) throw new UnauthenticatedError("Sign in as a member to read the log.");
    const rows = await listLogEntries(this.#db, perPage, (page - 1) * perPage);
    return rows.map(({ entry, actorUsername, subjectUsername }) => ({
      at: entry.createdAt.toISOString(),
      actor: actorUsername,
      action: entry.action as LoggedAction,
      subject: subjectUsername,
      postId: entry.postId,
      detail: entry.detail,
    }));
  }
}
