import { asc, eq } from "drizzle-orm";
import type { Database } from "../database.ts";
import { actorKeys } from "../schema/index.ts";

export interface StoredKeyPair {
  algorithm: string;
  privateKey: JsonWebKey;
  publicKey: JsonWebKey;
}

/** Stores a key pair unless the actor already has one for that algorithm (first writer wins). */
export async function insertActorKeyPairIfAbsent(db: Database, actor: string, pair: StoredKeyPair): Promise<void> {
  await db
    .insert(actorKeys)
    .values({ actor, ...pair })
    .onConflictDoNothing();
}

export async function listActorKeyPairs(db: Database, actor: string): Promise<StoredKeyPair[]> {
  const rows = await db.select().from(actorKeys).where(eq(actorKeys.actor, actor)).orderBy(asc(actorKeys.algorithm));
  return rows.map((row) => ({
    algorithm: row.algorithm,
    privateKey: row.privateKey as JsonWebKey,
    publicKey: row.publicKey as JsonWebKey,
  }));
}
