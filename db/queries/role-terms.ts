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
 * keeping the books. The last admin whose term ends stays admin (a network is never left
 * without one): the admin page warns about it. Rows are locked first, so a second worker
 * finds them ended and passes.
 */
export async function endDueTerms(db: Database, today: string): Promise<RoleTermRow[]> {
  const otherAdmin = sql`EXISTS (SELECT 1 FROM members o WHERE o.id <> ${members.id} AND o.role = 'admin' AND o.status = 'active'
    AND (o.role_until IS NULL OR o.role_until > ${today}))`;
  const due = await db
    .select({ id: members.id, username: members.username, role: members.role, until: members.roleUntil })
    .from(members)
    .where(and(ne(members.role, "member"), lte(members.roleUntil, today), sql`(${members.role} <> 'admin' OR ${otherAdmin})`))
    .for("update");
  if (due.length > 0) {
    await db
      .update(members)
      .set({ role: "member", roleUntil: null, roleRemindedAt: null })
      .where(
        inArray(
          members.id,
          due.map((d) => d.id),
        ),
      );
  }
  const treasurers = await db
    .update(members)
    .set({ treasurer: false, treasurerUntil: null, treasurerRemindedAt: null })
    .where(and(eq(members.treasurer, true), lte(members.treasurerUntil, today)))
    .returning({ id: members.id, username: members.username });
  return [
    ...due.map((d) => ({ ...d, role: d.role as "coordinator" | "admin", until: d.until! })),
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
 * Ends the convenorships whose day has come; they stay in the group. A group's last convenor
 * (no other convenor whose term goes on) stays, as a group keeps at least one.
 */
export async function endDueConvenorTerms(db: Database, today: string): Promise<ConvenorTermRow[]> {
  const due = await selectConvenorTerms(db)
    .where(
      and(
        eq(workingGroupMembers.convenor, true),
        lte(workingGroupMembers.convenorUntil, today),
        sql`EXISTS (SELECT 1 FROM working_group_members o WHERE o.group_id = ${workingGroupMembers.groupId}
          AND o.member_id <> ${workingGroupMembers.memberId} AND o.convenor AND (o.convenor_until IS NULL OR o.convenor_until > ${today}))`,
      ),
    )
    .for("update", { of: workingGroupMembers });
  for (const row of due) {
    await db
      .update(workingGroupMembers)
      .set({ convenor: false, convenorUntil: null, convenorRemindedAt: null })
      .where(and(eq(workingGroupMembers.groupId, row.groupId), eq(workingGroupMembers.memberId, row.memberId)));
  }
  return due;
}
