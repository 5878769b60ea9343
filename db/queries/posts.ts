import { and, asc, desc, eq, gt, inArray, isNull, lt, notInArray, type SQL, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { members, postContacts, posts, serviceAreas } from "../schema/index.ts";

export type PostRow = typeof posts.$inferSelect;
export type NewPostRow = typeof posts.$inferInsert;
export type PostContactRow = typeof postContacts.$inferSelect;

/** A post with the names a view needs: its area, and its author's (never shown publicly unless allowed). */
export interface PostWithNames {
  post: PostRow;
  areaName: string;
  authorUsername: string | null;
  authorDisplayName: string | null;
}

export interface PostFilter {
  kind?: PostRow["kind"] | undefined;
  category?: PostRow["category"] | undefined;
  areaId?: string | undefined;
  urgency?: PostRow["urgency"] | undefined;
  statuses: readonly PostRow["status"][];
  /** Free text, matched against title and details. */
  text?: string | undefined;
  visibilities: readonly PostRow["visibility"][];
  /** Also include this member's own posts whatever their visibility. */
  ownerId?: string | undefined;
  /** Only this member's posts. */
  authorId?: string | undefined;
  /** Hide open posts whose time has passed (the sweep may not have run yet). */
  hideExpired?: boolean;
  /** Leave out these members' posts (those in a block with the viewer). */
  excludeAuthors?: readonly string[] | undefined;
}

/** The condition a filter sets (also used by the Mastodon timelines, which page by number). */
export function whereOf(filter: PostFilter): SQL | undefined {
  const visible = filter.ownerId
    ? sql`(${inArray(posts.visibility, [...filter.visibilities])} OR ${posts.authorId} = ${filter.ownerId})`
    : inArray(posts.visibility, [...filter.visibilities]);
  return and(
    filter.visibilities.length === 0 && !filter.ownerId ? sql`FALSE` : visible,
    // Hidden posts are on no list: only their own page shows them, to coordinators.
    isNull(posts.hiddenAt),
    filter.excludeAuthors?.length
      ? sql`(${posts.authorId} IS NULL OR ${notInArray(posts.authorId, [...filter.excludeAuthors])})`
      : undefined,
    filter.statuses.length === 0 ? undefined : inArray(posts.status, [...filter.statuses]),
    filter.kind ? eq(posts.kind, filter.kind) : undefined,
    filter.category ? eq(posts.category, filter.category) : undefined,
    filter.areaId ? eq(posts.areaId, filter.areaId) : undefined,
    filter.urgency ? eq(posts.urgency, filter.urgency) : undefined,
    filter.authorId ? eq(posts.authorId, filter.authorId) : undefined,
    filter.hideExpired ? gt(posts.expiresAt, sql`now()`) : undefined,
    filter.text
      ? sql`to_tsvector('simple', ${posts.title} || ' ' || ${posts.details}) @@ websearch_to_tsquery('simple', ${filter.text})`
      : undefined,
  );
}

function selectWithNames(db: Database) {
  return db
    .select({
      post: posts,
      areaName: serviceAreas.name,
      authorUsername: members.username,
      authorDisplayName: members.displayName,
    })
    .from(posts)
    .innerJoin(serviceAreas, eq(serviceAreas.id, posts.areaId))
    .leftJoin(members, eq(members.id, posts.authorId));
}

/** One page of posts, most urgent first (or only newest first), and how many match in all. */
export async function listPosts(
  db: Database,
  filter: PostFilter,
  page: { offset: number; limit: number },
  order: "urgent" | "newest" = "urgent",
): Promise<{ rows: PostWithNames[]; total: number }> {
  const [rows, total] = await Promise.all([listPostsPage(db, filter, page, order), countPosts(db, filter)]);
  return { rows, total };
}

/** One page of posts in the order `listPosts` gives, without counting them all. */
export function listPostsPage(
  db: Database,
  filter: PostFilter,
  page: { offset: number; limit: number },
  order: "urgent" | "newest" = "urgent",
): Promise<PostWithNames[]> {
  return selectWithNames(db)
    .where(whereOf(filter))
    .orderBy(...(order === "urgent" ? [desc(posts.urgency)] : []), desc(posts.createdAt), asc(posts.id))
    .limit(page.limit)
    .offset(page.offset);
}

export async function findPost(db: Database, id: string): Promise<PostWithNames | undefined> {
  const [row] = await selectWithNames(db).where(eq(posts.id, id));
  return row;
}

export async function insertPost(db: Database, values: NewPostRow): Promise<PostRow> {
  const [row] = await db.insert(posts).values(values).returning();
  return row!;
}

export async function updatePostRow(db: Database, id: string, values: Partial<NewPostRow>): Promise<PostRow | undefined> {
  const [row] = await db
    .update(posts)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(posts.id, id))
    .returning();
  return row;
}

