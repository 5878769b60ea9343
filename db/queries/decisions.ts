import { and, asc, desc, eq, gt, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../database.ts";
import { decisionOptions, decisions, decisionVotes, members, workingGroups } from "../schema/index.ts";

export type DecisionRow = typeof decisions.$inferSelect;
export type NewDecisionRow = typeof decisions.$inferInsert;
export type DecisionOptionRow = typeof decisionOptions.$inferSelect;
export type DecisionVoteRow = typeof decisionVotes.$inferSelect;

/** A decision with the names and counts its pages show; `voted` is whether the member asking has voted. */
export interface DecisionWithNames {
  decision: DecisionRow;
  starterUsername: string | null;
  outcomeByUsername: string | null;
  voterCount: number;
  voted: boolean;
  /** The name of the working group that decides; null when every member does. */
  workingGroupName: string | null;
  /** Whether the member asking may vote: every active member, or the deciding group's members. */
  mayVote: boolean;
}

export async function insertDecision(db: Database, values: NewDecisionRow, optionLabels: readonly string[]): Promise<DecisionRow> {
  const [row] = await db.insert(decisions).values(values).returning();
  if (optionLabels.length > 0) {
    await db.insert(decisionOptions).values(optionLabels.map((label, position) => ({ decisionId: row!.id, position, label })));
  }
  return row!;
}

/**
 * A group's decision is the group's as it was when the decision opened: joining afterwards
 * (anyone may join a group) gives no vote in it, and does not move its quorum.
 */
const joinedBeforeItOpened = sql`g.joined_at <= ${decisions.createdAt}`;

function selectDecisions(db: Database, memberId: string) {
  const starter = alias(members, "starter");
  const writer = alias(members, "outcome_writer");
  return db
    .select({
      decision: decisions,
      starterUsername: starter.username,
      outcomeByUsername: writer.username,
      voterCount: sql<number>`(SELECT count(*)::int FROM decision_votes v WHERE v.decision_id = ${decisions.id})`,
      voted: sql<boolean>`EXISTS (SELECT 1 FROM decision_votes v WHERE v.decision_id = ${decisions.id} AND v.member_id = ${memberId})`,
      workingGroupName: workingGroups.name,
      mayVote: sql<boolean>`(${decisions.workingGroupId} IS NULL OR EXISTS (SELECT 1 FROM working_group_members g
        WHERE g.group_id = ${decisions.workingGroupId} AND g.member_id = ${memberId} AND ${joinedBeforeItOpened}))`,
    })
    .from(decisions)
    .leftJoin(starter, eq(starter.id, decisions.starterId))
    .leftJoin(writer, eq(writer.id, decisions.outcomeById))
    .leftJoin(workingGroups, eq(workingGroups.id, decisions.workingGroupId));
}

export async function findDecision(db: Database, id: string, memberId: string): Promise<DecisionWithNames | undefined> {
  const [row] = await selectDecisions(db, memberId).where(eq(decisions.id, id));
  return row;
}

/** Open decisions first, closing soonest first; then closed ones, most recently closed first. */
export function listDecisionRows(db: Database, memberId: string, limit: number, offset: number): Promise<DecisionWithNames[]> {
  return selectDecisions(db, memberId)
    .orderBy(
      sql`CASE WHEN ${decisions.status} = 'open' THEN 0 ELSE 1 END`,
      sql`CASE WHEN ${decisions.status} = 'open' THEN ${decisions.closesAt} END ASC`,
      desc(decisions.closedAt),
      desc(decisions.createdAt),
    )
    .limit(limit)
    .offset(offset);
}

/** Every written outcome, newest first: the decisions log. */
export function listOutcomeRows(db: Database, memberId: string, limit: number, offset: number): Promise<DecisionWithNames[]> {
  return selectDecisions(db, memberId).where(isNotNull(decisions.outcome)).orderBy(desc(decisions.outcomeAt)).limit(limit).offset(offset);
}

export function listDecisionOptions(db: Database, decisionId: string): Promise<DecisionOptionRow[]> {
  return db.select().from(decisionOptions).where(eq(decisionOptions.decisionId, decisionId)).orderBy(asc(decisionOptions.position));
}

/** The decision's row, locked against closing until the caller's transaction ends (a vote is never lost to a close). */
export async function lockDecision(db: Database, id: string): Promise<DecisionRow | undefined> {
  const [row] = await db.select().from(decisions).where(eq(decisions.id, id)).for("update");
  return row;
}

/** Records a member's vote, or changes the one they cast. */
export async function saveVote(db: Database, values: Pick<DecisionVoteRow, "decisionId" | "memberId" | "ballot" | "reason">, at: Date) {
  await db
    .insert(decisionVotes)
    .values({ ...values, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({
      target: [decisionVotes.decisionId, decisionVotes.memberId],
      set: { ballot: values.ballot, reason: values.reason, updatedAt: at },
    });
}

/** Every vote on a decision, the earliest first, with its voter's username. */
export function listVotes(db: Database, decisionId: string) {
  return db
    .select({ vote: decisionVotes, username: members.username })
    .from(decisionVotes)
    .innerJoin(members, eq(members.id, decisionVotes.memberId))
    .where(eq(decisionVotes.decisionId, decisionId))
    .orderBy(asc(decisionVotes.createdAt));
}

export async function updateDecisionRow(db: Database, id: string, values: Partial<NewDecisionRow>): Promise<void> {
  await db.update(decisions).set(values).where(eq(decisions.id, id));
}

/** Who may vote on a decision: the active members of its working group, or every active member. */
const eligibleVoters = sql`m.status = 'active' AND (${decisions.workingGroupId} IS NULL OR EXISTS (SELECT 1 FROM working_group_members g
  WHERE g.group_id = ${decisions.workingGroupId} AND g.member_id = m.id AND ${joinedBeforeItOpened}))`;
const eligibleCount = sql<number>`(SELECT count(*)::int FROM members m WHERE ${eligibleVoters})`;

/** How many may vote on the decision now (its base for the quorum until it closes). */
export async function countEligibleVoters(db: Database, decisionId: string): Promise<number> {
  const [row] = await db.select({ count: eligibleCount }).from(decisions).where(eq(decisions.id, decisionId));
  return row?.count ?? 0;
}

/** Closes the decision if it is still open, counting who could vote at that moment; false if it was already closed. */
export async function closeDecisionRow(db: Database, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(decisions)
    .set({ status: "closed", closedAt: at, eligibleCount })
    .where(and(eq(decisions.id, id), eq(decisions.status, "open")))
    .returning({ id: decisions.id });
  return rows.length > 0;
}

/** Closes every open decision whose time has come; answers them (awaited here, as every write: a kept query would run twice). */
export async function closeDueDecisionRows(db: Database, now: Date): Promise<DecisionRow[]> {
  return await db
    .update(decisions)
    .set({ status: "closed", closedAt: now, eligibleCount })
    .where(and(eq(decisions.status, "open"), lte(decisions.closesAt, now)))
    .returning();
}

/**
 * Takes the open decisions that close within `withinMs` and whose voters were not reminded
 * yet, marking them reminded in the same statement: two workers never remind twice. One
 * opened less than `withinMs` before its close was just announced, and is left out.
 */
export async function claimDecisionsToRemind(db: Database, now: Date, withinMs: number): Promise<DecisionRow[]> {
  return await db
    .update(decisions)
    .set({ remindedAt: now })
    .where(
      and(
        eq(decisions.status, "open"),
        isNull(decisions.remindedAt),
        gt(decisions.closesAt, now),
        lte(decisions.closesAt, new Date(now.getTime() + withinMs)),
        sql`${decisions.createdAt} < ${decisions.closesAt} - ${withinMs}::double precision * interval '1 millisecond'`,
      ),
    )
    .returning();
}

/** Those who may vote on the decision and have not. */
export async function listNonVoterIds(db: Database, decisionId: string): Promise<string[]> {
  const m = alias(members, "m");
  const rows = await db
    .select({ id: m.id })
    .from(m)
    .innerJoin(decisions, eq(decisions.id, decisionId))
    .where(
      and(eligibleVoters, sql`NOT EXISTS (SELECT 1 FROM decision_votes v WHERE v.decision_id = ${decisions.id} AND v.member_id = m.id)`),
    );
  return rows.map((row) => row.id);
}
