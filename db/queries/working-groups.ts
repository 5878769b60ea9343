import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../database.ts";
import { decisions, groupTasks, members, workingGroupMembers, workingGroups } from "../schema/index.ts";

export type WorkingGroupRow = typeof workingGroups.$inferSelect;
export type GroupTaskRow = typeof groupTasks.$inferSelect;

/** A group as lists show it, with its head count and whether the member asking is in it. */
export interface WorkingGroupListRow {
  group: WorkingGroupRow;
  memberCount: number;
  joined: boolean;
}

export async function insertWorkingGroup(db: Database, values: typeof workingGroups.$inferInsert): Promise<WorkingGroupRow | undefined> {
  const [row] = await db.insert(workingGroups).values(values).onConflictDoNothing({ target: workingGroups.name }).returning();
  return row;
}

export async function findWorkingGroup(db: Database, id: string): Promise<WorkingGroupRow | undefined> {
  const [row] = await db.select().from(workingGroups).where(eq(workingGroups.id, id));
  return row;
}

/** The group's row, locked until the caller's transaction ends: changes to who convenes it go one after the other. */
export async function lockWorkingGroup(db: Database, id: string): Promise<WorkingGroupRow | undefined> {
  const [row] = await db.select().from(workingGroups).where(eq(workingGroups.id, id)).for("update");
  return row;
}

export function listWorkingGroupRows(db: Database, memberId: string): Promise<WorkingGroupListRow[]> {
  return db
    .select({
      group: workingGroups,
      memberCount: sql<number>`(SELECT count(*)::int FROM working_group_members m WHERE m.group_id = ${workingGroups.id})`,
      joined: sql<boolean>`EXISTS (SELECT 1 FROM working_group_members m
        WHERE m.group_id = ${workingGroups.id} AND m.member_id = ${memberId})`,
    })
    .from(workingGroups)
    .orderBy(asc(workingGroups.name));
}

/** The group's members, convenors first, then by username; `active` is false for a suspended (or pending) one. */
export function listGroupMembers(db: Database, groupId: string) {
  return db
    .select({
      memberId: workingGroupMembers.memberId,
      username: members.username,
      convenor: workingGroupMembers.convenor,
      convenorUntil: workingGroupMembers.convenorUntil,
      active: sql<boolean>`${members.status} = 'active'`,
    })
    .from(workingGroupMembers)
    .innerJoin(members, eq(members.id, workingGroupMembers.memberId))
    .where(eq(workingGroupMembers.groupId, groupId))
    .orderBy(sql`${workingGroupMembers.convenor} DESC`, asc(members.username));
}

/** Whether the member convenes any working group. */
export async function convenesAnyGroup(db: Database, memberId: string): Promise<boolean> {
  const [row] = await db
    .select({ groupId: workingGroupMembers.groupId })
    .from(workingGroupMembers)
    .where(and(eq(workingGroupMembers.memberId, memberId), eq(workingGroupMembers.convenor, true)))
    .limit(1);
  return row !== undefined;
}

export async function findGroupMembership(db: Database, groupId: string, memberId: string) {
  const [row] = await db
    .select()
    .from(workingGroupMembers)
    .where(and(eq(workingGroupMembers.groupId, groupId), eq(workingGroupMembers.memberId, memberId)));
  return row;
}

/** Adds the member to the group (as a convenor, or not), or changes whether they convene it, and until when (null: no end). */
export async function saveGroupMembership(
  db: Database,
  groupId: string,
  memberId: string,
  convenor: boolean,
  convenorUntil: string | null = null,
): Promise<void> {
  const set = { convenor, convenorUntil, convenorRemindedAt: null };
  await db
    .insert(workingGroupMembers)
    .values({ groupId, memberId, ...set })
    .onConflictDoUpdate({ target: [workingGroupMembers.groupId, workingGroupMembers.memberId], set });
}

/** Adds the member to the group; nothing if they are in it already. */
export async function addGroupMember(db: Database, groupId: string, memberId: string): Promise<void> {
  await db.insert(workingGroupMembers).values({ groupId, memberId }).onConflictDoNothing();
}

