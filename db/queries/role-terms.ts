import { and, eq, inArray, isNull, lte, ne, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { members } from "../schema/index.ts";

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
