import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { queryRows, type Database } from "../database.ts";
import { matchFeedback, matches, members, posts, serviceAreas } from "../schema/index.ts";
import type { PostRow } from "./posts.ts";

export type MatchRow = typeof matches.$inferSelect;
export type MatchFeedbackRow = typeof matchFeedback.$inferSelect;

/** What a match needs to know of each of its posts: what to show, and who may see it. */
export interface MatchedPost {
  title: string;
  area: string;
  authorId: string | null;
  visibility: PostRow["visibility"];
}

/** A match with what a page shows beside it: both posts' titles, areas and authors, and the volunteer. */
export interface MatchDetails {
  match: MatchRow;
  request: MatchedPost;
  offer: MatchedPost;
  volunteer: { username: string; displayName: string | null } | null;
}

/**
 * Reserves `quantity` of an open post. The condition and the CHECK constraint on
 * posts.allocated_quantity make the database refuse an over-allocation, even when two
 * coordinators allocate from the same offer at the same moment (the second waits for the
 * first's row lock, then sees its reservation). Resolves to undefined when refused.
 */
export async function reserveQuantity(db: Database, postId: string, quantity: number): Promise<PostRow | undefined> {
  const [row] = await db
    .update(posts)
    .set({ allocatedQuantity: sql`${posts.allocatedQuantity} + ${quantity}` })
    .where(
      and(
        eq(posts.id, postId),
        inArray(posts.status, ["open", "partially_matched"]),
        sql`(${posts.quantity} IS NULL OR ${posts.allocatedQuantity} + ${quantity} <= ${posts.quantity})`,
      ),
    )
    .returning();
  return row;
}

export async function releaseQuantity(db: Database, postId: string, quantity: number): Promise<PostRow | undefined> {
  const [row] = await db
    .update(posts)
    .set({ allocatedQuantity: sql`greatest(${posts.allocatedQuantity} - ${quantity}, 0)` })
    .where(eq(posts.id, postId))
    .returning();
  return row;
}

export async function insertMatch(db: Database, values: typeof matches.$inferInsert): Promise<MatchRow> {
  const [row] = await db.insert(matches).values(values).returning();
  return row!;
}

const requestPost = alias(posts, "request_post");
const offerPost = alias(posts, "offer_post");
const requestArea = alias(serviceAreas, "request_area");
const offerArea = alias(serviceAreas, "offer_area");

function selectMatchDetails(db: Database) {
  return db
    .select({
      match: matches,
      request: { title: requestPost.title, area: requestArea.name, authorId: requestPost.authorId, visibility: requestPost.visibility },
      offer: { title: offerPost.title, area: offerArea.name, authorId: offerPost.authorId, visibility: offerPost.visibility },
      volunteerUsername: members.username,
      volunteerDisplayName: members.displayName,
    })
    .from(matches)
    .innerJoin(requestPost, eq(requestPost.id, matches.requestId))
    .innerJoin(requestArea, eq(requestArea.id, requestPost.areaId))
    .innerJoin(offerPost, eq(offerPost.id, matches.offerId))
    .innerJoin(offerArea, eq(offerArea.id, offerPost.areaId))
    .leftJoin(members, eq(members.id, matches.volunteerId))
    .$dynamic();
}

function toDetails(row: Awaited<ReturnType<ReturnType<typeof selectMatchDetails>["execute"]>>[number]): MatchDetails {
  return {
    match: row.match,
    request: row.request,
    offer: row.offer,
    volunteer: row.volunteerUsername === null ? null : { username: row.volunteerUsername, displayName: row.volunteerDisplayName },
  };
}

export async function findMatch(db: Database, id: string): Promise<MatchDetails | undefined> {
  const [row] = await selectMatchDetails(db).where(eq(matches.id, id));
  return row === undefined ? undefined : toDetails(row);
}

/** Locks the match's row for the rest of the transaction, so two changes to it run one after the other. */
export async function lockMatch(db: Database, id: string): Promise<MatchRow | undefined> {
  const [row] = await db.select().from(matches).where(eq(matches.id, id)).for("update");
  return row;
}

export async function updateMatchRow(db: Database, id: string, values: Partial<typeof matches.$inferInsert>): Promise<MatchRow> {
  const [row] = await db
    .update(matches)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(matches.id, id))
    .returning();
  return row!;
}

export interface MatchFilter {
  postId?: string;
  /** Matches where this member wrote one of the posts or is the volunteer. */
  involving?: string;
  statuses?: MatchRow["status"][];
  limit?: number;
}

