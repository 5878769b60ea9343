import { and, desc, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { type Database, queryRows, textArray } from "../database.ts";
import { crises, postForwards, posts, serviceAreas } from "../schema/index.ts";

export type CrisisRow = typeof crises.$inferSelect;
export type PostForwardRow = typeof postForwards.$inferSelect;

export async function insertCrisis(db: Database, values: typeof crises.$inferInsert): Promise<CrisisRow> {
  const [row] = await db.insert(crises).values(values).returning();
  return row!;
}

export async function findCrisis(db: Database, id: string): Promise<CrisisRow | undefined> {
  const [row] = await db.select().from(crises).where(eq(crises.id, id));
  return row;
}

export function listCrises(db: Database): Promise<CrisisRow[]> {
  return db.select().from(crises).orderBy(desc(crises.createdAt));
}

/** Crises not ended by hand, whether or not past their planned end (which the reader checks against its clock). */
export function listUnendedCrises(db: Database): Promise<CrisisRow[]> {
  return db.select().from(crises).where(isNull(crises.endedAt)).orderBy(desc(crises.createdAt));
}

/** Crises not ended by hand and not past their planned end. */
export function listActiveCrises(db: Database): Promise<CrisisRow[]> {
  return db
    .select()
    .from(crises)
    .where(and(isNull(crises.endedAt), or(isNull(crises.endsAt), gt(crises.endsAt, sql`now()`))))
    .orderBy(desc(crises.createdAt));
}

export async function endCrisisRow(db: Database, id: string): Promise<CrisisRow | undefined> {
  const [row] = await db
    .update(crises)
    .set({ endedAt: sql`now()` })
    .where(and(eq(crises.id, id), isNull(crises.endedAt)))
    .returning();
  return row;
}

/**
 * Open public (or sibling-shared) requests in the crisis's areas and categories that have
 * waited long enough (critical ones not at all) and were neither forwarded nor held.
 */
export async function findRequestsDueForForwarding(
  db: Database,
  crisis: CrisisRow,
  visibilities: ("public" | "members")[],
): Promise<string[]> {
  if (crisis.areas.length === 0 || crisis.categories.length === 0) return [];
  const rows = await db
    .select({ id: posts.id })
    .from(posts)
    .innerJoin(serviceAreas, eq(serviceAreas.id, posts.areaId))
    .leftJoin(postForwards, eq(postForwards.postId, posts.id))
    .where(
      and(
        eq(posts.kind, "request"),
        inArray(posts.status, ["open", "partially_matched"]),
        gt(posts.expiresAt, sql`now()`),
        inArray(posts.visibility, visibilities),
        // A post hidden pending review goes nowhere.
        isNull(posts.hiddenAt),
        isNull(postForwards.postId),
        sql`lower(${serviceAreas.name}) = ANY(SELECT lower(a) FROM unnest(${textArray(crisis.areas)}) AS a)`,
        sql`${posts.category}::text = ANY(${textArray(crisis.categories)})`,
        or(eq(posts.urgency, "critical"), lte(posts.createdAt, sql`now() - ${crisis.forwardDelayMinutes} * interval '1 minute'`)),
      ),
    );
  return rows.map((r) => r.id);
}

export async function findForward(db: Database, postId: string): Promise<PostForwardRow | undefined> {
  const [row] = await db.select().from(postForwards).where(eq(postForwards.postId, postId));
  return row;
}

export async function saveForward(db: Database, values: typeof postForwards.$inferInsert): Promise<void> {
  await db
    .insert(postForwards)
    .values(values)
    .onConflictDoUpdate({
      target: postForwards.postId,
      set: { state: values.state, crisisId: values.crisisId, forwardedAt: values.forwardedAt },
    });
}

export interface CrisisForwardStats {
  forwarded: number;
  fulfilled: number;
  medianMinutesToFulfilment: number | null;
}

export async function crisisForwardStats(db: Database, crisisId: string): Promise<CrisisForwardStats> {
  const [row] = await db
    .select({
      forwarded: sql<number>`count(*)::int`,
      fulfilled: sql<number>`count(*) FILTER (WHERE ${posts.status} = 'fulfilled')::int`,
      median: sql<number | null>`percentile_cont(0.5)
        WITHIN GROUP (ORDER BY extract(epoch FROM ${posts.updatedAt} - ${postForwards.forwardedAt}) / 60)
        FILTER (WHERE ${posts.status} = 'fulfilled')`,
    })
    .from(postForwards)
    .innerJoin(posts, eq(posts.id, postForwards.postId))
    .where(and(eq(postForwards.crisisId, crisisId), eq(postForwards.state, "forwarded")));
  return {
    forwarded: row?.forwarded ?? 0,
    fulfilled: row?.fulfilled ?? 0,
    medianMinutesToFulfilment: row?.median == null ? null : Math.round(Number(row.median)),
  };
}

export interface SiblingResponseStats {
  actorId: string;
  received: number;
  accepted: number;
  fulfilled: number;
  medianMinutesToFirstResponse: number | null;
  medianMinutesToFulfilment: number | null;
}

/**
 * Per responding network, for the needs forwarded in a crisis: responses received and
 * accepted, needs fulfilled with its accepted help, and median times from forwarding to
 * its first response and to fulfilment.
 */
export async function crisisResponseStats(db: Database, crisisId: string): Promise<SiblingResponseStats[]> {
  const rows = await queryRows<{
    actor_id: string;
    received: number;
    accepted: number;
    fulfilled: number;
    to_first: number | null;
    to_fulfil: number | null;
  }>(
    db,
    sql`WITH per_post AS (
          SELECT r.actor_id, f.post_id,
                 count(*) AS received,
                 count(*) FILTER (WHERE r.status = 'accepted') AS accepted,
                 extract(epoch FROM min(r.received_at) - f.forwarded_at) / 60 AS to_first,
                 CASE WHEN p.status = 'fulfilled' AND bool_or(r.status = 'accepted')
                      THEN extract(epoch FROM p.updated_at - f.forwarded_at) / 60 END AS to_fulfil
          FROM post_forwards f
          JOIN posts p ON p.id = f.post_id
          JOIN responses r ON r.post_id = f.post_id AND r.source = 'sibling'
          WHERE f.crisis_id = ${crisisId} AND f.state = 'forwarded'
          GROUP BY r.actor_id, f.post_id, f.forwarded_at, p.status, p.updated_at
        )
        SELECT actor_id,
               sum(received)::int AS received,
               sum(accepted)::int AS accepted,
               count(to_fulfil)::int AS fulfilled,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY to_first) AS to_first,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY to_fulfil) AS to_fulfil
        FROM per_post GROUP BY actor_id`,
  );
  const minutes = (v: number | null) => (v === null ? null : Math.round(Number(v)));
  return rows.map((r) => ({
    actorId: r.actor_id,
    received: Number(r.received),
    accepted: Number(r.accepted),
    fulfilled: Number(r.fulfilled),
    medianMinutesToFirstResponse: minutes(r.to_first),
    medianMinutesToFulfilment: minutes(r.to_fulfil),
  }));
}
