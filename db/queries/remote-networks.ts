import { and, asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../database.ts";
import { followers, following, remoteActors } from "../schema/index.ts";

export type RemoteActorRow = typeof remoteActors.$inferSelect;
export type NewRemoteActorRow = Omit<typeof remoteActors.$inferInsert, "id" | "updatedAt">;
export type FollowerRow = typeof followers.$inferSelect;
export type FollowingRow = typeof following.$inferSelect;
export type FollowState = FollowerRow["state"];

/** Inserts or refreshes what we know of a remote actor, keyed by its IRI. */
export async function upsertRemoteActor(db: Database, actor: NewRemoteActorRow): Promise<RemoteActorRow> {
  const [row] = await db
    .insert(remoteActors)
    .values(actor)
    .onConflictDoUpdate({ target: remoteActors.iri, set: { ...actor, updatedAt: sql`now()` } })
    .returning();
  return row!;
}

export async function findRemoteActorByIri(db: Database, iri: string): Promise<RemoteActorRow | undefined> {
  const [row] = await db.select().from(remoteActors).where(eq(remoteActors.iri, iri));
  return row;
}

export async function findRemoteActorById(db: Database, id: string): Promise<RemoteActorRow | undefined> {
  const [row] = await db.select().from(remoteActors).where(eq(remoteActors.id, id));
  return row;
}

/** Records (or re-records) a follow of us; a decided follow keeps its state. */
export async function upsertFollower(
  db: Database,
  values: { actorId: string; followActivityIri: string; state: FollowState },
): Promise<FollowerRow> {
  const [row] = await db
    .insert(followers)
    .values({ ...values, decidedAt: values.state === "pending" ? null : sql`now()` })
    .onConflictDoUpdate({
      target: followers.actorId,
      set: { followActivityIri: values.followActivityIri },
    })
    .returning();
  return row!;
}

export async function findFollower(db: Database, id: string): Promise<FollowerRow | undefined> {
  const [row] = await db.select().from(followers).where(eq(followers.id, id));
  return row;
}

export async function setFollowerState(db: Database, id: string, state: FollowState): Promise<void> {
  await db.update(followers).set({ state, decidedAt: sql`now()` }).where(eq(followers.id, id));
}

/** Resolves to whether a follower row was removed. */
export async function deleteFollowerByActor(db: Database, actorId: string, followActivityIri?: string): Promise<boolean> {
  const rows = await db
    .delete(followers)
    .where(
      followActivityIri === undefined
        ? eq(followers.actorId, actorId)
        : and(eq(followers.actorId, actorId), eq(followers.followActivityIri, followActivityIri)),
    )
    .returning({ id: followers.id });
  return rows.length > 0;
}

/** The accepted followers' inboxes, for addressing activities to "followers". */
export function listAcceptedFollowers(db: Database): Promise<RemoteActorRow[]> {
  return db
    .select({ actor: remoteActors })
    .from(followers)
    .innerJoin(remoteActors, eq(remoteActors.id, followers.actorId))
    .where(eq(followers.state, "accepted"))
    .orderBy(asc(followers.createdAt))
    .then((rows) => rows.map((r) => r.actor));
}

export async function countAcceptedFollowers(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(followers).where(eq(followers.state, "accepted"));
  return row?.n ?? 0;
}

/** Starts (or restarts) following an actor; resolves to the row, whose id names the Follow. */
export async function upsertFollowing(db: Database, actorId: string): Promise<FollowingRow> {
  const [row] = await db
    .insert(following)
    .values({ actorId, state: "pending" })
    .onConflictDoUpdate({ target: following.actorId, set: { state: "pending", decidedAt: null } })
    .returning();
  return row!;
}

export async function findFollowing(db: Database, id: string): Promise<FollowingRow | undefined> {
  const [row] = await db.select().from(following).where(eq(following.id, id));
  return row;
}

export async function setFollowingState(db: Database, id: string, state: FollowState): Promise<void> {
  await db.update(following).set({ state, decidedAt: sql`now()` }).where(eq(following.id, id));
}

export function listAcceptedFollowing(db: Database): Promise<RemoteActorRow[]> {
  return db
    .select({ actor: remoteActors })
    .from(following)
    .innerJoin(remoteActors, eq(remoteActors.id, following.actorId))
    .where(eq(following.state, "accepted"))
    .orderBy(asc(following.createdAt))
    .then((rows) => rows.map((r) => r.actor));
}

export interface RemoteNetworkRow {
  actor: RemoteActorRow;
  followerId: string | null;
  theyFollowUs: FollowState | null;
  weFollowThem: FollowState | null;
}

/**
 * Every remote actor with a follow in either direction, and the state of each; or only
 * the one whose id or IRI is given.
 */
export async function listRemoteNetworks(db: Database, only?: { id: string } | { iri: string }): Promise<RemoteNetworkRow[]> {
  const them = alias(followers, "them");
  const us = alias(following, "us");
  const rows = await db
    .select({ actor: remoteActors, followerId: them.id, theyFollowUs: them.state, weFollowThem: us.state })
    .from(remoteActors)
    .leftJoin(them, eq(them.actorId, remoteActors.id))
    .leftJoin(us, eq(us.actorId, remoteActors.id))
    .where(
      and(
        sql`(${them.id} IS NOT NULL OR ${us.id} IS NOT NULL)`,
        only === undefined ? undefined : "id" in only ? eq(remoteActors.id, only.id) : eq(remoteActors.iri, only.iri),
      ),
    )
    .orderBy(asc(remoteActors.name), asc(remoteActors.iri));
  return rows;
}

/** The actor with this IRI if we follow it and it accepted our follow: a sibling that may send us its things. */
export async function findFollowedActor(db: Database, iri: string): Promise<RemoteActorRow | undefined> {
  const [row] = await db
    .select({ actor: remoteActors })
    .from(remoteActors)
    .innerJoin(following, eq(following.actorId, remoteActors.id))
    .where(and(eq(remoteActors.iri, iri), eq(following.state, "accepted")));
  return row?.actor;
}

/** How our follow of the actor with this IRI stands, or undefined if we never asked. */
export async function findFollowingStateByIri(db: Database, iri: string): Promise<FollowState | undefined> {
  const [row] = await db
    .select({ state: following.state })
    .from(following)
    .innerJoin(remoteActors, eq(following.actorId, remoteActors.id))
    .where(eq(remoteActors.iri, iri));
  return row?.state;
}
