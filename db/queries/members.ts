import { and, asc, desc, eq, gt, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { apiTokens, members, oneTimeLinks, sessions } from "../schema/index.ts";

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

/**
 * One page of members: requests to join first (oldest first, for coordinators to answer
 * in order), then everyone else by username; and how many there are in all, and pending.
 */
export async function listMembersPage(
  db: Database,
  page: { offset: number; limit: number },
): Promise<{ rows: MemberRow[]; total: number; pending: number }> {
  const pendingFirst = sql`case when ${members.status} = 'pending' then 0 else 1 end`;
  const pendingSince = sql`case when ${members.status} = 'pending' then ${members.createdAt} end`;
  const rows = await db
    .select()
    .from(members)
    .orderBy(pendingFirst, asc(pendingSince), asc(members.username))
    .offset(page.offset)
    .limit(page.limit);
  const [counts] = await db
    .select({
      total: sql<number>`count(*)::int`,
      pending: sql<number>`(count(*) filter (where ${members.status} = 'pending'))::int`,
    })
    .from(members);
  return { rows, total: counts?.total ?? 0, pending: counts?.pending ?? 0 };
}

/**
 * Deletes requests to join (pending members only, never anyone let in): those with the
 * given ids, or those made before a time. Resolves to how many were deleted.
 */
export async function deleteJoinRequests(db: Database, which: { ids: string[] } | { createdBefore: Date }): Promise<number> {
  const chosen = "ids" in which ? inArray(members.id, which.ids) : lt(members.createdAt, which.createdBefore);
  const rows = await db
    .delete(members)
    .where(and(eq(members.status, "pending"), chosen))
    .returning({ id: members.id });
  return rows.length;
}

export async function countActiveMembers(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(members).where(eq(members.status, "active"));
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

/** Revokes every live token of a member (after a password reset); resolves to how many. */
export async function revokeMemberApiTokens(db: Database, memberId: string): Promise<number> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.memberId, memberId), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, sql`now()`)))
    .returning({ id: apiTokens.id });
  return rows.length;
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

export async function updateMember(
  db: Database,
  id: string,
  values: Partial<
    Pick<
      MemberRow,
      | "role"
      | "status"
      | "displayName"
      | "passwordHash"
      | "availableWeekdays"
      | "availabilityNote"
      | "maxTasks"
      | "volunteerStatus"
      | "calendarTokenHash"
      | "email"
      | "emailVerifiedAt"
      | "emailFailingAt"
      | "language"
      | "timeZone"
      | "treasurer"
      | "roleUntil"
      | "roleRemindedAt"
      | "treasurerUntil"
      | "treasurerRemindedAt"
      | "appearInThanks"
      | "quietStart"
      | "quietEnd"
    >
  >,
): Promise<MemberRow | undefined> {
  const [row] = await db.update(members).set(values).where(eq(members.id, id)).returning();
  return row;
}

export async function insertSession(db: Database, values: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(values);
}

/** The member behind a live session. */
export async function findSessionMember(db: Database, sessionId: string): Promise<MemberRow | undefined> {
  const [row] = await db
    .select({ member: members })
    .from(sessions)
    .innerJoin(members, eq(members.id, sessions.memberId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, sql`now()`)));
  return row?.member;
}

export async function deleteSession(db: Database, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Signs a member out everywhere except, optionally, one session; resolves to how many live sessions ended. */
export async function deleteMemberSessions(db: Database, memberId: string, except?: string): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.memberId, memberId), except === undefined ? undefined : ne(sessions.id, except)))
    .returning({ expiresAt: sessions.expiresAt });
  return rows.filter((row) => row.expiresAt.getTime() > Date.now()).length;
}

export type OneTimeLinkRow = typeof oneTimeLinks.$inferSelect;

export async function insertOneTimeLink(db: Database, values: typeof oneTimeLinks.$inferInsert): Promise<OneTimeLinkRow> {
  const [row] = await db.insert(oneTimeLinks).values(values).returning();
  return row!;
}

export async function findOneTimeLink(db: Database, id: string): Promise<OneTimeLinkRow | undefined> {
  const [row] = await db.select().from(oneTimeLinks).where(eq(oneTimeLinks.id, id));
  return row;
}

/** Stamps a link used; resolves to false if it already was (two tabs, a replay). */
export async function useOneTimeLink(db: Database, id: string): Promise<boolean> {
  const rows = await db
    .update(oneTimeLinks)
    .set({ usedAt: sql`now()` })
    .where(and(eq(oneTimeLinks.id, id), isNull(oneTimeLinks.usedAt)))
    .returning({ id: oneTimeLinks.id });
  return rows.length > 0;
}

/**
 * Ends a member's outstanding set-password links, except optionally one: a newer link,
 * a used one or a changed password makes every older link worthless.
 */
export async function deleteMemberSetPasswordLinks(db: Database, memberId: string, except?: string): Promise<void> {
  await db
    .delete(oneTimeLinks)
    .where(
      and(
        eq(oneTimeLinks.memberId, memberId),
        eq(oneTimeLinks.purpose, "set_password"),
        isNull(oneTimeLinks.usedAt),
        except === undefined ? undefined : ne(oneTimeLinks.id, except),
      ),
    );
}

/** A permanent refusal marks the address failing, unless the member changed it meanwhile. */
export async function markEmailFailing(db: Database, memberId: string, email: string): Promise<void> {
  await db
    .update(members)
    .set({ emailFailingAt: sql`now()` })
    .where(and(eq(members.id, memberId), eq(members.email, email)));
}

/** Members whose address was refused for good, for admins. */
export function listFailingEmails(db: Database): Promise<{ username: string; email: string | null; failingSince: Date | null }[]> {
  return db
    .select({ username: members.username, email: members.email, failingSince: members.emailFailingAt })
    .from(members)
    .where(sql`${members.emailFailingAt} IS NOT NULL`)
    .orderBy(desc(members.emailFailingAt));
}
