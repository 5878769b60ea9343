import type { Database } from "../../db/database.ts";
import { findMemberById, updateMember } from "../../db/queries/members.ts";
import {
  claimConvenorTermsToRemind,
  claimTermsToRemind,
  endDueConvenorTerms,
  endDueTerms,
  listActiveAdminIds,
  listConvenorIds,
} from "../../db/queries/role-terms.ts";
import { inTransaction } from "../../db/transaction.ts";
import { dayProblem, utcDay } from "../dates.ts";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "../errors.ts";
import type { Notifier } from "../notifications/ports.ts";
import { isUuid } from "../validation.ts";
import type { CoordinatorLogService } from "./coordinator-log.service.ts";
import { activeMember, isAdmin, type Viewer } from "./viewer.ts";

const DAY_MS = 86_400_000;
/** How long before a term ends its admins are reminded. */
export const TERM_REMINDER_DAYS = 7;

/**
 * Roles held for a term (until a day), so that rotation is the default: admins are reminded a
 * week before a coordinator's, admin's or treasurer's term ends (a group's convenors, before a
 * convenorship's), and on its day the role ends unless renewed. Both run on the workers'
 * sweep, safe with several workers.
 */
export class RoleTermService {
  readonly #db: Database;
  readonly #notifier: Notifier;
  readonly #log: CoordinatorLogService;
  readonly #now: () => Date;

  constructor(db: Database, deps: { notifier: Notifier; log: CoordinatorLogService; clock: () => Date }) {
    this.#db = db;
    this.#notifier = deps.notifier;
    this.#log = deps.log;
    this.#now = deps.clock;
  }

  /**
   * Admins give a coordinator's or admin's role (`role`) or a treasurer's (`treasurer`) a term
   * ending on `until` (after today), renew it with a later day, or lift it (null). Logged.
   */
  async setTerm(viewer: Viewer, memberId: string, which: "role" | "treasurer", until: string | null): Promise<void> {
    const admin = activeMember(viewer);
    if (admin === null || !isAdmin(admin)) throw new ForbiddenError("Only admins give roles a term.");
    const day = termDay(until, this.#now());
    const subject = isUuid(memberId) ? await findMemberById(this.#db, memberId) : undefined;
    if (subject === undefined) throw new NotFoundError("No such member.");
    const role = which === "treasurer" ? (subject.treasurer ? "treasurer" : null) : subject.role === "member" ? null : subject.role;
    if (role === null) throw new ConflictError("This member does not hold that role: give it first.");
    if ((which === "role" ? subject.roleUntil : subject.treasurerUntil) === day) return;
    await inTransaction(this.#db, async (tx) => {
      await updateMember(
        tx,
        subject.id,
        which === "role" ? { roleUntil: day, roleRemindedAt: null } : { treasurerUntil: day, treasurerRemindedAt: null },
      );
      await this.#log.record(tx, admin, "role_term_set", { subjectMemberId: subject.id, detail: `${role} → ${day ?? "∞"}` });
    });
  }

  /** Refuses a day that cannot end a term (not a date, or not after today), naming `until`: a form checks it before changing the role. */
  checkDay(until: string | null | undefined): void {
    termDay(until, this.#now());
  }

  /** Tells every admin, once per term, of the terms that end within a week. Resolves to how many. */
  async remindEnding(): Promise<number> {
    return inTransaction(this.#db, async (tx) => {
      const now = this.#now();
      const weekAhead = utcDay(new Date(now.getTime() + TERM_REMINDER_DAYS * DAY_MS));
      const convenorships = await claimConvenorTermsToRemind(tx, weekAhead, now);
      for (const term of convenorships) {
        await this.#notifier.notify(
          tx,
          { members: await listConvenorIds(tx, term.groupId) },
          {
            kind: "convenor_term_ending",
            subjectId: term.groupId,
            url: `/groups/${term.groupId}`,
            params: { username: term.username, group: term.group, day: term.until },
          },
        );
      }
      const ending = await claimTermsToRemind(tx, weekAhead, now);
      if (ending.length === 0) return convenorships.length;
      const admins = await listActiveAdminIds(tx);
      for (const term of ending) {
        await this.#notifier.notify(
          tx,
          { members: admins },
          {
            kind: "role_term_ending",
            subjectId: term.id,
            url: "/members",
            params: { username: term.username, role: term.role, day: term.until },
          },
        );
      }
      return convenorships.length + ending.length;
    });
  }

  /** Ends the terms whose day has come, each written to the coordinator log and told to its holder. Resolves to how many. */
  async endDue(): Promise<number> {
    return inTransaction(this.#db, async (tx) => {
      const today = utcDay(this.#now());
      const convenorships = await endDueConvenorTerms(tx, today);
      for (const term of convenorships) {
        await this.#log.recordAutomatic(tx, "convenor_term_ended", { subjectMemberId: term.memberId, detail: term.group });
        await this.#notifier.notify(
          tx,
          { members: [term.memberId] },
          {
            kind: "role_term_ended",
            subjectId: term.groupId,
            url: `/groups/${term.groupId}`,
            params: { role: "convenor" },
          },
        );
      }
      const ended = await endDueTerms(tx, today);
      for (const term of ended) {
        await this.#log.recordAutomatic(tx, "role_term_ended", { subjectMemberId: term.id, detail: term.role });
        await this.#notifier.notify(
          tx,
          { members: [term.id] },
          {
            kind: "role_term_ended",
            subjectId: term.id,
            url: "/account",
            params: { role: term.role },
          },
        );
      }
      return convenorships.length + ended.length;
    });
  }
}

/** Why `until` cannot end a term (not a date, or not after today), or null when it can; empty means no end. */
export function termProblem(until: string | null | undefined, now: Date): string | null {
  if (until === undefined || until === null || until === "") return null;
  return dayProblem(until, now) ?? (until === utcDay(now) ? "choose a day after today" : null);
}

/** A term's last day as given (YYYY-MM-DD, after today), or null for a role without end; a bad day is refused naming `until`. */
export function termDay(until: string | null | undefined, now: Date): string | null {
  const problem = termProblem(until, now);
  if (problem !== null) throw new InvalidInputError("until", problem);
  return until === undefined || until === "" ? null : until;
}
