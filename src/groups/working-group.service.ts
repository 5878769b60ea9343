import type { Database } from "../../db/database.ts";
import { findMemberByUsername } from "../../db/queries/members.ts";
import {
  addGroupMember,
  findGroupMembership,
  findWorkingGroup,
  insertWorkingGroup,
  listGroupDecisions,
  listGroupMembers,
  listOpenGroupTasks,
  listWorkingGroupRows,
  lockWorkingGroup,
  removeGroupMember,
  saveGroupMembership,
  type WorkingGroupRow,
} from "../../db/queries/working-groups.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ConflictError, ForbiddenError, InvalidFieldsError, NotFoundError } from "../errors.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import type { Member } from "../members/member.service.ts";
import { termProblem } from "../members/role-term.service.ts";
import { isCoordinator, requireMember, type Viewer } from "../members/viewer.ts";
import { isUuid, parseOrThrow } from "../validation.ts";
import { convenorInputSchema, type WorkingGroupInput, workingGroupInputSchema } from "./working-group.schema.ts";
import { toSummary, toTaskView, toView, type WorkingGroupSummary, type WorkingGroupView } from "./working-group.view.ts";

/**
 * Working groups: coordinators create them (and convene each new one until they name
 * someone else), members join and leave them, and a group's convenors or any coordinator
 * name and unname its convenors. A group always keeps at least one convenor. Members-only.
 */
export class WorkingGroupService {
  readonly #db: Database;
  readonly #log: CoordinatorLogService;
  readonly #now: () => Date;

  constructor(db: Database, deps: { log: CoordinatorLogService; clock: () => Date }) {
    this.#db = db;
    this.#log = deps.log;
    this.#now = deps.clock;
  }

