import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../database.ts";
import { groupTasks, matches, members, posts, thanks } from "../schema/index.ts";

/** Records a thank-you; undefined when this person already thanked that one for this handover. */
export async function insertThanks(db: Database, values: typeof thanks.$inferInsert): Promise<{ id: string; createdAt: Date } | undefined> {
  const [row] = await db.insert(thanks).values(values).onConflictDoNothing().returning({ id: thanks.id, createdAt: thanks.createdAt });
  return row;
}

/**
 * The thanks stream, newest first: thank-yous to active members who chose to appear in it,
 * with who thanked them only when that member chose to appear too (otherwise null).
 */
export function listThanksStream(db: Database, limit: number, offset: number) {
  const from = alias(members, "thanker");
  const to = alias(members, "thanked");
  return db
    .select({
      id: thanks.id,
      from: sql<string | null>`CASE WHEN ${from.appearInThanks} AND ${from.status} = 'active' THEN ${from.username} END`,
      to: to.username,
      message: thanks.message,
      createdAt: thanks.createdAt,
    })
    .from(thanks)
    .innerJoin(to, eq(to.id, thanks.toId))
    .innerJoin(from, eq(from.id, thanks.fromId))
    .where(and(eq(to.appearInThanks, true), eq(to.status, "active")))
    .orderBy(desc(thanks.createdAt))
    .limit(limit)
    .offset(offset);
}

/** What a member has done for the network, counted for their own eyes. */
export async function countContributions(db: Database, memberId: string) {
  const count = (table: typeof matches | typeof posts | typeof groupTasks | typeof thanks, where: SQL | undefined) =>
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(where)
      .then((rows) => rows[0]?.n ?? 0);
  return {
    handovers: await count(matches, and(eq(matches.volunteerId, memberId), eq(matches.status, "completed"))),
    posts: await count(posts, eq(posts.authorId, memberId)),
    tasks: await count(groupTasks, eq(groupTasks.doneById, memberId)),
    thanks: await count(thanks, eq(thanks.toId, memberId)),
  };
}
