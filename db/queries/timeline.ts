import { and, asc, desc, eq, gt, lt, type AnyColumn, type SQL } from "drizzle-orm";
import type { Database } from "../database.ts";
import { posts, remoteActors, remotePosts } from "../schema/index.ts";
import { whereOf, type PostFilter } from "./posts.ts";
import { remotePostWhere, type RemotePostFilter, type RemotePostRow } from "./remote-posts.ts";

/**
 * Paging by the numbers Mastodon apps see (db/schema/mastodon-ids.ts): newer than
 * `sinceId`, older than `maxId`, or the page just after `minId` (oldest first).
 */
export interface NumberPage {
  maxId?: number | undefined;
  sinceId?: number | undefined;
  minId?: number | undefined;
  limit: number;
}

function pageOf(column: AnyColumn, page: NumberPage): { where: SQL | undefined; order: SQL } {
  return {
    where: and(
      page.maxId === undefined ? undefined : lt(column, page.maxId),
      page.sinceId === undefined ? undefined : gt(column, page.sinceId),
      page.minId === undefined ? undefined : gt(column, page.minId),
    ),
    order: page.minId === undefined ? desc(column) : asc(column),
  };
}

/** Our posts' ids and numbers, in the page's order. */
export async function listNumberedPostIds(db: Database, filter: PostFilter, page: NumberPage): Promise<{ id: string; number: number }[]> {
  const { where, order } = pageOf(posts.mastodonId, page);
  return db
    .select({ id: posts.id, number: posts.mastodonId })
    .from(posts)
    .where(and(whereOf(filter), where))
    .orderBy(order)
    .limit(page.limit);
}

export async function findPostIdByNumber(db: Database, number: number): Promise<string | undefined> {
  const [row] = await db.select({ id: posts.id }).from(posts).where(eq(posts.mastodonId, number));
  return row?.id;
}

export type RemoteActorRow = typeof remoteActors.$inferSelect;

export interface NumberedRemotePost {
  post: RemotePostRow;
  origin: RemoteActorRow;
}

/** Sibling networks' posts, with the network each came from, in the page's order. */
export async function listNumberedRemotePosts(
  db: Database,
  filter: RemotePostFilter & { number?: number },
  page: NumberPage,
): Promise<NumberedRemotePost[]> {
  if (filter.visibilities.length === 0) return [];
  const { where, order } = pageOf(remotePosts.mastodonId, page);
  return db
    .select({ post: remotePosts, origin: remoteActors })
    .from(remotePosts)
    .innerJoin(remoteActors, eq(remoteActors.id, remotePosts.originId))
    .where(and(remotePostWhere(filter), where, filter.number === undefined ? undefined : eq(remotePosts.mastodonId, filter.number)))
    .orderBy(order)
    .limit(page.limit);
}

export async function findRemoteActorByNumber(db: Database, number: number): Promise<RemoteActorRow | undefined> {
  const [row] = await db.select().from(remoteActors).where(eq(remoteActors.mastodonId, number));
  return row;
}

export async function findPostNumber(db: Database, id: string): Promise<number | undefined> {
  const [row] = await db.select({ number: posts.mastodonId }).from(posts).where(eq(posts.id, id));
  return row?.number;
}
