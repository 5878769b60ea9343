import { and, desc, eq, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../database.ts";
import { members, reportNotes, reports, responses } from "../schema/index.ts";

export type ReportRow = typeof reports.$inferSelect;
export type NewReportRow = typeof reports.$inferInsert;
export type ReportStatus = ReportRow["status"];

export async function insertReport(db: Database, values: NewReportRow): Promise<ReportRow> {
  const [row] = await db.insert(reports).values(values).returning();
  return row!;
}

export async function updateReportRow(db: Database, id: string, values: Partial<NewReportRow>): Promise<void> {
  await db.update(reports).set(values).where(eq(reports.id, id));
}

export interface ReportWithNames {
  report: ReportRow;
  reporterUsername: string | null;
  assigneeUsername: string | null;
}

function selectReports(db: Database, where: SQL | undefined) {
  const reporter = alias(members, "reporter");
  const assignee = alias(members, "assignee");
  return db
    .select({ report: reports, reporterUsername: reporter.username, assigneeUsername: assignee.username })
    .from(reports)
    .leftJoin(reporter, eq(reporter.id, reports.reporterId))
    .leftJoin(assignee, eq(assignee.id, reports.assigneeId))
    .where(where);
}

export async function findReport(db: Database, id: string): Promise<ReportWithNames | undefined> {
  const [row] = await selectReports(db, eq(reports.id, id));
  return row;
}

/** Newest first; `reporterId` narrows to one member's own reports, `status` to open or resolved ones. */
export function listReportRows(
  db: Database,
  filter: { reporterId?: string; status?: ReportStatus },
  limit: number,
  offset: number,
): Promise<ReportWithNames[]> {
  const conditions = [
    filter.reporterId === undefined ? undefined : eq(reports.reporterId, filter.reporterId),
    filter.status === undefined ? undefined : eq(reports.status, filter.status),
  ];
  return selectReports(db, and(...conditions))
    .orderBy(desc(reports.createdAt))
    .limit(limit)
    .offset(offset);
}

export async function insertReportNote(db: Database, values: typeof reportNotes.$inferInsert): Promise<void> {
  await db.insert(reportNotes).values(values);
}

export function listReportNotes(db: Database, reportId: string) {
  return db
    .select({ note: reportNotes, authorUsername: members.username })
    .from(reportNotes)
    .leftJoin(members, eq(members.id, reportNotes.authorId))
    .where(eq(reportNotes.reportId, reportId))
    .orderBy(reportNotes.createdAt);
}

export async function responseExists(db: Database, id: string): Promise<boolean> {
  const [row] = await db.select({ id: responses.id }).from(responses).where(eq(responses.id, id));
  return row !== undefined;
}
