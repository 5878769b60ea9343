import type { Database } from "../../db/database.ts";
import {
  findGroupMembership,
  findGroupTask,
  findWorkingGroup,
  insertGroupTask,
  listOpenTasksOfMember,
  lockGroupTask,
  lockWorkingGroup,
  updateGroupTaskRow,
} from "../../db/queries/working-groups.ts";
import { inTransaction } from "../../db/transaction.ts";
import { dayProblem } from "../dates.ts";
import { ConflictError, ForbiddenError, InvalidFieldsError, NotFoundError } from "../errors.ts";
import type { Member } from "../members/member.service.ts";
import { requireMember, type Viewer } from "../members/viewer.ts";
import { isUuid, parseOrThrow } from "../validation.ts";
import { type GroupTaskInput, type GroupTaskUpdate, groupTaskInputSchema, groupTaskUpdateSchema } from "./working-group.schema.ts";
import type { WorkingGroupService } from "./working-group.service.ts";
import { type GroupTaskView, toTaskView } from "./working-group.view.ts";

/**
 * A working group's tasks: its members (and whoever manages it) add them; a member takes
 * one, gives it back or marks it done. Whoever manages the group may also give back or
 * finish a task someone else took.
 */
export class GroupTaskService {
  readonly #db: Database;
  readonly #groups: WorkingGroupService;
  readonly #now: () => Date;

  constructor(db: Database, deps: { groups: WorkingGroupService; clock: () => Date }) {
    this.#db = db;
    this.#groups = deps.groups;
    this.#now = deps.clock;
  }

  /** createGroupTask: a member of the group, a convenor or a coordinator. */
  async create(viewer: Viewer, groupId: string, input: GroupTaskInput | Record<string, unknown>): Promise<GroupTaskView> {
    const member = requireMember(viewer);
    const fields = parseOrThrow(groupTaskInputSchema, input);
    const dueProblem = fields.dueOn === undefined ? null : dayProblem(fields.dueOn, this.#now());
    if (dueProblem !== null) throw new InvalidFieldsError({ dueOn: dueProblem });
    const access = await this.#access(this.#db, member, groupId);
    if (!access.member && !access.manages) throw new ForbiddenError("Join this working group to add tasks to it.");
    const row = await insertGroupTask(this.#db, {
      groupId,
      title: fields.title,
      dueOn: fields.dueOn ?? null,
      createdById: member.id,
      createdAt: this.#now(),
    });
    return this.#view(groupId, row.id);
  }

  /**
   * updateGroupTask: `take` (a member of the group, while nobody has it), `release` (who took
   * it, or whoever manages the group), `done` (who took it, any member while nobody has it, or
   * whoever manages the group). A task once done stays done.
   */
  async update(viewer: Viewer, groupId: string, taskId: string, input: GroupTaskUpdate | Record<string, unknown>): Promise<GroupTaskView> {
    const member = requireMember(viewer);
    const { action } = parseOrThrow(groupTaskUpdateSchema, input);
    await inTransaction(this.#db, async (tx) => {
      // The group is locked as leaving it locks it: a task is never taken by someone leaving at that moment.
      if (isUuid(groupId)) await lockWorkingGroup(tx, groupId);
      const access = await this.#access(tx, member, groupId);
      const task = isUuid(taskId) ? await lockGroupTask(tx, groupId, taskId) : undefined;
      if (task === undefined) throw new NotFoundError("No such task in this working group.");
      if (task.doneAt !== null) throw new ConflictError("This task is already done.");
      const mine = task.takenById === member.id;
      const free = task.takenById === null;
      switch (action) {
        case "take":
          if (!access.member) throw new ForbiddenError("Join this working group to take its tasks.");
          if (!free && !mine) throw new ConflictError("Someone else has taken this task.");
          await updateGroupTaskRow(tx, task.id, { takenById: member.id });
          return;
        case "release":
          if (free) return;
          if (!mine && !access.manages) throw new ForbiddenError("Only who took this task, or a convenor, gives it back.");
          await updateGroupTaskRow(tx, task.id, { takenById: null });
          return;
        case "done":
          if (!(mine || (free && access.member) || access.manages)) {
            throw new ForbiddenError("Only who took this task, or a convenor, marks it done.");
          }
          await updateGroupTaskRow(tx, task.id, { doneAt: this.#now(), doneById: member.id, takenById: task.takenById ?? member.id });
          return;
        default:
          return exhaustive(action);
      }
    });
    return this.#view(groupId, taskId);
  }

  /** The open tasks of every group the member is in, for My tasks. */
  async mine(viewer: Viewer): Promise<GroupTaskView[]> {
    const member = requireMember(viewer);
    return (await listOpenTasksOfMember(this.#db, member.id)).map(toTaskView);
  }

  async #access(executor: Database, member: Member, groupId: string): Promise<{ member: boolean; manages: boolean }> {
    const group = isUuid(groupId) ? await findWorkingGroup(executor, groupId) : undefined;
    if (group === undefined) throw new NotFoundError("No such working group.");
    return {
      member: (await findGroupMembership(executor, groupId, member.id)) !== undefined,
      manages: await this.#groups.mayManage(executor, member, groupId),
    };
  }

  async #view(groupId: string, taskId: string): Promise<GroupTaskView> {
    return toTaskView((await findGroupTask(this.#db, groupId, taskId))!);
  }
}

function exhaustive(value: never): never {
  throw new Error(`unhandled action ${String(value)}`);
}
