import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { following, remoteActors, siblingEvents } from "../schema/index.ts";

export type SiblingEventRow = typeof siblingEvents.$inferSelect;
export type NewSiblingEventRow = Omit<typeof siblingEvents.$inferInsert, "id" | "receivedAt">;

export interface SiblingEventWithOrigin {
  event: SiblingEventRow;
  originIri: string;
  originName: string | null;
  originHandle: string | null;
}

/** Stores a sibling's event, or its newer version; only its origin may change it. */
export async function upsertSiblingEvent(db: Database, values: NewSiblingEventRow): Promise<void> {
  await db
    .insert(siblingEvents)
    .values(values)
    .onConflictDoUpdate({
      target: siblingEvents.objectIri,
      set: { ...values, receivedAt: sql`now()` },
      setWhere: eq(siblingEvents.originId, values.originId),
    });
}

export async function deleteSiblingEvent(db: Database, originId: string, objectIri: string): Promise<boolean> {
  const rows = await db
    .delete(siblingEvents)
    .where(and(eq(siblingEvents.originId, originId), eq(siblingEvents.objectIri, objectIri)))
    .returning({ id: siblingEvents.id });
  return rows.length > 0;
}

/**
 * Events that have not ended yet (an event without an end counts as over a day after it
 * starts), soonest first, from networks we still follow.
 */
export function listUpcomingSiblingEvents(db: Database, limit: number): Promise<SiblingEventWithOrigin[]> {
  return db
    .select({ event: siblingEvents, originIri: remoteActors.iri, originName: remoteActors.name, originHandle: remoteActors.handle })
    .from(siblingEvents)
    .innerJoin(remoteActors, eq(remoteActors.id, siblingEvents.originId))
    .where(
      and(
        sql`COALESCE(${siblingEvents.endsAt}, ${siblingEvents.startsAt} + interval '1 day') > now()`,
        sql`EXISTS (SELECT 1 FROM ${following} AS f WHERE f.state = 'accepted' AND f.actor_id = ${siblingEvents.originId})`,
      ),
    )
    .orderBy(asc(siblingEvents.startsAt))
    .limit(limit);
}
