import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { following, outgoingResponses, remoteActors, remoteCrises, remotePosts, responses } from "../schema/index.ts";

export type RemotePostRow = typeof remotePosts.$inferSelect;
export type NewRemotePostRow = Omit<typeof remotePosts.$inferInsert, "id" | "receivedAt">;
export type ResponseRow = typeof responses.$inferSelect;

/** Inserts or updates a sibling's post; an older update never overwrites a newer one. */
export async function upsertRemotePost(db: Database, values: NewRemotePostRow): Promise<void> {
  await db
    .insert(remotePosts)
    .values(values)
    .onConflictDoUpdate({
      target: remotePosts.objectIri,
      set: { ...values, receivedAt: sql`now()` },
      setWhere: and(
        eq(remotePosts.originId, values.originId),
        // As text: postgres.js cannot bind a Date in raw SQL.
        sql`${remotePosts.updatedAt} <= ${values.updatedAt.toISOString()}::timestamptz`,
      ),
    });
}

export async function deleteRemotePost(db: Database, originId: string, objectIri: string): Promise<boolean> {
  const rows = await db
    .delete(remotePosts)
    .where(and(eq(remotePosts.originId, originId), eq(remotePosts.objectIri, objectIri)))
    .returning({ id: remotePosts.id });
  return rows.length > 0;
}

export interface RemotePostWithOrigin {
  post: RemotePostRow;
  originIri: string;
  originName: string | null;
  originHandle: string | null;
  crisisTitle: string | null;
  crisisEnded: boolean | null;
}

export async function listRemotePosts(
  db: Database,
  filter: {
    visibilities: ("public" | "members")[];
    statuses: string[];
    kind?: RemotePostRow["kind"];
    category?: RemotePostRow["category"];
  },
  page: { offset: number; limit: number },
): Promise<{ rows: RemotePostWithOrigin[]; total: number }> {
  if (filter.visibilities.length === 0) return { rows: [], total: 0 };
  const where = and(
    inArray(remotePosts.visibility, filter.visibilities),
    // Past its date, a need is no longer listed, whatever its origin last said.
    sql`(${remotePosts.untilDate} IS NULL OR ${remotePosts.untilDate} >= current_date)`,
    // Only from networks we still follow (or that forwarded it to us): an ex-sibling's posts go.
    sql`EXISTS (SELECT 1 FROM ${following} AS f WHERE f.state = 'accepted'
          AND (f.actor_id = ${remotePosts.originId} OR f.actor_id = ${remotePosts.forwardedById}))`,
    filter.statuses.length === 0 ? undefined : inArray(remotePosts.status, filter.statuses as RemotePostRow["status"][]),
    filter.kind === undefined ? undefined : eq(remotePosts.kind, filter.kind),
    filter.category === undefined ? undefined : eq(remotePosts.category, filter.category),
  );
  const [rows, [count]] = await Promise.all([
    db
      .select({
        post: remotePosts,
        originIri: remoteActors.iri,
        originName: remoteActors.name,
        originHandle: remoteActors.handle,
        crisisTitle: remoteCrises.title,
        crisisEnded: remoteCrises.ended,
      })
      .from(remotePosts)
      .innerJoin(remoteActors, eq(remoteActors.id, remotePosts.originId))
      .leftJoin(remoteCrises, eq(remoteCrises.objectIri, remotePosts.forwardedCrisisIri))
      .where(where)
      // Needs forwarded to us come first: they are why a crisis reaches us.
      .orderBy(sql`${remotePosts.forwardedAt} IS NULL`, desc(remotePosts.publishedAt))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(remotePosts).where(where),
  ]);
  return { rows, total: count?.n ?? 0 };
}

/** Stores a response unless it is already stored (an activity delivered twice). */
export async function insertResponse(db: Database, values: Omit<typeof responses.$inferInsert, "id">): Promise<void> {
  await db.insert(responses).values(values).onConflictDoNothing({ target: responses.objectIri });
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

export async function findRemotePostById(db: Database, id: string): Promise<RemotePostRow | undefined> {
  const [row] = await db.select().from(remotePosts).where(eq(remotePosts.id, id));
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

export function listOutgoingResponses(db: Database, remotePostId: string): Promise<OutgoingResponseRow[]> {
  return db.select().from(outgoingResponses).where(eq(outgoingResponses.remotePostId, remotePostId)).orderBy(outgoingResponses.createdAt);
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
