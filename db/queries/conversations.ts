import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import {
  areaAliases,
  conversationMessages,
  conversationPosts,
  conversations,
  members,
  notifications,
  posts,
  serviceAreas,
  smsProviderState,
} from "../schema/index.ts";

export type ConversationRow = typeof conversations.$inferSelect;
export type ConversationMessageRow = typeof conversationMessages.$inferSelect;

/** The SMS conversation of a number, made on its first message in `language` (the network's). */
export async function findOrCreateSmsConversation(db: Database, address: string, language: string): Promise<ConversationRow> {
  await db.insert(conversations).values({ channel: "sms", address, language }).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.channel, "sms"), eq(conversations.address, address)));
  return row!;
}

export async function findConversation(db: Database, id: string): Promise<ConversationRow | undefined> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
  return row;
}

export async function updateConversation(
  db: Database,
  id: string,
  values: Partial<Pick<ConversationRow, "language" | "draft" | "draftExpiresAt" | "needsPerson" | "stopped">>,
): Promise<void> {
  await db
    .update(conversations)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(conversations.id, id));
}

/** Stores one message; resolves to undefined when its provider id was stored before (a retried delivery). */
export async function insertConversationMessage(
  db: Database,
  values: typeof conversationMessages.$inferInsert,
): Promise<ConversationMessageRow | undefined> {
  const [row] = await db.insert(conversationMessages).values(values).onConflictDoNothing().returning();
  return row;
}

/** Flags a message: inbound left unanswered (over the limit), or outbound the provider refused. */
export async function markMessage(db: Database, id: string, flags: { unanswered?: true; failed?: true }): Promise<void> {
  await db.update(conversationMessages).set(flags).where(eq(conversationMessages.id, id));
}

export function listConversationMessages(db: Database, conversationId: string): Promise<ConversationMessageRow[]> {
  return db
    .select()
    .from(conversationMessages)
    .where(eq(conversationMessages.conversationId, conversationId))
    .orderBy(asc(conversationMessages.createdAt), asc(conversationMessages.id));
}

/** Conversations waiting for a coordinator, the longest waiting first. */
export function listConversationsNeedingPerson(db: Database): Promise<ConversationRow[]> {
  return db.select().from(conversations).where(eq(conversations.needsPerson, true)).orderBy(asc(conversations.updatedAt));
}

/** Records the code of a post a conversation made; false when the code is taken. */
export async function insertConversationPost(db: Database, values: typeof conversationPosts.$inferInsert): Promise<boolean> {
  const rows = await db.insert(conversationPosts).values(values).onConflictDoNothing().returning();
  return rows.length === 1;
}

export interface ConversationPostSummary {
  postId: string;
  code: string;
  kind: "offer" | "request";
  category: string;
  status: string;
}

/** The posts a conversation made, newest first. */
export function listConversationPosts(db: Database, conversationId: string): Promise<ConversationPostSummary[]> {
  return db
    .select({ postId: posts.id, code: conversationPosts.code, kind: posts.kind, category: posts.category, status: posts.status })
    .from(conversationPosts)
    .innerJoin(posts, eq(posts.id, conversationPosts.postId))
    .where(eq(conversationPosts.conversationId, conversationId))
    .orderBy(desc(posts.createdAt));
}

/** Every area name and admin-set alias, as the grammar matches them. */
export async function listAreaNames(db: Database): Promise<{ name: string; areaId: string; areaName: string }[]> {
  const names = await db.select({ name: serviceAreas.name, areaId: serviceAreas.id, areaName: serviceAreas.name }).from(serviceAreas);
  const aliases = await db
    .select({ name: areaAliases.alias, areaId: areaAliases.areaId, areaName: serviceAreas.name })
    .from(areaAliases)
    .innerJoin(serviceAreas, eq(serviceAreas.id, areaAliases.areaId));
  return [...names, ...aliases];
}

export async function upsertAreaAlias(db: Database, alias: string, areaId: string): Promise<void> {
  await db.insert(areaAliases).values({ alias, areaId }).onConflictDoUpdate({ target: areaAliases.alias, set: { areaId } });
}

/** Admin-set aliases with their area's name, alphabetically. */
export function listAreaAliases(db: Database): Promise<{ alias: string; areaName: string }[]> {
  return db
    .select({ alias: areaAliases.alias, areaName: serviceAreas.name })
    .from(areaAliases)
    .innerJoin(serviceAreas, eq(serviceAreas.id, areaAliases.areaId))
    .orderBy(asc(areaAliases.alias));
}

/** Resolves to the removed alias's area name; undefined when there was no such alias. */
export async function deleteAreaAlias(db: Database, alias: string): Promise<string | undefined> {
  const [row] = await db.delete(areaAliases).where(eq(areaAliases.alias, alias)).returning({ areaId: areaAliases.areaId });
  if (row === undefined) return undefined;
  const [area] = await db.select({ name: serviceAreas.name }).from(serviceAreas).where(eq(serviceAreas.id, row.areaId));
  return area?.name;
}

