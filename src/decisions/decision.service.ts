import type { Database } from "../../db/database.ts";
import {
  claimDecisionsToRemind,
  closeDecisionRow,
  closeDueDecisionRows,
  countEligibleVoters,
  type DecisionRow,
  type DecisionWithNames,
  findDecision,
  insertDecision,
  listDecisionOptions,
  listDecisionRows,
  listNonVoterIds,
  listOutcomeRows,
  listVotes,
  lockDecision,
  saveVote,
  updateDecisionRow,
} from "../../db/queries/decisions.ts";
import { findGroupMembership, findWorkingGroup, listActiveGroupMemberIds } from "../../db/queries/working-groups.ts";
import { inTransaction } from "../../db/transaction.ts";
import { dayProblem } from "../dates.ts";
import { ConflictError, ForbiddenError, InvalidFieldsError, NotFoundError } from "../errors.ts";
import type { RateLimit, RateLimiter } from "../limits/rate-limiter.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import type { Member } from "../members/member.service.ts";
import { isCoordinator, requireMember, type Viewer } from "../members/viewer.ts";
import type { Audience, Notice, Notifier } from "../notifications/ports.ts";
import { isUuid, parseOrThrow } from "../validation.ts";
import { ballotFrom } from "./ballot.ts";
import {
  type CloseDecisionInput,
  closeDecisionSchema,
  type DecisionInput,
  decisionInputSchema,
  type VoteBody,
  voteInputSchema,
} from "./decision.schema.ts";
import { type DecisionSummary, type DecisionView, rulesOf, toSummary, toView } from "./decision.view.ts";
import { hasOptions } from "./tally.ts";

const DAY_MS = 86_400_000;
/** The furthest ahead a decision may close. */
const MAX_OPEN_DAYS = 366;
const DECISIONS_PER_PAGE = 50;

/**
 * Deciding together: any active member starts a decision, every active member (or, for a
 * working group's decision, its members) may vote (and change their vote) until it closes, and the one who started it or a coordinator
 * closes it and writes the outcome. Members-only: nothing here is federated or public.
 * Those who decide are told when one opens, a day before it closes if they have not voted, and of
 * its outcome; the notices are written in the transaction of the change.
 */
export class DecisionService {
  readonly #db: Database;
  readonly #notifier: Notifier;
  readonly #log: CoordinatorLogService;
  readonly #now: () => number;
  readonly #limiter: RateLimiter;
  readonly #limit: RateLimit;

  constructor(
    db: Database,
    deps: { notifier: Notifier; log: CoordinatorLogService; clock: () => Date; limiter: RateLimiter; limit: RateLimit },
  ) {
    this.#db = db;
    this.#limiter = deps.limiter;
    this.#limit = deps.limit;
    this.#notifier = deps.notifier;
    this.#log = deps.log;
    this.#now = () => deps.clock().getTime();
  }

