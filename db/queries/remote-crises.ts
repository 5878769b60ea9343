import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { remoteCrises, siblingPosts } from "../schema/index.ts";

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

export async function findSiblingPostByIri(db: Database, objectIri: string) {
  const [row] = await db.select().from(siblingPosts).where(eq(siblingPosts.objectIri, objectIri));
  return row;
}

export async function markSiblingPostForwarded(
  db: Database,
  id: string,
  values: { forwardedCrisisIri: string | null; forwardedById: string; hopsLeft: number },
): Promise<void> {
  await db
    .update(siblingPosts)
    .set({ ...values, forwardedAt: sql`now()` })
    .where(eq(siblingPosts.id, id));
}

export async function setAnnounceIri(db: Database, id: string, announceIri: string | null): Promise<void> {
  await db.update(siblingPosts).set({ announceIri }).where(eq(siblingPosts.id, id));
}

/** Forwarded needs of a crisis that we still announce. */
export function listAnnouncedForCrisis(db: Database, crisisIri: string) {
  return db
    .select()
    .from(siblingPosts)
    .where(and(eq(siblingPosts.forwardedCrisisIri, crisisIri), isNotNull(siblingPosts.announceIri)));
}
