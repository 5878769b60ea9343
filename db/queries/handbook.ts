import { and, desc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../database.ts";
import {
  agreementAcceptances,
  type HandoverSlugs,
  handbookPages,
  handbookProposals,
  handbookRevisions,
  handbookSettings,
  members,
} from "../schema/index.ts";

export type PageRow = typeof handbookPages.$inferSelect;
export type RevisionRow = typeof handbookRevisions.$inferSelect;
export type ProposalRow = typeof handbookProposals.$inferSelect;
export type HandbookSettingsRow = typeof handbookSettings.$inferSelect;
type Visibility = PageRow["visibility"];

export interface PageWithNames {
  page: PageRow;
  updatedBy: string | null;
}

export interface RevisionWithNames {
  revision: RevisionRow;
  author: string | null;
  acceptedBy: string | null;
}

export interface ProposalWithNames {
  proposal: ProposalRow;
  slug: string;
  pageTitle: string;
  visibility: Visibility;
  pageRevision: number;
  proposer: string | null;
  decidedBy: string | null;
}

/** The text of a save: what a page and each of its revisions hold. */
export interface PageText {
  title: string;
  body: string;
  visibility: Visibility;
}

function selectPages(db: Database) {
  return db
    .select({ page: handbookPages, updatedBy: members.username })
    .from(handbookPages)
    .leftJoin(members, eq(members.id, handbookPages.updatedById));
}

export async function findPageBySlug(db: Database, slug: string, options: { lock?: boolean } = {}): Promise<PageWithNames | undefined> {
  const query = selectPages(db).where(eq(handbookPages.slug, slug));
  const [row] = options.lock === true ? await query.for("update", { of: handbookPages }) : await query;
  return row;
}

/**
 * Pages of the given visibilities, by title; with `terms`, only pages whose title or text
 * holds every one of them (case-insensitive), those with a term in the title first.
 */
export function listPageRows(db: Database, visibilities: readonly Visibility[], terms: readonly string[]): Promise<PageWithNames[]> {
  const patterns = terms.map((term) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const matches = patterns.map((pattern) => or(ilike(handbookPages.title, pattern), ilike(handbookPages.body, pattern)));
  // With words to find, pages with one in their title first.
  const order = [sql`lower(${handbookPages.title})`];
  if (patterns.length > 0) order.unshift(sql`CASE WHEN ${or(...patterns.map((p) => ilike(handbookPages.title, p)))} THEN 0 ELSE 1 END`);
  return selectPages(db)
    .where(and(inArray(handbookPages.visibility, [...visibilities]), ...matches))
    .orderBy(...order)
    .limit(500);
}

/** A new page at revision 1, or undefined if its slug was taken meanwhile. */
export async function insertPage(
  db: Database,
  slug: string,
  text: PageText,
  authorId: string | null,
  at: Date,
): Promise<PageRow | undefined> {
  const [row] = await db
    .insert(handbookPages)
    .values({ slug, ...text, revision: 1, updatedById: authorId, updatedAt: at, createdAt: at })
    .onConflictDoNothing({ target: handbookPages.slug })
    .returning();
  return row;
}

export async function updatePage(db: Database, id: string, text: PageText, revision: number, authorId: string | null, at: Date) {
  await db
    .update(handbookPages)
    .set({ ...text, revision, updatedById: authorId, updatedAt: at })
    .where(eq(handbookPages.id, id));
}

export async function insertRevision(db: Database, values: typeof handbookRevisions.$inferInsert): Promise<void> {
  await db.insert(handbookRevisions).values(values);
}

function selectRevisions(db: Database) {
  const author = alias(members, "author");
  const acceptor = alias(members, "acceptor");
  return db
    .select({ revision: handbookRevisions, author: author.username, acceptedBy: acceptor.username })
    .from(handbookRevisions)
    .leftJoin(author, eq(author.id, handbookRevisions.authorId))
    .leftJoin(acceptor, eq(acceptor.id, handbookRevisions.acceptedById));
}

/** A page's revisions, newest first. */
export function listRevisionRows(db: Database, pageId: string): Promise<RevisionWithNames[]> {
  return selectRevisions(db).where(eq(handbookRevisions.pageId, pageId)).orderBy(desc(handbookRevisions.revision));
}

export async function findRevision(db: Database, pageId: string, revision: number): Promise<RevisionWithNames | undefined> {
  const [row] = await selectRevisions(db).where(and(eq(handbookRevisions.pageId, pageId), eq(handbookRevisions.revision, revision)));
  return row;
}

export async function insertProposal(db: Database, values: typeof handbookProposals.$inferInsert): Promise<ProposalRow> {
  const [row] = await db.insert(handbookProposals).values(values).returning();
  return row!;
}

function selectProposals(db: Database) {
  const proposer = alias(members, "proposer");
  const decider = alias(members, "decider");
  return db
    .select({
      proposal: handbookProposals,
      slug: handbookPages.slug,
      pageTitle: handbookPages.title,
      visibility: handbookPages.visibility,
      pageRevision: handbookPages.revision,
      proposer: proposer.username,
      decidedBy: decider.username,
    })
    .from(handbookProposals)
    .innerJoin(handbookPages, eq(handbookPages.id, handbookProposals.pageId))
    .leftJoin(proposer, eq(proposer.id, handbookProposals.proposerId))
    .leftJoin(decider, eq(decider.id, handbookProposals.decidedById));
}

export async function findProposal(db: Database, id: string, options: { lock?: boolean } = {}): Promise<ProposalWithNames | undefined> {
  const query = selectProposals(db).where(eq(handbookProposals.id, id));
  const [row] = options.lock === true ? await query.for("update", { of: handbookProposals }) : await query;
  return row;
}

/** Open proposals, oldest first (for one page, or all); or, with `proposerId`, that member's, newest first. */
export function listProposalRows(db: Database, filter: { pageId?: string; proposerId?: string }): Promise<ProposalWithNames[]> {
  const conditions = [
    filter.pageId === undefined ? undefined : eq(handbookProposals.pageId, filter.pageId),
    filter.proposerId === undefined ? eq(handbookProposals.status, "open") : eq(handbookProposals.proposerId, filter.proposerId),
  ];
  const order = filter.proposerId === undefined ? handbookProposals.createdAt : desc(handbookProposals.createdAt);
  return selectProposals(db)
    .where(and(...conditions))
    .orderBy(order)
    .limit(200);
}

export async function decideProposal(
  db: Database,
  id: string,
  decision: { status: "accepted" | "declined"; decidedById: string; decidedAt: Date; revision: number | null },
): Promise<void> {
  await db.update(handbookProposals).set(decision).where(eq(handbookProposals.id, id));
}

export async function findHandbookSettings(db: Database): Promise<HandbookSettingsRow | undefined> {
  const [row] = await db.select().from(handbookSettings);
  return row;
}

export async function saveHandbookSettings(
  db: Database,
  values: { welcomeSlug?: string | null; agreementsSlug?: string | null; handoverSlugs?: HandoverSlugs; seededAt?: Date },
): Promise<void> {
  await db
    .insert(handbookSettings)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: handbookSettings.id, set: { ...values, updatedAt: sql`now()` } });
}