  /** createWorkingGroup: coordinators only; the one who creates it is its first convenor. */
  async create(viewer: Viewer, input: WorkingGroupInput | Record<string, unknown>): Promise<WorkingGroupView> {
    const member = requireMember(viewer);
    if (!isCoordinator(member)) throw new ForbiddenError("Only coordinators create working groups.");
    const fields = parseOrThrow(workingGroupInputSchema, input);
    const id = await inTransaction(this.#db, async (tx) => {
      const row = await insertWorkingGroup(tx, { name: fields.name, purpose: fields.purpose, createdById: member.id });
      if (row === undefined) throw new InvalidFieldsError({ name: "a working group already has this name" });
      await saveGroupMembership(tx, row.id, member.id, true);
      await this.#log.record(tx, member, "working_group_created", { detail: row.name });
      return row.id;
    });
    return this.get(member, id);
  }

  async list(viewer: Viewer): Promise<WorkingGroupSummary[]> {
    const member = requireMember(viewer);
    return (await listWorkingGroupRows(this.#db, member.id)).map(toSummary);
  }

  /** getWorkingGroup: its members and convenors (usernames), its open tasks and its decisions. */
  async get(viewer: Viewer, id: string): Promise<WorkingGroupView> {
    const member = requireMember(viewer);
    const group = await this.#find(this.#db, id);
    const people = await listGroupMembers(this.#db, group.id);
    const mine = people.find((p) => p.memberId === member.id);
    return toView(group, people, {
      joined: mine !== undefined,
      canManage: isCoordinator(member) || mine?.convenor === true,
      tasks: (await listOpenGroupTasks(this.#db, group.id)).map(toTaskView),
      decisions: (await listGroupDecisions(this.#db, group.id)).map((d) => ({
        ...d,
        closesAt: d.closesAt.toISOString(),
      })),
    });
  }

  /** joinWorkingGroup: any active member; joining twice changes nothing. */
  async join(viewer: Viewer, id: string): Promise<WorkingGroupView> {
    const member = requireMember(viewer);
    const group = await this.#find(this.#db, id);
    await addGroupMember(this.#db, group.id, member.id);
    return this.get(member, group.id);
  }

  /** leaveWorkingGroup: the tasks they took go back to the group; the last convenor names another before leaving. */
  async leave(viewer: Viewer, id: string): Promise<WorkingGroupView> {
    const member = requireMember(viewer);
    await inTransaction(this.#db, async (tx) => {
      const group = await this.#find(tx, id, { lock: true });
      const people = await listGroupMembers(tx, group.id);
      if (isLastConvenor(people, member.id)) {
        throw new ConflictError("You are this group's only convenor: name another convenor before you leave.");
      }
      await removeGroupMember(tx, group.id, member.id);
    });
    return this.get(member, id);
  }

  /**
   * nameConvenor: a convenor of the group or a coordinator names an active member, who joins
   * the group if not in it, for a term ending on `until` or without end. Naming a convenor
   * again sets their term anew (renews it).
   */
  async nameConvenor(
    viewer: Viewer,
    id: string,
    input: { username: string; until?: string } | Record<string, unknown>,
  ): Promise<WorkingGroupView> {
    const actor = requireMember(viewer);
    const { username, until } = parseOrThrow(convenorInputSchema, input);
    const problem = termProblem(until, this.#now());
    if (problem !== null) throw new InvalidFieldsError({ until: problem });
    const day = until === undefined || until === "" ? null : until;
    await inTransaction(this.#db, async (tx) => {
      const group = await this.#managed(tx, actor, id);
      const subject = await findMemberByUsername(tx, username);
      if (subject === undefined || subject.status !== "active")
        throw new InvalidFieldsError({ username: "no active member has this username" });
      const before = await findGroupMembership(tx, group.id, subject.id);
      if (before?.convenor === true && before.convenorUntil === day) return;
      await saveGroupMembership(tx, group.id, subject.id, true, day);
      if (before?.convenor === true) {
        await this.#log.record(tx, actor, "role_term_set", { subjectMemberId: subject.id, detail: `${group.name} → ${day ?? "∞"}` });
      } else {
        await this.#log.record(tx, actor, "convenor_named", { subjectMemberId: subject.id, detail: group.name });
      }
    });
    return this.get(actor, id);
  }

  /** unnameConvenor: they stay in the group; its last convenor stays until another is named. */
  async unnameConvenor(viewer: Viewer, id: string, username: string): Promise<WorkingGroupView> {
    const actor = requireMember(viewer);
    await inTransaction(this.#db, async (tx) => {
      const group = await this.#managed(tx, actor, id);
      const people = await listGroupMembers(tx, group.id);
      const subject = people.find((p) => p.username === username && p.convenor);
      if (subject === undefined) throw new NotFoundError("This member does not convene this group.");
      if (isLastConvenor(people, subject.memberId))
        throw new ConflictError("A working group keeps at least one convenor: name another first.");
      await saveGroupMembership(tx, group.id, subject.memberId, false);
      await this.#log.record(tx, actor, "convenor_unnamed", { subjectMemberId: subject.memberId, detail: group.name });
    });
    return this.get(actor, id);
  }

  /** Whether the member may manage the group (its convenors and every coordinator). */
  async mayManage(db: Database, member: Member, groupId: string): Promise<boolean> {
    return isCoordinator(member) || (await findGroupMembership(db, groupId, member.id))?.convenor === true;
  }

  async #managed(tx: Database, actor: Member, id: string): Promise<WorkingGroupRow> {
    const group = await this.#find(tx, id, { lock: true });
    if (!(await this.mayManage(tx, actor, group.id))) throw new ForbiddenError("Only this group's convenors and coordinators manage it.");
    return group;
  }

  async #find(db: Database, id: string, options: { lock?: boolean } = {}): Promise<WorkingGroupRow> {
    const group = !isUuid(id) ? undefined : options.lock === true ? await lockWorkingGroup(db, id) : await findWorkingGroup(db, id);
    if (group === undefined) throw new NotFoundError("No such working group.");
    return group;
  }
}

/** A suspended convenor convenes nothing: the last active one stays. */
function isLastConvenor(people: readonly { memberId: string; convenor: boolean; active: boolean }[], memberId: string): boolean {
  const convenors = people.filter((p) => p.convenor && p.active);
  return convenors.length === 1 && convenors[0]!.memberId === memberId;
}
