import { asc, eq, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { apiTokens, members } from "../schema/index.ts";

export type MemberRow = typeof members.$inferSelect;
export type NewMemberRow = typeof members.$inferInsert;
export type ApiTokenRow = typeof apiTokens.$inferSelect;

/** Inserts a member; resolves to undefined when the username is taken. */
export async function insertMember(db: Database, values: NewMemberRow): Promise<MemberRow | undefined> {
  const [row] = await db.insert(members).values(values).onConflictDoNothing({ target: members.username }).returning();
  return row;
}

export async function findMemberByUsername(db: Database, username: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(eq(members.username, username));
  return row;
}

export async function findMemberById(db: Database, id: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(eq(members.id, id));
  return row;
}

export function listMembers(db: Database): Promise<MemberRow[]> {
  return db.select().from(members).orderBy(asc(members.username));
}

export async function countActiveMembers(db: Database): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(members)
    .where(eq(members.status, "active"));
  return row?.n ?? 0;
}

export async function insertApiToken(db: Database, values: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
  const [row] = await db.insert(apiTokens).values(values).returning();
  return row!;
}

export async function findApiToken(db: Database, id: string): Promise<ApiTokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

export function listApiTokens(db: Database, memberId: string): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.memberId, memberId)).orderBy(asc(apiTokens.createdAt));
}

/** Marks a token revoked; resolves to the row, or undefined if there is no such token. */
export async function revokeApiToken(db: Database, id: string): Promise<ApiTokenRow | undefined> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, now())` })
    .where(eq(apiTokens.id, id))
    .returning();
  return row;
}
