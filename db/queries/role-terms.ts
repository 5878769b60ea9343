import { and, eq, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { members, workingGroupMembers, workingGroups } from "../schema/index.ts";

/** A term about to end or ended: whose, which role, until when. */
export interface RoleTermRow {
  id: string;
  username: string;
  role: "coordinator" | "admin" | "treasurer";
  until: string;
}

export async function listActiveAdminIds(db: Database): Promise<string[]> {
  const rows = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.role, "admin"), eq(members.status, "active")));
  return rows.map((row) => row.id);
}

/**
 * Takes the coordinator, admin and treasurer terms that end by `by` (a day) and whose admins
 * were not reminded yet, marking them reminded in the same statement: two workers never
 * remind twice.
 */
export async function claimTermsToRemind(db: Database, by: string, now: Date): Promise<RoleTermRow[]> {
  const roles = await db
    .update(members)
    .set({ roleRemindedAt: now })
    .where(and(ne(members.role, "member"), isNull(members.roleRemindedAt), lte(members.roleUntil, by)))
    .returning({ id: members.id, username: members.username, role: members.role, until: members.roleUntil });
  const treasurers = await db
    .update(members)
    .set({ treasurerRemindedAt: now })
    .where(and(eq(members.treasurer, true), isNull(members.treasurerRemindedAt), lte(members.treasurerUntil, by)))
    .returning({ id: members.id, username: members.username, until: members.treasurerUntil });
  return [
    ...roles.map((r) => ({ ...r, role: r.role as "coordinator" | "admin", until: r.until! })),
    ...treasurers.map((r) => ({ ...r, role: "treasurer" as const, until: r.until! })),
  ];
}

/**
 * Ends the terms whose day has come: coordinators and admins become members, treasurers stop
 * keeping the books. A network is never left without an admin: when every active admin's
 * term ends, the one whose term runs latest stays (the admin page warns about it). Every
 * active admin is locked first, so a second worker, or an admin changing roles at the same
 * moment, waits and then sees what this one did.
 */
export async function endDueTerms(db: Database, today: string): Promise<RoleTermRow[]> {
  const admins = await db
    .select({ id: members.id, until: members.roleUntil })
    .from(members)
    .where(and(eq(members.role, "admin"), eq(members.status, "active")))
    .orderBy(members.id)
    .for("update");
  const due = await db
    .select({ id: members.id, username: members.username, role: members.role, until: members.roleUntil, status: members.status })
    .from(members)
    .where(and(ne(members.role, "member"), lte(members.roleUntil, today)))
    .for("update");
  const adminsStaying = admins.filter((a) => a.until === null || a.until > today);
  const lastAdmin =
    adminsStaying.length > 0
      ? undefined
      : due
          .filter((d) => d.role === "admin" && d.status === "active")
          .sort((a, b) => (b.until ?? "").localeCompare(a.until ?? "") || a.id.localeCompare(b.id))[0];
  const ending = due.filter((d) => d.id !== lastAdmin?.id);
  if (ending.length > 0) {
    await db
      .update(members)
      .set({ role: "member", roleUntil: null, roleRemindedAt: null })
      .where(
        inArray(
          members.id,
          ending.map((d) => d.id),
        ),
      );
  }
  const treasurers = await db
    .update(members)
    .set({ treasurer: false, treasurerUntil: null, treasurerRemindedAt: null })
    .where(and(eq(members.treasurer, true), lte(members.treasurerUntil, today)))
    .returning({ id: members.id, username: members.username });
  return [
    ...ending.map((d) => ({ id: d.id, username: d.username, role: d.role as "coordinator" | "admin", until: d.until! })),
    ...treasurers.map((r) => ({ ...r, role: "treasurer" as const, until: today })),
  ];
}

/** A convenorship about to end or ended: whose, of which group. */
export interface ConvenorTermRow {
  groupId: string;
  group: string;
  memberId: string;
  username: string;
  until: string;
}

