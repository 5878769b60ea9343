import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { type Database, queryRows } from "../database.ts";
import { following, outgoingResponses, remoteActors, remoteCrises, responses, siblingPosts } from "../schema/index.ts";
import type { NewRemoteActorRow } from "./remote-networks.ts";

export type SiblingPostRow = typeof siblingPosts.$inferSelect;
export type NewSiblingPostRow = Omit<typeof siblingPosts.$inferInsert, "id" | "receivedAt">;
export type ResponseRow = typeof responses.$inferSelect;

/** Inserts or updates a sibling's post; an older update never overwrites a newer one. */
export async function upsertSiblingPost(db: Database, values: NewSiblingPostRow): Promise<void> {
  await db
    .insert(siblingPosts)
    .values(values)
    .onConflictDoUpdate({
      target: siblingPosts.objectIri,
      set: { ...values, receivedAt: sql`now()` },
      setWhere: and(
        eq(siblingPosts.originId, values.originId),
        // As text: postgres.js cannot bind a Date in raw SQL.
        sql`${siblingPosts.updatedAt} <= ${values.updatedAt.toISOString()}::timestamptz`,
      ),
    });
}

export async function deleteSiblingPost(db: Database, originId: string, objectIri: string): Promise<boolean> {
  const rows = await db
    .delete(siblingPosts)
    .where(and(eq(siblingPosts.originId, originId), eq(siblingPosts.objectIri, objectIri)))
    .returning({ id: siblingPosts.id });
  return rows.length > 0;
}

export interface SiblingPostWithOrigin {
  post: SiblingPostRow;
  originIri: string;
  originName: string | null;
  originHandle: string | null;
  crisisTitle: string | null;
  crisisEnded: boolean | null;
}

export interface SiblingPostFilter {
  visibilities: ("public" | "members")[];
  statuses: string[];
  kind?: SiblingPostRow["kind"] | undefined;
  category?: SiblingPostRow["category"] | undefined;
  originId?: string | undefined;
}

/** Which siblings' posts a filter lets through (also used by the Mastodon timelines). */
export function siblingPostWhere(filter: SiblingPostFilter) {
  return and(
    inArray(siblingPosts.visibility, filter.visibilities),
    // Past its date, a need is no longer listed, whatever its origin last said.
    sql`(${siblingPosts.untilDate} IS NULL OR ${siblingPosts.untilDate} >= current_date)`,
    // Only from networks we still follow (or that forwarded it to us): an ex-sibling's posts go.
    sql`EXISTS (SELECT 1 FROM ${following} AS f WHERE f.state = 'accepted'
          AND (f.actor_id = ${siblingPosts.originId} OR f.actor_id = ${siblingPosts.forwardedById}))`,
    filter.statuses.length === 0 ? undefined : inArray(siblingPosts.status, filter.statuses as SiblingPostRow["status"][]),
    filter.kind === undefined ? undefined : eq(siblingPosts.kind, filter.kind),
    filter.category === undefined ? undefined : eq(siblingPosts.category, filter.category),
    filter.originId === undefined ? undefined : eq(siblingPosts.originId, filter.originId),
  );
}

export async function listSiblingPosts(
  db: Database,
  filter: SiblingPostFilter,
  page: { offset: number; limit: number },
): Promise<{ rows: SiblingPostWithOrigin[]; total: number }> {
  if (filter.visibilities.length === 0) return { rows: [], total: 0 };
  const where = siblingPostWhere(filter);
  const [rows, [count]] = await Promise.all([
    db
      .select({
        post: siblingPosts,
        originIri: remoteActors.iri,
        originName: remoteActors.name,
        originHandle: remoteActors.handle,
        crisisTitle: remoteCrises.title,
        crisisEnded: remoteCrises.ended,
      })
      .from(siblingPosts)
      .innerJoin(remoteActors, eq(remoteActors.id, siblingPosts.originId))
      .leftJoin(remoteCrises, eq(remoteCrises.objectIri, siblingPosts.forwardedCrisisIri))
      .where(where)
      // Needs forwarded to us come first: they are why a crisis reaches us.
      .orderBy(sql`${siblingPosts.forwardedAt} IS NULL`, desc(siblingPosts.publishedAt))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(siblingPosts).where(where),
  ]);
  return { rows, total: count?.n ?? 0 };
}

/** Stores a response unless it is already stored (an activity delivered twice). */
export async function insertResponse(db: Database, values: Omit<typeof responses.$inferInsert, "id">): Promise<void> {
  await db.insert(responses).values(values).onConflictDoNothing({ target: responses.objectIri });
}

