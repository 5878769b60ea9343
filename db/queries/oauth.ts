import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { oauthApps, oauthCodes, oauthTokens } from "../schema/index.ts";

export type OAuthAppRow = typeof oauthApps.$inferSelect;
export type OAuthCodeRow = typeof oauthCodes.$inferSelect;
export type OAuthTokenRow = typeof oauthTokens.$inferSelect;

export async function insertOAuthApp(db: Database, values: typeof oauthApps.$inferInsert): Promise<OAuthAppRow> {
  const [row] = await db.insert(oauthApps).values(values).returning();
  return row!;
}

export async function findOAuthAppByClientId(db: Database, clientId: string): Promise<OAuthAppRow | undefined> {
  const [row] = await db.select().from(oauthApps).where(eq(oauthApps.clientId, clientId));
  return row;
}

export async function findOAuthAppById(db: Database, id: string): Promise<OAuthAppRow | undefined> {
  const [row] = await db.select().from(oauthApps).where(eq(oauthApps.id, id));
  return row;
}

export async function insertOAuthCode(db: Database, values: typeof oauthCodes.$inferInsert): Promise<void> {
  await db.insert(oauthCodes).values(values);
}

/** Marks a code used and returns it, if it was unused and unexpired: a code works once. */
export async function useOAuthCode(db: Database, codeHash: string, now: Date): Promise<OAuthCodeRow | undefined> {
  const [row] = await db
    .update(oauthCodes)
    .set({ usedAt: now })
    .where(and(eq(oauthCodes.codeHash, codeHash), isNull(oauthCodes.usedAt), gt(oauthCodes.expiresAt, now)))
    .returning();
  return row;
}

export async function insertOAuthToken(db: Database, values: typeof oauthTokens.$inferInsert): Promise<OAuthTokenRow> {
  const [row] = await db.insert(oauthTokens).values(values).returning();
  return row!;
}

/** A live token by its hash, stamping its last use (at most once a minute, to spare writes). */
export async function touchOAuthToken(db: Database, tokenHash: string, now: Date): Promise<OAuthTokenRow | undefined> {
  const [row] = await db
    .select()
    .from(oauthTokens)
    .where(and(eq(oauthTokens.tokenHash, tokenHash), isNull(oauthTokens.revokedAt)));
  if (row === undefined) return undefined;
  if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(oauthTokens).set({ lastUsedAt: now }).where(eq(oauthTokens.id, row.id));
  }
  return row;
}

/** Revokes a token given by its hash, if the app holding it is `appId`. */
export async function revokeOAuthTokenByHash(db: Database, tokenHash: string, appId: string, now: Date): Promise<void> {
  await db
    .update(oauthTokens)
    .set({ revokedAt: now })
    .where(and(eq(oauthTokens.tokenHash, tokenHash), eq(oauthTokens.appId, appId), isNull(oauthTokens.revokedAt)));
}

/** Revokes every live token of a member for one app (what "remove access" on the account page does). */
export async function revokeMemberAppTokens(db: Database, memberId: string, appId: string, now: Date): Promise<number> {
  const rows = await db
    .update(oauthTokens)
    .set({ revokedAt: now })
    .where(and(eq(oauthTokens.memberId, memberId), eq(oauthTokens.appId, appId), isNull(oauthTokens.revokedAt)))
    .returning({ id: oauthTokens.id });
  return rows.length;
}

export interface AuthorizedAppRow {
  appId: string;
  name: string;
  website: string | null;
  scopes: string;
  authorizedAt: Date;
  lastUsedAt: Date | null;
}

/** The apps a member has let in and not revoked, with their combined scopes and last use. */
export function listMemberApps(db: Database, memberId: string): Promise<AuthorizedAppRow[]> {
  return db
    .select({
      appId: oauthApps.id,
      name: oauthApps.name,
      website: oauthApps.website,
      scopes: sql<string>`string_agg(DISTINCT ${oauthTokens.scopes}, ' ')`,
      authorizedAt: sql<Date>`min(${oauthTokens.createdAt})`.mapWith(oauthTokens.createdAt),
      lastUsedAt: sql<Date | null>`max(${oauthTokens.lastUsedAt})`.mapWith(oauthTokens.lastUsedAt),
    })
    .from(oauthTokens)
    .innerJoin(oauthApps, eq(oauthApps.id, oauthTokens.appId))
    .where(and(eq(oauthTokens.memberId, memberId), isNull(oauthTokens.revokedAt)))
    .groupBy(oauthApps.id)
    .orderBy(desc(sql`max(${oauthTokens.createdAt})`));
}
