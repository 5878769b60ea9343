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

/** Matches to be handed over that coordinators opened to volunteers and nobody has taken yet, soonest window first. */
export function listUntakenMatchIds(db: Database, limit: number): Promise<{ id: string }[]> {
  return db
    .select({ id: matches.id })
    .from(matches)
    .where(and(isNull(matches.volunteerId), eq(matches.openToVolunteers, true), inArray(matches.status, [...HOLDS_A_PLACE])))
    .orderBy(sql`${matches.windowStart} ASC NULLS LAST`, asc(matches.createdAt))
    .limit(limit);
}

/** Active members a coordinator approved as volunteers who offer at least one task at a time. */
export function listVolunteers(db: Database): Promise<MemberRow[]> {
  return db
    .select()
    .from(members)
    .where(and(eq(members.status, "active"), eq(members.volunteerStatus, "approved"), sql`${members.maxTasks} > 0`))
    .orderBy(asc(members.username));
}

/** Members who asked to volunteer or were approved, for coordinators to decide on. */
export function listVolunteerRoster(db: Database): Promise<MemberRow[]> {
  return db
    .select()
    .from(members)
    .where(and(eq(members.status, "active"), inArray(members.volunteerStatus, ["asked", "approved"])))
    .orderBy(asc(members.volunteerStatus), asc(members.username));
}

/** Gives back every handover still to be done that a member holds; resolves to how many. */
export async function releaseTasksOf(db: Database, memberId: string): Promise<number> {
  const released = await db
    .update(matches)
    .set({ volunteerId: null, updatedAt: sql`now()` })
    .where(and(eq(matches.volunteerId, memberId), inArray(matches.status, [...HOLDS_A_PLACE])))
    .returning({ id: matches.id });
  return released.length;
}

export async function findMemberByCalendarToken(db: Database, tokenHash: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(eq(members.calendarTokenHash, tokenHash));
  return row;
}