/** Counts one exchange with the provider, for the admin page. */
export async function recordProviderEvent(
  db: Database,
  provider: string,
  event: { kind: "inbound" | "outbound" } | { kind: "failure"; reason: string },
  at: Date = new Date(),
): Promise<void> {
  const values =
    event.kind === "failure"
      ? { failures: 1, lastFailure: event.reason, lastFailureAt: at }
      : event.kind === "inbound"
        ? { lastInboundAt: at }
        : { lastOutboundAt: at };
  const set = event.kind === "failure" ? { ...values, failures: sql`${smsProviderState.failures} + 1` } : values;
  await db
    .insert(smsProviderState)
    .values({ provider, ...values })
    .onConflictDoUpdate({ target: smsProviderState.provider, set });
}

export async function findProviderState(db: Database, provider: string): Promise<typeof smsProviderState.$inferSelect | undefined> {
  const [row] = await db.select().from(smsProviderState).where(eq(smsProviderState.provider, provider));
  return row;
}

/** The conversation a post came from, with the post's code. */
export async function findConversationOfPost(
  db: Database,
  postId: string,
): Promise<{ conversation: ConversationRow; code: string } | undefined> {
  const [row] = await db
    .select({ conversation: conversations, code: conversationPosts.code })
    .from(conversationPosts)
    .innerJoin(conversations, eq(conversations.id, conversationPosts.conversationId))
    .where(eq(conversationPosts.postId, postId));
  return row;
}

/** Whether this number sent STOP (and not START since). */
export async function isStopped(db: Database, address: string): Promise<boolean> {
  const [row] = await db
    .select({ stopped: conversations.stopped })
    .from(conversations)
    .where(and(eq(conversations.channel, "sms"), eq(conversations.address, address)));
  return row?.stopped ?? false;
}

/**
 * A conversation that starts with one message (e-mail, the "I can help" form): straight into
 * the queue. Resolves to undefined, storing nothing, when the message's provider id was
 * stored before (a retried delivery).
 */
export async function insertConversationWithMessage(
  db: Database,
  conversation: Pick<
    typeof conversations.$inferInsert,
    "channel" | "address" | "language" | "aboutPostId" | "memberId" | "aboutUrl" | "subject" | "draft"
  >,
  message: { body: string; providerId?: string },
): Promise<ConversationRow | undefined> {
  if (message.providerId !== undefined && (await messageStored(db, message.providerId))) return undefined;
  const [row] = await db
    .insert(conversations)
    .values({ ...conversation, needsPerson: true })
    .returning();
  await db.insert(conversationMessages).values({ conversationId: row!.id, direction: "inbound", ...message });
  return row!;
}

async function messageStored(db: Database, providerId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: conversationMessages.id })
    .from(conversationMessages)
    .where(eq(conversationMessages.providerId, providerId));
  return row !== undefined;
}

/** The conversation one of these messages (by provider id) belongs to: an e-mail reply's thread. */
export async function findConversationOfMessages(db: Database, providerIds: readonly string[]): Promise<ConversationRow | undefined> {
  if (providerIds.length === 0) return undefined;
  const [row] = await db
    .select({ conversation: conversations })
    .from(conversationMessages)
    .innerJoin(conversations, eq(conversations.id, conversationMessages.conversationId))
    .where(inArray(conversationMessages.providerId, [...providerIds]))
    .orderBy(desc(conversationMessages.createdAt))
    .limit(1);
  return row?.conversation;
}

/** The provider id of the conversation's last inbound message: an e-mail answer's In-Reply-To. */
export async function lastInboundProviderId(db: Database, conversationId: string): Promise<string | null> {
  const [row] = await db
    .select({ providerId: conversationMessages.providerId })
    .from(conversationMessages)
    .where(and(eq(conversationMessages.conversationId, conversationId), eq(conversationMessages.direction, "inbound")))
    .orderBy(desc(conversationMessages.createdAt))
    .limit(1);
  return row?.providerId ?? null;
}

/** What an e-mail reply to a notice attaches to: the notice's member, their verified address, and its page. */
export async function findNoticeForReply(
  db: Database,
  notificationId: string,
): Promise<{ memberId: string; email: string | null; emailVerified: boolean; url: string; language: string | null } | undefined> {
  const [row] = await db
    .select({
      memberId: notifications.recipientId,
      email: members.email,
      emailVerifiedAt: members.emailVerifiedAt,
      url: notifications.url,
      language: members.language,
    })
    .from(notifications)
    .innerJoin(members, eq(members.id, notifications.recipientId))
    .where(eq(notifications.id, notificationId));
  return row && { ...row, emailVerified: row.emailVerifiedAt !== null };
}