  /** createDecision: any active member; every active member decides, or one working group (started by its members or a coordinator). */
  async create(viewer: Viewer, input: DecisionInput | Record<string, unknown>): Promise<DecisionView> {
    const member = requireMember(viewer);
    const fields = parseOrThrow(decisionInputSchema, input);
    const now = this.#now();
    const closesAt = new Date(fields.closesAt);
    const options = fields.options ?? [];
    const problems: Record<string, string> = {};
    if (closesAt.getTime() <= now) problems.closesAt = "is in the past";
    else if (closesAt.getTime() > now + MAX_OPEN_DAYS * DAY_MS) problems.closesAt = "close it within a year";
    if (hasOptions(fields.process)) {
      const lowered = options.map((o) => o.toLowerCase());
      const twice = lowered.findIndex((o, index) => lowered.indexOf(o) !== index);
      if (options.length < 2) problems.options = "give at least two options";
      else if (twice !== -1) problems[`options.${twice}`] = "this option is already listed";
    } else if (options.length > 0) {
      problems.options = "only polls, ranked choices and meeting times have options";
    }
    if (fields.anyOf === true && fields.process !== "poll") problems.anyOf = "only a poll can let members choose any of its options";
    if (fields.workingGroupId !== undefined && (await findWorkingGroup(this.#db, fields.workingGroupId)) === undefined) {
      problems.workingGroupId = "no working group has this id";
    }
    if (Object.keys(problems).length > 0) throw new InvalidFieldsError(problems);
    if (fields.workingGroupId !== undefined && !isCoordinator(member)) {
      if ((await findGroupMembership(this.#db, fields.workingGroupId, member.id)) === undefined) {
        throw new ForbiddenError("Only the members of a working group (and coordinators) start its decisions.");
      }
    }
    // Counted only for a decision that will be made: a form with mistakes costs nothing.
    await this.#limiter.take(this.#limit, member.id);
    const id = await inTransaction(this.#db, async (tx) => {
      const row = await insertDecision(
        tx,
        {
          title: fields.title,
          body: fields.body,
          process: fields.process,
          anyOf: fields.anyOf ?? false,
          starterId: member.id,
          quorum: fields.quorum ?? null,
          hideResults: fields.hideResults ?? "never",
          anonymous: fields.anonymous ?? false,
          workingGroupId: fields.workingGroupId ?? null,
          closesAt,
          createdAt: new Date(now),
        },
        hasOptions(fields.process) ? options : [],
      );
      await this.#notifier.notify(tx, await deciders(tx, row), notice("decision_opened", row.id, row.title), member.id);
      return row.id;
    });
    return this.get(member, id);
  }

  /** Open decisions first (closing soonest first), then closed ones. */
  async list(viewer: Viewer, page = 1): Promise<DecisionSummary[]> {
    const member = requireMember(viewer);
    const rows = await listDecisionRows(this.#db, member.id, DECISIONS_PER_PAGE, (page - 1) * DECISIONS_PER_PAGE);
    return rows.map(toSummary);
  }

  /** The decisions log: every written outcome, newest first. */
  async outcomes(viewer: Viewer, page = 1): Promise<DecisionView[]> {
    const member = requireMember(viewer);
    const rows = await listOutcomeRows(this.#db, member.id, DECISIONS_PER_PAGE, (page - 1) * DECISIONS_PER_PAGE);
    return Promise.all(rows.map((row) => this.#view(this.#db, member, row)));
  }

  async get(viewer: Viewer, id: string): Promise<DecisionView> {
    const member = requireMember(viewer);
    return this.#view(this.#db, member, await this.#find(this.#db, member, id));
  }

  /** castVote: a vote the decision's process takes, cast or changed while it is open. */
  async vote(viewer: Viewer, id: string, input: VoteBody | Record<string, unknown>): Promise<DecisionView> {
    const member = requireMember(viewer);
    const body = parseOrThrow(voteInputSchema, input);
    await inTransaction(this.#db, async (tx) => {
      const row = await this.#find(tx, member, id, { lock: true });
      if (!row.mayVote) throw new ForbiddenError(`Only the members of the working group ${row.workingGroupName} vote on this decision.`);
      if (row.decision.status === "closed" || row.decision.closesAt.getTime() <= this.#now()) {
        throw new ConflictError("Voting on this decision has closed.");
      }
      const { ballot, reason } = ballotFrom(rulesOf(row, await listDecisionOptions(tx, id)), body);
      await saveVote(tx, { decisionId: id, memberId: member.id, ballot, reason }, new Date(this.#now()));
    });
    return this.get(member, id);
  }

  /**
   * closeDecision: the one who started it or a coordinator closes it, and writes its outcome
   * then or later (once), optionally with a day to review it. Everyone is told the outcome.
   */
  async close(viewer: Viewer, id: string, input: CloseDecisionInput | Record<string, unknown>): Promise<DecisionView> {
    const member = requireMember(viewer);
    const fields = parseOrThrow(closeDecisionSchema, input);
    const reviewProblem = fields.reviewOn === undefined ? null : dayProblem(fields.reviewOn, new Date(this.#now()));
    if (reviewProblem !== null) throw new InvalidFieldsError({ reviewOn: reviewProblem });
    if (fields.reviewOn !== undefined && fields.outcome === undefined) {
      throw new InvalidFieldsError({ reviewOn: "a review day goes with the outcome; write the outcome too" });
    }
    await inTransaction(this.#db, async (tx) => {
      const row = await this.#find(tx, member, id, { lock: true });
      const { decision } = row;
      if (!mayClose(member, row)) throw new ForbiddenError("Only the one who started this decision or a coordinator can close it.");
      const onBehalf = decision.starterId !== member.id;
      const at = new Date(this.#now());
      if (decision.status === "open") {
        await closeDecisionRow(tx, id, at);
        if (onBehalf) await this.#log.record(tx, member, "decision_closed", { detail: decision.title });
      } else if (fields.outcome === undefined) {
        throw new InvalidFieldsError({ outcome: "the decision is closed; write what was decided" });
      }
      if (fields.outcome === undefined) return;
      if (decision.outcome !== null) throw new ConflictError("The outcome of this decision is already written.");
      await updateDecisionRow(tx, id, {
        outcome: fields.outcome,
        outcomeById: member.id,
        outcomeAt: at,
        reviewOn: fields.reviewOn ?? null,
      });
      if (onBehalf) await this.#log.record(tx, member, "decision_outcome_written", { detail: decision.title });
      await this.#notifier.notify(tx, await deciders(tx, decision), notice("decision_outcome", id, decision.title), member.id);
    });
    return this.get(member, id);
  }

  /**
   * Closes the decisions whose time has come (run periodically by the workers) and asks
   * each one's starter to write its outcome. Resolves to how many closed.
   */
  async closeDue(): Promise<number> {
    return inTransaction(this.#db, async (tx) => {
      const closed = await closeDueDecisionRows(tx, new Date(this.#now()));
      for (const decision of closed) {
        await this.#notifier.notify(tx, { members: [decision.starterId] }, notice("decision_closed", decision.id, decision.title));
      }
      return closed.length;
    });
  }

  /**
   * A day before a decision closes, reminds the members who have not voted (once per
   * decision, and only for decisions open longer than a day: a shorter one was just
   * announced). Run periodically by the workers; resolves to how many decisions.
   */
  async remindClosing(): Promise<number> {
    return inTransaction(this.#db, async (tx) => {
      const due = await claimDecisionsToRemind(tx, new Date(this.#now()), DAY_MS);
      for (const decision of due) {
        await this.#notifier.notify(
          tx,
          { members: await listNonVoterIds(tx, decision.id) },
          notice("decision_closing", decision.id, decision.title),
        );
      }
      return due.length;
    });
  }

  async #find(db: Database, member: Member, id: string, options: { lock?: boolean } = {}): Promise<DecisionWithNames> {
    // The lock keeps a vote and a close of the same decision one after the other.
    if (isUuid(id) && options.lock === true) await lockDecision(db, id);
    const row = isUuid(id) ? await findDecision(db, id, member.id) : undefined;
    if (row === undefined) throw new NotFoundError("No such decision.");
    return row;
  }

  async #view(db: Database, member: Member, row: DecisionWithNames): Promise<DecisionView> {
    const id = row.decision.id;
    const eligible = row.decision.eligibleCount ?? (await countEligibleVoters(db, id));
    return toView(row, await listDecisionOptions(db, id), await listVotes(db, id), {
      memberId: member.id,
      eligible,
      canClose: canClose(member, row),
    });
  }
}

/** The one who started a decision and the coordinators close it and write its outcome. */
function mayClose(member: Member, row: DecisionWithNames): boolean {
  return row.decision.starterId === member.id || isCoordinator(member);
}

/** Whether there is anything left for the member to close or write: until the outcome is written. */
function canClose(member: Member, row: DecisionWithNames): boolean {
  return row.decision.outcome === null && mayClose(member, row);
}

/** Who decides, and is told: the working group's active members, or everyone. */
async function deciders(tx: Database, decision: DecisionRow): Promise<Audience> {
  return decision.workingGroupId === null ? { everyone: true } : { members: await listActiveGroupMemberIds(tx, decision.workingGroupId) };
}

function notice(kind: Notice["kind"], id: string, title: string): Notice {
  return { kind, subjectId: id, url: `/decisions/${id}`, params: { title } };
}
