import { and, asc, desc, eq, gt, isNull, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../database.ts";
import { caseLinks, caseNotes, caseParticipants, caseSteps, cases, memberRestrictions, members } from "../schema/index.ts";

export type CaseRow = typeof cases.$inferSelect;
export type CaseStatus = CaseRow["status"];
export type CaseLinkType = (typeof caseLinks.$inferSelect)["type"];
export type RestrictionKind = (typeof memberRestrictions.$inferSelect)["kind"];
export type RestrictionRow = typeof memberRestrictions.$inferSelect;

export async function insertCase(db: Database, values: typeof cases.$inferInsert): Promise<CaseRow> {
  const [row] = await db.insert(cases).values(values).returning();
  return row!;
}

export async function updateCaseRow(db: Database, id: string, values: Partial<typeof cases.$inferInsert>): Promise<void> {
  await db.update(cases).set(values).where(eq(cases.id, id));
}

export async function insertCaseParticipants(db: Database, caseId: string, memberIds: readonly string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await db
    .insert(caseParticipants)
    .values(memberIds.map((memberId) => ({ caseId, memberId })))
    .onConflictDoNothing();
}

export async function insertCaseLinks(
  db: Database,
  caseId: string,
  links: readonly { type: CaseLinkType; targetId: string }[],
): Promise<void> {
  if (links.length === 0) return;
  await db
    .insert(caseLinks)
    .values(links.map((link) => ({ caseId, ...link })))
    .onConflictDoNothing();
}

export interface CaseWithNames {
  case: CaseRow;
  mediatorUsername: string | null;
}

function selectCases(db: Database, where: SQL | undefined) {
  const mediator = alias(members, "mediator");
  return db
    .select({ case: cases, mediatorUsername: mediator.username })
    .from(cases)
    .leftJoin(mediator, eq(mediator.id, cases.mediatorId))
    .where(where);
}

export async function findCase(db: Database, id: string): Promise<CaseWithNames | undefined> {
  const [row] = await selectCases(db, eq(cases.id, id));
  return row;
}

/** Open cases first, then newest; `memberId` narrows to the cases a member takes part in or mediates. */
export function listCaseRows(db: Database, filter: { status?: CaseStatus; memberId?: string }, limit: number, offset: number) {
  const involving =
    filter.memberId === undefined
      ? undefined
      : sql`(${cases.mediatorId} = ${filter.memberId} OR EXISTS (SELECT 1 FROM case_participants cp
              WHERE cp.case_id = ${cases.id} AND cp.member_id = ${filter.memberId}))`;
  return selectCases(db, and(filter.status === undefined ? undefined : eq(cases.status, filter.status), involving))
    .orderBy(desc(sql`${cases.status} = 'open'`), desc(cases.createdAt))
    .limit(limit)
    .offset(offset);
}

export function listCaseParticipants(db: Database, caseId: string): Promise<{ id: string; username: string }[]> {
  return db
    .select({ id: members.id, username: members.username })
    .from(caseParticipants)
    .innerJoin(members, eq(members.id, caseParticipants.memberId))
    .where(eq(caseParticipants.caseId, caseId))
    .orderBy(asc(members.username));
}

export function listCaseLinks(db: Database, caseId: string) {
  return db.select({ type: caseLinks.type, targetId: caseLinks.targetId }).from(caseLinks).where(eq(caseLinks.caseId, caseId));
}

export async function insertCaseNote(db: Database, values: typeof caseNotes.$inferInsert): Promise<void> {
  await db.insert(caseNotes).values(values);
}

export function listCaseNotes(db: Database, caseId: string) {
  return db
    .select({ text: caseNotes.text, at: caseNotes.createdAt, author: members.username })
    .from(caseNotes)
    .leftJoin(members, eq(members.id, caseNotes.authorId))
    .where(eq(caseNotes.caseId, caseId))
    .orderBy(asc(caseNotes.createdAt));
}

export async function insertCaseStep(db: Database, values: typeof caseSteps.$inferInsert): Promise<void> {
  await db.insert(caseSteps).values(values);
}

/** Marks one of the case's steps done; false when the case has no such step. */
export async function markCaseStepDone(db: Database, caseId: string, stepId: string): Promise<boolean> {
  const rows = await db
    .update(caseSteps)
    .set({ doneAt: sql`coalesce(${caseSteps.doneAt}, now())` })
    .where(and(eq(caseSteps.caseId, caseId), eq(caseSteps.id, stepId)))
    .returning({ id: caseSteps.id });
  return rows.length > 0;
}

export function listCaseSteps(db: Database, caseId: string) {
  return db.select().from(caseSteps).where(eq(caseSteps.caseId, caseId)).orderBy(asc(caseSteps.createdAt));
}

export async function insertRestriction(db: Database, values: typeof memberRestrictions.$inferInsert): Promise<RestrictionRow> {
  const [row] = await db.insert(memberRestrictions).values(values).returning();
  return row!;
}

/** Lifts one of the case's restrictions before its time; false when the case has no such restriction still holding. */
export async function liftRestriction(db: Database, caseId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(memberRestrictions)
    .set({ liftedAt: sql`now()` })
    .where(and(eq(memberRestrictions.caseId, caseId), eq(memberRestrictions.id, id), isNull(memberRestrictions.liftedAt)))
    .returning({ id: memberRestrictions.id });
  return rows.length > 0;
}

export function listRestrictions(db: Database, caseId: string) {
  return db
    .select({ restriction: memberRestrictions, username: members.username })
    .from(memberRestrictions)
    .innerJoin(members, eq(members.id, memberRestrictions.memberId))
    .where(eq(memberRestrictions.caseId, caseId))
    .orderBy(asc(memberRestrictions.createdAt));
}

/** The latest end of a restriction of this kind that holds on the member now, if any. */
export async function findActiveRestriction(db: Database, memberId: string, kind: RestrictionKind): Promise<Date | undefined> {
  const [row] = await db
    .select({ until: memberRestrictions.until })
    .from(memberRestrictions)
    .where(
      and(
        eq(memberRestrictions.memberId, memberId),
        eq(memberRestrictions.kind, kind),
        isNull(memberRestrictions.liftedAt),
        gt(memberRestrictions.until, sql`now()`),
      ),
    )
    .orderBy(desc(memberRestrictions.until))
    .limit(1);
  return row?.until;
}