/**
 * A reply to one of our posts and its author (stored, or refreshed), in one statement, so both
 * or neither are kept, and neither when the post is not there; resolves to whether it was. A
 * reply already stored (by its object's IRI) is left as it is. Written out in SQL because
 * drizzle's builder took 0.56 ms to build the insert (its column checks), a twentieth of an
 * inbox activity's whole time, and because the post's check rides along instead of a read of
 * its own.
 */
export async function insertReplyWithAuthor(
  db: Database,
  author: Required<Omit<NewRemoteActorRow, "mastodonId">>,
  reply: { postId: string; objectIri: string; contentHtml: string; url: string | null },
): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(
    db,
    sql`WITH post AS (SELECT id FROM posts WHERE id = ${reply.postId}::uuid),
        author AS (
          INSERT INTO remote_actors (iri, type, handle, name, inbox_url, shared_inbox_url, url)
          SELECT ${author.iri}, ${author.type}, ${author.handle}, ${author.name}, ${author.inboxUrl},
                 ${author.sharedInboxUrl}, ${author.url}
          FROM post
          ON CONFLICT (iri) DO UPDATE SET type = EXCLUDED.type, handle = EXCLUDED.handle, name = EXCLUDED.name,
            inbox_url = EXCLUDED.inbox_url, shared_inbox_url = EXCLUDED.shared_inbox_url, url = EXCLUDED.url,
            updated_at = now()
          RETURNING id),
        stored AS (
          INSERT INTO responses (post_id, source, actor_id, object_iri, content_html, url)
          SELECT post.id, 'reply', author.id, ${reply.objectIri}, ${reply.contentHtml}, ${reply.url}
          FROM post, author
          ON CONFLICT (object_iri) DO NOTHING)
        SELECT EXISTS (SELECT 1 FROM post) AS found`,
  );
  return row?.found === true;
}

export async function deleteResponse(db: Database, actorId: string, objectIri: string): Promise<void> {
  await db.delete(responses).where(and(eq(responses.actorId, actorId), eq(responses.objectIri, objectIri)));
}

export interface ResponseWithActor {
  response: ResponseRow;
  actorIri: string;
  actorHandle: string | null;
  actorName: string | null;
}

export function listResponsesForPost(db: Database, postId: string): Promise<ResponseWithActor[]> {
  return db
    .select({ response: responses, actorIri: remoteActors.iri, actorHandle: remoteActors.handle, actorName: remoteActors.name })
    .from(responses)
    .innerJoin(remoteActors, eq(remoteActors.id, responses.actorId))
    .where(eq(responses.postId, postId))
    .orderBy(responses.receivedAt);
}

export type OutgoingResponseRow = typeof outgoingResponses.$inferSelect;

export async function findSiblingPostById(db: Database, id: string): Promise<SiblingPostRow | undefined> {
  const [row] = await db.select().from(siblingPosts).where(eq(siblingPosts.id, id));
  return row;
}

export async function insertOutgoingResponse(
  db: Database,
  values: Omit<typeof outgoingResponses.$inferInsert, "id">,
): Promise<OutgoingResponseRow> {
  const [row] = await db.insert(outgoingResponses).values(values).returning();
  return row!;
}

export async function findOutgoingResponse(db: Database, id: string): Promise<OutgoingResponseRow | undefined> {
  const [row] = await db.select().from(outgoingResponses).where(eq(outgoingResponses.id, id));
  return row;
}

export async function setOutgoingResponseStatus(db: Database, id: string, status: "accepted" | "declined"): Promise<void> {
  await db.update(outgoingResponses).set({ status, decidedAt: sql`now()` }).where(eq(outgoingResponses.id, id));
}

export function listOutgoingResponses(db: Database, siblingPostId: string): Promise<OutgoingResponseRow[]> {
  return db.select().from(outgoingResponses).where(eq(outgoingResponses.siblingPostId, siblingPostId)).orderBy(outgoingResponses.createdAt);
}

export async function findResponse(db: Database, id: string): Promise<ResponseRow | undefined> {
  const [row] = await db.select().from(responses).where(eq(responses.id, id));
  return row;
}

export async function setResponseStatus(db: Database, id: string, status: "accepted" | "declined"): Promise<void> {
  await db.update(responses).set({ status, decidedAt: sql`now()` }).where(eq(responses.id, id));
}

/** The quantity accepted helpers committed to a post; and whether any was accepted. */
export async function acceptedHelp(db: Database, postId: string): Promise<{ count: number; quantity: number }> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, quantity: sql<number>`coalesce(sum(${responses.quantity}), 0)::int` })
    .from(responses)
    .where(and(eq(responses.postId, postId), eq(responses.status, "accepted")));
  return { count: row?.count ?? 0, quantity: row?.quantity ?? 0 };
}
