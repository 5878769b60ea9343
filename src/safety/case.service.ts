import type { Database } from "../../db/database.ts";
import {
  type CaseWithNames,
  findCase,
  insertCase,
  insertCaseLinks,
  insertCaseNote,
  insertCaseParticipants,
  insertCaseStep,
  insertRestriction,
  liftRestriction,
  listCaseLinks,
  listCaseNotes,
  listCaseParticipants,
  listCaseRows,
  listCaseSteps,
  listRestrictions,
  markCaseStepDone,
  updateCaseRow,
} from "../../db/queries/cases.ts";
import { findMatch } from "../../db/queries/matches.ts";
import { findMemberByUsername } from "../../db/queries/members.ts";
import { findReport } from "../../db/queries/reports.ts";
import { inTransaction } from "../../db/transaction.ts";
import { dayProblem } from "../dates.ts";
import { InvalidFieldsError, NotFoundError } from "../errors.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import type { Member } from "../members/member.service.ts";
import { isCoordinator, requireMember, type Viewer } from "../members/viewer.ts";
import type { Notifier } from "../notifications/ports.ts";
import { isUuid, parseOrThrow } from "../validation.ts";
import {
  type CaseChange,
  type CaseInput,
  caseChangeSchema,
  caseInputSchema,
  MAX_RESTRICTION_DAYS,
  type RestrictionInput,
  type RestrictionKind,
  restrictionInputSchema,
} from "./case.schema.ts";
import { requireSafetyTeam } from "./report.policy.ts";

export const CASES_PER_PAGE = 50;

export interface CaseStep {
  id: string;
  text: string;
  dueDate: string | null;
  done: boolean;
}

export interface CaseRestriction {
  id: string;
  member: string;
  kind: RestrictionKind;
  until: string;
  /** Holds now: not lifted and not yet over. */
  active: boolean;
}

/** What a participant sees of their case: the agreed steps, their own restrictions and, once closed, its summary. */
export interface ParticipantCaseView {
  id: string;
  status: "open" | "closed";
  steps: CaseStep[];
  restrictions: CaseRestriction[];
  summary: string | null;
  createdAt: string;
  closedAt: string | null;
}

/** What the safety team and the case's mediator see. */
export interface CaseView extends ParticipantCaseView {
  title: string;
  mediator: string | null;
  participants: string[];
  reports: string[];
  matches: string[];
  notes: { author: string | null; text: string; at: string }[];
}

/**
 * Cases: conflict resolution between members, opened by the safety team (coordinators)
 * from reports and matches. The team and the case's mediator see everything, including
 * the private notes; a participant sees the agreed steps, the limits on themselves and
 * the closing summary; anyone else gets "not found". The coordinator log says only that a
 * case was opened or closed. A participant can be limited for a set time (no posting, no
 * handovers, only coordinator-made matches) rather than suspended; the limit ends by itself.
 */
export class CaseService {
  readonly #db: Database;
  readonly #log: CoordinatorLogService;
  readonly #notifier: Notifier;

  constructor(db: Database, deps: { log: CoordinatorLogService; notifier: Notifier }) {
    this.#db = db;
    this.#log = deps.log;
    this.#notifier = deps.notifier;
  }