/** Takes the seeding lock: true for the one process that sets `seededAt` first, false if it was already set. */
export async function claimSeeding(db: Database, at: Date, defaults: { welcomeSlug: string }): Promise<boolean> {
  await db.insert(handbookSettings).values({ id: 1 }).onConflictDoNothing();
  const claimed = await db
    .update(handbookSettings)
    .set({ seededAt: at, welcomeSlug: sql`coalesce(${handbookSettings.welcomeSlug}, ${defaults.welcomeSlug})` })
    .where(and(eq(handbookSettings.id, 1), sql`${handbookSettings.seededAt} IS NULL`))
    .returning({ id: handbookSettings.id });
  return claimed.length > 0;
}

export async function findAcceptance(db: Database, memberId: string) {
  const [row] = await db.select().from(agreementAcceptances).where(eq(agreementAcceptances.memberId, memberId));
  return row;
}

/** Records a member's acceptance once; a second one changes nothing. */
export async function insertAcceptance(db: Database, memberId: string, revision: number | null, at: Date): Promise<void> {
  await db.insert(agreementAcceptances).values({ memberId, revision, acceptedAt: at }).onConflictDoNothing();
}

/** When each of these members accepted the agreements (those who have not are left out). */
export async function listAcceptances(db: Database, memberIds: readonly string[]): Promise<Map<string, Date>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(agreementAcceptances)
    .where(inArray(agreementAcceptances.memberId, [...memberIds]));
  return new Map(rows.map((row) => [row.memberId, row.acceptedAt]));
}