/** Takes the member out of the group, giving back the group's open tasks they had taken. */
export async function removeGroupMember(db: Database, groupId: string, memberId: string): Promise<void> {
  await db.delete(workingGroupMembers).where(and(eq(workingGroupMembers.groupId, groupId), eq(workingGroupMembers.memberId, memberId)));
  await db
    .update(groupTasks)
    .set({ takenById: null })
    .where(and(eq(groupTasks.groupId, groupId), eq(groupTasks.takenById, memberId), isNull(groupTasks.doneAt)));
}

/** The active members of a group: those who decide its decisions and are told of them. */
export async function listActiveGroupMemberIds(db: Database, groupId: string): Promise<string[]> {
  const rows = await db
    .select({ id: members.id })
    .from(workingGroupMembers)
    .innerJoin(members, eq(members.id, workingGroupMembers.memberId))
    .where(and(eq(workingGroupMembers.groupId, groupId), eq(members.status, "active")));
  return rows.map((row) => row.id);
}

export async function insertGroupTask(db: Database, values: typeof groupTasks.$inferInsert): Promise<GroupTaskRow> {
  const [row] = await db.insert(groupTasks).values(values).returning();
  return row!;
}

/** The task's row, locked until the caller's transaction ends: two members never take it at once. */
export async function lockGroupTask(db: Database, groupId: string, id: string): Promise<GroupTaskRow | undefined> {
  const [row] = await db
    .select()
    .from(groupTasks)
    .where(and(eq(groupTasks.id, id), eq(groupTasks.groupId, groupId)))
    .for("update");
  return row;
}

export async function updateGroupTaskRow(db: Database, id: string, values: Partial<typeof groupTasks.$inferInsert>): Promise<void> {
  await db.update(groupTasks).set(values).where(eq(groupTasks.id, id));
}

/** A task with who took it and the group's name. */
export interface GroupTaskWithNames {
  task: GroupTaskRow;
  groupName: string;
  takenBy: string | null;
}

function selectTasks(db: Database) {
  const taker = alias(members, "taker");
  return db
    .select({ task: groupTasks, groupName: workingGroups.name, takenBy: taker.username })
    .from(groupTasks)
    .innerJoin(workingGroups, eq(workingGroups.id, groupTasks.groupId))
    .leftJoin(taker, eq(taker.id, groupTasks.takenById));
}

export async function findGroupTask(db: Database, groupId: string, id: string): Promise<GroupTaskWithNames | undefined> {
  const [row] = await selectTasks(db).where(and(eq(groupTasks.id, id), eq(groupTasks.groupId, groupId)));
  return row;
}

const dueFirst = [sql`${groupTasks.dueOn} ASC NULLS LAST`, asc(groupTasks.createdAt)];

/** A group's tasks not done yet, the soonest due first. */
export function listOpenGroupTasks(db: Database, groupId: string): Promise<GroupTaskWithNames[]> {
  return selectTasks(db)
    .where(and(eq(groupTasks.groupId, groupId), isNull(groupTasks.doneAt)))
    .orderBy(...dueFirst);
}

/** The open tasks of every group the member is in, the soonest due first. */
export function listOpenTasksOfMember(db: Database, memberId: string): Promise<GroupTaskWithNames[]> {
  return selectTasks(db)
    .where(
      and(
        isNull(groupTasks.doneAt),
        sql`EXISTS (SELECT 1 FROM working_group_members m WHERE m.group_id = ${groupTasks.groupId} AND m.member_id = ${memberId})`,
      ),
    )
    .orderBy(...dueFirst);
}

/** The decisions a group makes, the newest first. */
export function listGroupDecisions(db: Database, groupId: string) {
  return db
    .select({
      id: decisions.id,
      title: decisions.title,
      status: decisions.status,
      closesAt: decisions.closesAt,
      outcome: decisions.outcome,
    })
    .from(decisions)
    .where(eq(decisions.workingGroupId, groupId))
    .orderBy(sql`${decisions.createdAt} DESC`);
}