export function findPostsByIds(db: Database, ids: readonly string[]): Promise<PostWithNames[]> {
  return ids.length === 0 ? Promise.resolve([]) : selectWithNames(db).where(inArray(posts.id, [...ids]));
}

export function findPostContacts(db: Database, postIds: readonly string[]): Promise<PostContactRow[]> {
  return postIds.length === 0
    ? Promise.resolve([])
    : db
        .select()
        .from(postContacts)
        .where(inArray(postContacts.postId, [...postIds]));
}

/** Stores the contact, or removes it when every field is empty. */
export async function savePostContact(db: Database, contact: PostContactRow): Promise<void> {
  const { postId, ...fields } = contact;
  if (Object.values(fields).every((v) => v === null || v === "")) {
    await db.delete(postContacts).where(eq(postContacts.postId, postId));
    return;
  }
  await db.insert(postContacts).values(contact).onConflictDoUpdate({ target: postContacts.postId, set: fields });
}

/** Marks open posts whose time has passed as expired; resolves to them (awaited here: a kept drizzle query runs again at each await). */
export async function expireDuePosts(db: Database): Promise<PostRow[]> {
  return await db
    .update(posts)
    .set({ status: "expired", updatedAt: sql`now()` })
    .where(and(inArray(posts.status, ["open", "partially_matched"]), lt(posts.expiresAt, sql`now()`)))
    .returning();
}

export async function listPostIdsByVisibility(db: Database, visibility: PostRow["visibility"]): Promise<string[]> {
  const rows = await db.select({ id: posts.id }).from(posts).where(eq(posts.visibility, visibility));
  return rows.map((r) => r.id);
}

export async function deletePostRow(db: Database, id: string): Promise<void> {
  await db.delete(posts).where(eq(posts.id, id));
}

/** Every post matching the filter, for exports (no paging). */
export function listAllPosts(db: Database, filter: PostFilter): Promise<PostWithNames[]> {
  return selectWithNames(db).where(whereOf(filter)).orderBy(asc(serviceAreas.name), desc(posts.urgency), asc(posts.createdAt));
}

/**
 * One page of the posts matching the filter, in id order after `afterId` (null: from the
 * start). Keyed by id, so that walking every page neither skips nor repeats a post.
 */
export function listPostsAfter(db: Database, filter: PostFilter, afterId: string | null, limit: number): Promise<PostWithNames[]> {
  const after = afterId === null ? undefined : gt(posts.id, afterId);
  return selectWithNames(db)
    .where(and(whereOf(filter), after))
    .orderBy(asc(posts.id))
    .limit(limit);
}

export async function countPosts(db: Database, filter: PostFilter): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(posts).where(whereOf(filter));
  return row?.n ?? 0;
}

/**
 * The count, and for a filter that hides expired posts, how many milliseconds from now
 * (the database's clock) until the first of them expires and the count drops; null when
 * nothing counted ever will.
 */
export async function countPostsWithNextExpiry(
  db: Database,
  filter: PostFilter,
): Promise<{ count: number; msToNextExpiry: number | null }> {
  const [row] = await db
    .select({
      n: sql<number>`count(*)::int`,
      ms: filter.hideExpired ? sql<number | null>`(extract(epoch from min(${posts.expiresAt}) - now()) * 1000)::float8` : sql<null>`NULL`,
    })
    .from(posts)
    .where(whereOf(filter));
  return { count: row?.n ?? 0, msToNextExpiry: row?.ms ?? null };
}
