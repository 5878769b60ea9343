import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { matches, members } from "../schema/index.ts";
import type { MemberRow } from "./members.ts";

/** The statuses in which a match takes up one of its volunteer's places. */
const HOLDS_A_PLACE = ["accepted", "scheduled"] as const;

/**
 * Locks a volunteer's row for the rest of the transaction and counts the tasks they hold,
 * so two coordinators assigning the same volunteer at once cannot both squeeze past the limit.
 */
export async function lockVolunteer(db: Database, memberId: string): Promise<{ member: MemberRow; tasks: number } | undefined> {
  const [member] = await db.select().from(members).where(eq(members.id, memberId)).for("update");
  if (member === undefined) return undefined;
  return { member, tasks: await countTasks(db, memberId) };
}

export async function countTasks(db: Database, memberId: string): Promise<number> {
  const [row] = await db
    .select({ tasks: sql<number>`count(*)::int` })
    .from(matches)
    .where(and(eq(matches.volunteerId, memberId), inArray(matches.status, [...HOLDS_A_PLACE])));
  return row?.tasks ?? 0;
}

/** Matches to be handed over that no volunteer has taken yet, soonest window first. */
export function listUntakenMatchIds(db: Database, limit: number): Promise<{ id: string }[]> {
  return db
    .select({ id: matches.id })
    .from(matches)
    .where(and(isNull(matches.volunteerId), inArray(matches.status, [...HOLDS_A_PLACE])))
    .orderBy(sql`${matches.windowStart} ASC NULLS LAST`, asc(matches.createdAt))
    .limit(limit);
}

export function listVolunteers(db: Database): Promise<MemberRow[]> {
  return db
    .select()
    .from(members)
    .where(and(eq(members.status, "active"), sql`${members.maxTasks} > 0`))
    .orderBy(asc(members.username));
}

export async function findMemberByCalendarToken(db: Database, tokenHash: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(eq(members.calendarTokenHash, tokenHash));
  return row;
}
