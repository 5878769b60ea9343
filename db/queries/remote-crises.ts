import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { remoteCrises, remotePosts } from "../schema/index.ts";

export type RemoteCrisisRow = typeof remoteCrises.$inferSelect;

export async function upsertRemoteCrisis(db: Database, values: Omit<typeof remoteCrises.$inferInsert, "id">): Promise<RemoteCrisisRow> {
  const [row] = await db
    .insert(remoteCrises)
    .values(values)
    .onConflictDoUpdate({
      target: remoteCrises.objectIri,
      set: { ...values, receivedAt: sql`now()` },
      setWhere: eq(remoteCrises.originId, values.originId),
    })
    .returning();
  return row!;
}

export async function findRemoteCrisesByIri(db: Database, iris: string[]): Promise<RemoteCrisisRow[]> {
  if (iris.length === 0) return [];
  return db.select().from(remoteCrises).where(inArray(remoteCrises.objectIri, iris));
}

export async function findRemotePostByIri(db: Database, objectIri: string) {
  const [row] = await db.select().from(remotePosts).where(eq(remotePosts.objectIri, objectIri));
  return row;
}

export async function markRemotePostForwarded(
  db: Database,
  id: string,
  values: { forwardedCrisisIri: string | null; forwardedById: string; hopsLeft: number },
): Promise<void> {
  await db
    .update(remotePosts)
    .set({ ...values, forwardedAt: sql`now()` })
    .where(eq(remotePosts.id, id));
}

export async function setAnnounceIri(db: Database, id: string, announceIri: string | null): Promise<void> {
  await db.update(remotePosts).set({ announceIri }).where(eq(remotePosts.id, id));
}

/** Forwarded needs of a crisis that we still announce. */
export function listAnnouncedForCrisis(db: Database, crisisIri: string) {
  return db
    .select()
    .from(remotePosts)
    .where(and(eq(remotePosts.forwardedCrisisIri, crisisIri), isNotNull(remotePosts.announceIri)));
}