function selectConvenorTerms(db: Database) {
  return db
    .select({
      groupId: workingGroupMembers.groupId,
      group: workingGroups.name,
      memberId: workingGroupMembers.memberId,
      username: members.username,
      until: sql<string>`${workingGroupMembers.convenorUntil}`,
    })
    .from(workingGroupMembers)
    .innerJoin(workingGroups, eq(workingGroups.id, workingGroupMembers.groupId))
    .innerJoin(members, eq(members.id, workingGroupMembers.memberId));
}

/** Takes the convenorships that end by `by` whose group was not reminded yet, marking them reminded (once, across workers). */
export async function claimConvenorTermsToRemind(db: Database, by: string, now: Date): Promise<ConvenorTermRow[]> {
  const claimed = await db
    .update(workingGroupMembers)
    .set({ convenorRemindedAt: now })
    .where(
      and(
        eq(workingGroupMembers.convenor, true),
        isNull(workingGroupMembers.convenorRemindedAt),
        lte(workingGroupMembers.convenorUntil, by),
      ),
    )
    .returning({ groupId: workingGroupMembers.groupId, memberId: workingGroupMembers.memberId });
  if (claimed.length === 0) return [];
  return selectConvenorTerms(db).where(
    or(...claimed.map((c) => and(eq(workingGroupMembers.groupId, c.groupId), eq(workingGroupMembers.memberId, c.memberId)))),
  );
}

/** The ids of a group's convenors. */
export async function listConvenorIds(db: Database, groupId: string): Promise<string[]> {
  const rows = await db
    .select({ id: workingGroupMembers.memberId })
    .from(workingGroupMembers)
    .where(and(eq(workingGroupMembers.groupId, groupId), eq(workingGroupMembers.convenor, true)));
  return rows.map((row) => row.id);
}

/**
 * Ends the convenorships whose day has come; they stay in the group. A group keeps at least
 * one active convenor: when all of its convenors' terms end, the one whose term runs latest
 * stays. The groups are locked first, as joining, leaving and naming convenors lock them.
 */
export async function endDueConvenorTerms(db: Database, today: string): Promise<ConvenorTermRow[]> {
  const dueNow = () =>
    selectConvenorTerms(db).where(and(eq(workingGroupMembers.convenor, true), lte(workingGroupMembers.convenorUntil, today)));
  const groupIds = [...new Set((await dueNow()).map((row) => row.groupId))];
  if (groupIds.length === 0) return [];
  await db
    .select({ id: workingGroups.id })
    .from(workingGroups)
    .where(inArray(workingGroups.id, groupIds))
    .orderBy(workingGroups.id)
    .for("update");
  const due = await dueNow();
  const staying = await db
    .select({ groupId: workingGroupMembers.groupId })
    .from(workingGroupMembers)
    .innerJoin(members, eq(members.id, workingGroupMembers.memberId))
    .where(
      and(
        inArray(workingGroupMembers.groupId, groupIds),
        eq(workingGroupMembers.convenor, true),
        eq(members.status, "active"),
        sql`(${workingGroupMembers.convenorUntil} IS NULL OR ${workingGroupMembers.convenorUntil} > ${today})`,
      ),
    );
  const kept = new Set<string>();
  for (const groupId of groupIds) {
    if (staying.some((row) => row.groupId === groupId)) continue;
    const last = due
      .filter((row) => row.groupId === groupId)
      .sort((a, b) => b.until.localeCompare(a.until) || a.memberId.localeCompare(b.memberId))[0];
    if (last !== undefined) kept.add(`${last.groupId}:${last.memberId}`);
  }
  const ending = due.filter((row) => !kept.has(`${row.groupId}:${row.memberId}`));
  for (const row of ending) {
    await db
      .update(workingGroupMembers)
      .set({ convenor: false, convenorUntil: null, convenorRemindedAt: null })
      .where(and(eq(workingGroupMembers.groupId, row.groupId), eq(workingGroupMembers.memberId, row.memberId)));
  }
  return ending;
}