  async create(viewer: Viewer, input: CaseInput | Record<string, unknown>): Promise<CaseView> {
    const coordinator = requireSafetyTeam(viewer);
    const fields = parseOrThrow(caseInputSchema, input);
    const participants = await Promise.all(fields.participants.map((u) => this.#member("participants", u)));
    const mediator = fields.mediator === undefined ? null : await this.#member("mediator", fields.mediator);
    if (mediator !== null && participants.some((p) => p.id === mediator.id)) {
      throw new InvalidFieldsError({ mediator: "a mediator cannot also be a participant" });
    }
    for (const id of fields.reports ?? []) {
      if ((await findReport(this.#db, id)) === undefined) throw new InvalidFieldsError({ reports: `there is no report ${id}` });
    }
    for (const id of fields.matches ?? []) {
      if ((await findMatch(this.#db, id)) === undefined) throw new InvalidFieldsError({ matches: `there is no match ${id}` });
    }
    const id = await inTransaction(this.#db, async (tx) => {
      const row = await insertCase(tx, { title: fields.title, mediatorId: mediator?.id ?? null, openedById: coordinator.id });
      await insertCaseParticipants(
        tx,
        row.id,
        participants.map((p) => p.id),
      );
      await insertCaseLinks(tx, row.id, [
        ...(fields.reports ?? []).map((targetId) => ({ type: "report" as const, targetId })),
        ...(fields.matches ?? []).map((targetId) => ({ type: "match" as const, targetId })),
      ]);
      if (fields.note !== undefined) await insertCaseNote(tx, { caseId: row.id, authorId: coordinator.id, text: fields.note });
      if (mediator !== null) await this.#askToMediate(tx, row.id, mediator.id, coordinator.id);
      // The log says that a case was opened, and nothing about it.
      await this.#log.record(tx, coordinator, "case_opened");
      return row.id;
    });
    return (await this.get(viewer, id)) as CaseView;
  }

  /** The team: every case, open first. Anyone else: the cases they take part in or mediate. */
  async list(viewer: Viewer, query: { status?: "open" | "closed"; page?: number } = {}): Promise<(CaseView | ParticipantCaseView)[]> {
    const member = requireMember(viewer);
    const page = query.page ?? 1;
    const rows = await listCaseRows(
      this.#db,
      { status: query.status, memberId: isCoordinator(member) ? undefined : member.id },
      CASES_PER_PAGE,
      (page - 1) * CASES_PER_PAGE,
    );
    return Promise.all(rows.map((row) => this.#viewFor(member, row)));
  }

  async get(viewer: Viewer, id: string): Promise<CaseView | ParticipantCaseView> {
    const member = requireMember(viewer);
    return this.#viewFor(member, await this.#find(id));
  }

  /** The team or the mediator notes, adds a step or marks one done; the team also names the mediator, closes and reopens. */
  async update(viewer: Viewer, id: string, change: CaseChange | Record<string, unknown>): Promise<CaseView> {
    const member = requireMember(viewer);
    const row = await this.#find(id);
    const team = isCoordinator(member);
    if (!team && row.case.mediatorId !== member.id) throw new NotFoundError("No such case.");
    const fields = parseOrThrow(caseChangeSchema, change);
    if (!team && (fields.mediator !== undefined || fields.status !== undefined)) {
      requireSafetyTeam(viewer);
    }
    const mediator =
      fields.mediator === undefined || fields.mediator === null ? fields.mediator : await this.#member("mediator", fields.mediator);
    if (mediator && (await listCaseParticipants(this.#db, id)).some((p) => p.id === mediator.id)) {
      throw new InvalidFieldsError({ mediator: "a mediator cannot also be a participant" });
    }
    const closing = fields.status === "closed" && row.case.status !== "closed";
    if (closing && fields.summary === undefined) throw new InvalidFieldsError({ summary: "say how the case ended" });
    if (fields.step?.dueDate !== undefined) {
      const problem = dayProblem(fields.step.dueDate);
      if (problem !== null) throw new InvalidFieldsError({ "step.dueDate": problem });
    }
    await inTransaction(this.#db, async (tx) => {
      if (mediator !== undefined) await updateCaseRow(tx, id, { mediatorId: mediator?.id ?? null });
      if (mediator && mediator.id !== row.case.mediatorId) await this.#askToMediate(tx, id, mediator.id, member.id);
      if (fields.note !== undefined) await insertCaseNote(tx, { caseId: id, authorId: member.id, text: fields.note });
      if (fields.step !== undefined) {
        await insertCaseStep(tx, { caseId: id, text: fields.step.text, dueDate: fields.step.dueDate ?? null });
        await this.#tellParticipants(tx, id, "case_step", member.id);
      }
      if (fields.stepDone !== undefined && !(await markCaseStepDone(tx, id, fields.stepDone))) {
        throw new InvalidFieldsError({ stepDone: "this case has no such step" });
      }
      if (fields.summary !== undefined) await updateCaseRow(tx, id, { summary: fields.summary });
      if (closing) {
        await updateCaseRow(tx, id, { status: "closed", closedAt: new Date() });
        await this.#log.record(tx, member, "case_closed");
        await this.#tellParticipants(tx, id, "case_closed", member.id);
      } else if (fields.status === "open" && row.case.status !== "open") {
        await updateCaseRow(tx, id, { status: "open", closedAt: null });
        await this.#log.record(tx, member, "case_opened");
      }
    });
    return (await this.get(viewer, id)) as CaseView;
  }

  /** The team limits a participant for a set time (at most a year). Not in the log: it is part of the case. */
  async restrict(viewer: Viewer, id: string, input: RestrictionInput | Record<string, unknown>): Promise<CaseView> {
    const coordinator = requireSafetyTeam(viewer);
    const row = await this.#find(id);
    const fields = parseOrThrow(restrictionInputSchema, input);
    const participant = (await listCaseParticipants(this.#db, id)).find((p) => p.username === fields.member);
    if (participant === undefined) throw new InvalidFieldsError({ member: "name one of the case's participants" });
    if (row.case.status === "closed") throw new InvalidFieldsError({ member: "the case is closed; reopen it first" });
    const until = new Date(fields.until.length === 10 ? `${fields.until}T00:00:00Z` : fields.until);
    const latest = Date.now() + MAX_RESTRICTION_DAYS * 86_400_000;
    if (Number.isNaN(until.getTime())) throw new InvalidFieldsError({ until: "is not a real date" });
    if (until.getTime() <= Date.now()) throw new InvalidFieldsError({ until: "is in the past" });
    if (until.getTime() > latest) throw new InvalidFieldsError({ until: `use at most ${MAX_RESTRICTION_DAYS} days from now` });
    await inTransaction(this.#db, async (tx) => {
      const restriction = await insertRestriction(tx, {
        caseId: id,
        memberId: participant.id,
        kind: fields.kind,
        until,
        createdById: coordinator.id,
      });
      // The member hears what they may not do and until when: nothing about the case's notes or reports.
      await this.#notifier.notify(
        tx,
        { members: [participant.id] },
        {
          kind: "case_limit",
          subjectId: restriction.id,
          url: `/cases/${id}`,
          params: { limit: fields.kind, until: until.toISOString() },
        },
        coordinator.id,
      );
    });
    return (await this.get(viewer, id)) as CaseView;
  }

  /** The team lifts a restriction before its time. */
  async lift(viewer: Viewer, id: string, restrictionId: string): Promise<void> {
    requireSafetyTeam(viewer);
    await this.#find(id);
    if (!isUuid(restrictionId) || !(await liftRestriction(this.#db, id, restrictionId))) {
      throw new NotFoundError("No such restriction holds in this case.");
    }
  }

  /** Participants hear that their case moved on, and read what they may on its page. */
  async #tellParticipants(tx: Database, caseId: string, kind: "case_step" | "case_closed", by: string): Promise<void> {
    const members = (await listCaseParticipants(tx, caseId)).map((p) => p.id);
    await this.#notifier.notify(tx, { members }, { kind, subjectId: caseId, url: `/cases/${caseId}` }, by);
  }

  async #askToMediate(tx: Database, caseId: string, mediatorId: string, by: string): Promise<void> {
    await this.#notifier.notify(tx, { members: [mediatorId] }, { kind: "case_mediation", subjectId: caseId, url: `/cases/${caseId}` }, by);
  }

  async #find(id: string): Promise<CaseWithNames> {
    const row = isUuid(id) ? await findCase(this.#db, id) : undefined;
    if (row === undefined) throw new NotFoundError("No such case.");
    return row;
  }

  async #member(field: string, username: string): Promise<Member> {
    const member = await findMemberByUsername(this.#db, username);
    if (member === undefined || member.status === "pending")
      throw new InvalidFieldsError({ [field]: `there is no member called ${username}` });
    return member;
  }

  /** The case as this member may see it; "not found" for a member who has no part in it. */
  async #viewFor(member: Member, row: CaseWithNames): Promise<CaseView | ParticipantCaseView> {
    const id = row.case.id;
    const participants = await listCaseParticipants(this.#db, id);
    const full = isCoordinator(member) || row.case.mediatorId === member.id;
    if (!full && !participants.some((p) => p.id === member.id)) throw new NotFoundError("No such case.");
    const now = Date.now();
    const restrictions = (await listRestrictions(this.#db, id))
      .filter(({ restriction }) => full || restriction.memberId === member.id)
      .map(({ restriction, username }) => ({
        id: restriction.id,
        member: username,
        kind: restriction.kind,
        until: restriction.until.toISOString(),
        active: restriction.liftedAt === null && restriction.until.getTime() > now,
      }));
    const steps = (await listCaseSteps(this.#db, id)).map((s) => ({ id: s.id, text: s.text, dueDate: s.dueDate, done: s.doneAt !== null }));
    const shared: ParticipantCaseView = {
      id,
      status: row.case.status,
      steps,
      restrictions,
      // The summary is written for everyone in the case, once it is closed.
      summary: full || row.case.status === "closed" ? row.case.summary : null,
      createdAt: row.case.createdAt.toISOString(),
      closedAt: row.case.closedAt?.toISOString() ?? null,
    };
    if (!full) return shared;
    const links = await listCaseLinks(this.#db, id);
    const notes = await listCaseNotes(this.#db, id);
    return {
      ...shared,
      title: row.case.title,
      mediator: row.mediatorUsername,
      participants: participants.map((p) => p.username),
      reports: links.filter((l) => l.type === "report").map((l) => l.targetId),
      matches: links.filter((l) => l.type === "match").map((l) => l.targetId),
      notes: notes.map((n) => ({ author: n.author, text: n.text, at: n.at.toISOString() })),
    };
  }
}
