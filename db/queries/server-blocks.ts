import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { followers, following, members, remoteActors, remoteCrises, serverBlocks, siblingPosts } from "../schema/index.ts";

export type ServerBlockRow = typeof serverBlocks.$inferSelect;
export type ServerBlockKind = ServerBlockRow["kind"];

/** Resolves to the new block, or undefined when the same block already exists. */
export async function insertServerBlock(
  db: Database,
  values: { kind: ServerBlockKind; target: string; reason: string | null; createdById: string },
): Promise<ServerBlockRow | undefined> {
  const [row] = await db.insert(serverBlocks).values(values).onConflictDoNothing().returning();
  return row;
}

export async function deleteServerBlock(db: Database, id: string): Promise<ServerBlockRow | undefined> {
  const [row] = await db.delete(serverBlocks).where(eq(serverBlocks.id, id)).returning();
  return row;
}

/** Every block, oldest first, with the username of the coordinator who made it. */
export function listServerBlocks(db: Database): Promise<{ block: ServerBlockRow; createdBy: string | null }[]> {
  return db
    .select({ block: serverBlocks, createdBy: members.username })
    .from(serverBlocks)
    .leftJoin(members, eq(members.id, serverBlocks.createdById))
    .orderBy(asc(serverBlocks.createdAt));
}

/** Told when a block is made or lifted, so that every process reads the blocks again. */
export const SERVER_BLOCKS_CHANNEL = "mycelium_server_blocks";

/** Tells every process listening on SERVER_BLOCKS_CHANNEL, once the transaction commits. */
export async function announceServerBlocksChanged(db: Database): Promise<void> {
  await db.execute(sql`SELECT pg_notify(${SERVER_BLOCKS_CHANNEL}, '')`);
}

/** Just what matching needs; the table is small (a few dozen rows at most). */
export async function listServerBlockTargets(db: Database): Promise<Pick<ServerBlockRow, "kind" | "target">[]> {
  // Awaited here: drizzle's query runs again each time it is awaited, and callers keep the answer.
  return await db.select({ kind: serverBlocks.kind, target: serverBlocks.target }).from(serverBlocks);
}

/** Every remote actor we know, by IRI, to find those a new block covers. */
export function listRemoteActorIris(db: Database): Promise<{ id: string; iri: string }[]> {
  return db.select({ id: remoteActors.id, iri: remoteActors.iri }).from(remoteActors);
}

/**
 * Ends every follow with these actors, both ways, and removes the posts and crises they
 * sent us. The actors themselves stay (responses and reports may name them).
 */
export async function severRemoteActors(
  db: Database,
  actorIds: string[],
): Promise<{ followers: number; following: number; posts: number }> {
  if (actorIds.length === 0) return { followers: 0, following: 0, posts: 0 };
  const gone = await db.delete(followers).where(inArray(followers.actorId, actorIds)).returning({ id: followers.id });
  const unfollowed = await db.delete(following).where(inArray(following.actorId, actorIds)).returning({ id: following.id });
  const posts = await db.delete(siblingPosts).where(inArray(siblingPosts.originId, actorIds)).returning({ id: siblingPosts.id });
  await db.delete(remoteCrises).where(inArray(remoteCrises.originId, actorIds));
  return { followers: gone.length, following: unfollowed.length, posts: posts.length };
}