export async function listMatches(db: Database, filter: MatchFilter): Promise<MatchDetails[]> {
  const conditions = [
    filter.postId === undefined ? undefined : or(eq(matches.requestId, filter.postId), eq(matches.offerId, filter.postId)),
    filter.involving === undefined
      ? undefined
      : or(eq(requestPost.authorId, filter.involving), eq(offerPost.authorId, filter.involving), eq(matches.volunteerId, filter.involving)),
    filter.statuses === undefined ? undefined : inArray(matches.status, filter.statuses),
  ];
  const rows = await selectMatchDetails(db)
    .where(and(...conditions))
    .orderBy(desc(matches.createdAt))
    .limit(filter.limit ?? 500);
  return rows.map(toDetails);
}

/**
 * Cancels a post's matches that are not finished and gives their quantities back to both
 * sides, for when the post is withdrawn or deleted. Resolves to the other posts involved.
 */
export async function cancelOpenMatchesOf(db: Database, postId: string): Promise<string[]> {
  const cancelled = await db
    .update(matches)
    .set({ status: "cancelled", updatedAt: sql`now()` })
    .where(
      and(or(eq(matches.requestId, postId), eq(matches.offerId, postId)), inArray(matches.status, ["proposed", "accepted", "scheduled"])),
    )
    .returning();
  for (const match of cancelled) {
    await releaseQuantity(db, match.offerId, match.quantity);
    await releaseQuantity(db, match.requestId, match.quantity);
  }
  return [...new Set(cancelled.map((m) => (m.requestId === postId ? m.offerId : m.requestId)))];
}

export async function insertFeedback(db: Database, values: typeof matchFeedback.$inferInsert): Promise<boolean> {
  const rows = await db.insert(matchFeedback).values(values).onConflictDoNothing().returning({ id: matchFeedback.id });
  return rows.length > 0;
}

export function listFeedback(db: Database, matchId: string): Promise<MatchFeedbackRow[]> {
  return db.select().from(matchFeedback).where(eq(matchFeedback.matchId, matchId)).orderBy(matchFeedback.createdAt);
}

/** Whether every match of a post that is not cancelled is completed. */
export async function allMatchesCompleted(db: Database, postId: string): Promise<boolean> {
  const [row] = await queryRows<{ open: number }>(
    db,
    sql`SELECT count(*)::int AS open FROM matches
        WHERE (request_id = ${postId} OR offer_id = ${postId}) AND status NOT IN ('completed', 'cancelled')`,
  );
  return (row?.open ?? 0) === 0;
}

export interface SuggestionRow {
  id: string;
  same_area: boolean;
  distance_km: number | null;
  available: number | null;
  urgency: string;
  created_at: Date;
  until_date: string | null;
}

/**
 * Open posts of the other kind in the same category, ranked: same area, then nearest
 * coarse point, then enough quantity, then the most urgent and oldest needs. Runs in the
 * database on the (category, status) index; nothing is scanned in JavaScript.
 */
export async function findSuggestions(
  db: Database,
  post: PostRow,
  visibilities: readonly string[],
  limit: number,
): Promise<SuggestionRow[]> {
  const otherKind = post.kind === "request" ? "offer" : "request";
  const needed = post.quantity === null ? null : post.quantity - post.allocatedQuantity;
  const distance =
    post.approxLatitude === null || post.approxLongitude === null
      ? sql`NULL::double precision`
      : sql`CASE WHEN p.approx_latitude IS NULL OR p.approx_longitude IS NULL THEN NULL ELSE
          111.2 * sqrt(power(p.approx_latitude - ${post.approxLatitude}, 2)
                 + power((p.approx_longitude - ${post.approxLongitude}) * cos(radians(${post.approxLatitude})), 2)) END`;
  return queryRows<SuggestionRow>(
    db,
    sql`SELECT p.id,
               p.area_id = ${post.areaId} AS same_area,
               ${distance} AS distance_km,
               CASE WHEN p.quantity IS NULL THEN NULL ELSE p.quantity - p.allocated_quantity END AS available,
               p.urgency, p.created_at, p.until_date
        FROM posts p
        WHERE p.kind = ${otherKind} AND p.category = ${post.category}
          AND p.status IN ('open', 'partially_matched') AND p.expires_at > now()
          AND p.visibility::text IN (${sql.join(
            visibilities.map((v) => sql`${v}`),
            sql`, `,
          )})
          AND p.id <> ${post.id}
          AND (p.until_date IS NULL OR p.until_date >= current_date)
        ORDER BY same_area DESC,
                 distance_km ASC NULLS LAST,
                 (${needed}::int IS NULL OR p.quantity IS NULL OR p.quantity - p.allocated_quantity >= ${needed}::int) DESC,
                 p.urgency DESC,
                 p.created_at ASC
        LIMIT ${limit}`,
  );
}
