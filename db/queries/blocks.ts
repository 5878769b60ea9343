import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { memberBlocks, members } from "../schema/index.ts";

export async function insertMemberBlock(db: Database, blockerId: string, blockedId: string): Promise<void> {
  await db.insert(memberBlocks).values({ blockerId, blockedId }).onConflictDoNothing();
}

export async function deleteMemberBlock(db: Database, blockerId: string, blockedId: string): Promise<boolean> {
  const rows = await db
    .delete(memberBlocks)
    .where(and(eq(memberBlocks.blockerId, blockerId), eq(memberBlocks.blockedId, blockedId)))
    .returning({ blockedId: memberBlocks.blockedId });
  return rows.length > 0;
}

/** The members this one blocked, by username. */
export function listBlockedUsernames(db: Database, blockerId: string): Promise<{ username: string }[]> {
  return db
    .select({ username: members.username })
    .from(memberBlocks)
    .innerJoin(members, eq(members.id, memberBlocks.blockedId))
    .where(eq(memberBlocks.blockerId, blockerId))
    .orderBy(members.username);
}

/** Everyone in a block with this member, whichever of the two blocked. */
export async function blockedEitherWay(db: Database, memberId: string): Promise<string[]> {
  const rows = await db
    .select({
      other: sql<string>`CASE WHEN ${memberBlocks.blockerId} = ${memberId}
        THEN ${memberBlocks.blockedId} ELSE ${memberBlocks.blockerId} END`,
    })
    .from(memberBlocks)
    .where(or(eq(memberBlocks.blockerId, memberId), eq(memberBlocks.blockedId, memberId)));
  return rows.map((r) => r.other);
}

/** Whether any two of these members are in a block (either way). */
export async function anyBlockAmong(db: Database, memberIds: readonly (string | null)[]): Promise<boolean> {
  const ids = [...new Set(memberIds.filter((id): id is string => id !== null))];
  if (ids.length < 2) return false;
  const [row] = await db
    .select({ blockerId: memberBlocks.blockerId })
    .from(memberBlocks)
    .where(and(inArray(memberBlocks.blockerId, ids), inArray(memberBlocks.blockedId, ids)))
    .limit(1);
  return row !== undefined;
}
