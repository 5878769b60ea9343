import { and, eq, gte, isNotNull, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { matches, members, workingGroupMembers, workingGroups } from "../schema/index.ts";

/** The usernames of the active members who hold a role: admins, or treasurers. */
export async function listRoleHolders(db: Database, which: "admin" | "treasurer"): Promise<string[]> {
  const rows = await db
    .select({ username: members.username })
    .from(members)
    .where(and(eq(members.status, "active"), which === "admin" ? eq(members.role, "admin") : eq(members.treasurer, true)));
  return rows.map((row) => row.username);
}

/** Each working group with the usernames of its convenors. */
export async function listGroupConvenors(db: Database): Promise<{ id: string; name: string; convenors: string[] }[]> {
  return db
    .select({
      id: workingGroups.id,
      name: workingGroups.name,
      convenors: sql<string[]>`coalesce(array_agg(${members.username} ORDER BY ${members.username})
        FILTER (WHERE ${members.username} IS NOT NULL), '{}')`,
    })
    .from(workingGroups)
    .leftJoin(workingGroupMembers, and(eq(workingGroupMembers.groupId, workingGroups.id), eq(workingGroupMembers.convenor, true)))
    .leftJoin(members, eq(members.id, workingGroupMembers.memberId))
    .groupBy(workingGroups.id)
    .orderBy(workingGroups.name);
}

/** How many handovers each volunteer completed since `since` (completed matches with a volunteer). */
export function countHandoversByVolunteer(db: Database, since: Date): Promise<{ username: string; count: number }[]> {
  return db
    .select({ username: members.username, count: sql<number>`count(*)::int` })
    .from(matches)
    .innerJoin(members, eq(members.id, matches.volunteerId))
    .where(and(eq(matches.status, "completed"), isNotNull(matches.volunteerId), gte(matches.updatedAt, since)))
    .groupBy(members.username)
    .orderBy(sql`count(*) DESC`, members.username);
}
