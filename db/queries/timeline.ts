import { type AnyColumn, and, asc, desc, eq, gt, lt, type SQL } from "drizzle-orm";
import type { Database } from "../database.ts";
import { posts, remoteActors, siblingPosts } from "../schema/index.ts";
import { type PostFilter, whereOf } from "./posts.ts";
import { type SiblingPostFilter, type SiblingPostRow, siblingPostWhere } from "./sibling-posts.ts";

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

export interface NumberedSiblingPost {
  post: SiblingPostRow;
  origin: RemoteActorRow;
}

/** Sibling networks' posts, with the network each came from, in the page's order. */
export async function listNumberedSiblingPosts(
  db: Database,
  filter: SiblingPostFilter & { number?: number },
  page: NumberPage,
): Promise<NumberedSiblingPost[]> {
  if (filter.visibilities.length === 0) return [];
  const { where, order } = pageOf(siblingPosts.mastodonId, page);
  return db
    .select({ post: siblingPosts, origin: remoteActors })
    .from(siblingPosts)
    .innerJoin(remoteActors, eq(remoteActors.id, siblingPosts.originId))
    .where(and(siblingPostWhere(filter), where, filter.number === undefined ? undefined : eq(siblingPosts.mastodonId, filter.number)))
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
