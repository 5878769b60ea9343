import { desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../database.ts";
import { coordinatorLog, members } from "../schema/index.ts";

export type CoordinatorLogRow = typeof coordinatorLog.$inferSelect;

export async function insertLogEntry(db: Database, values: typeof coordinatorLog.$inferInsert): Promise<void> {
  await db.insert(coordinatorLog).values(values);
}

export interface LogEntryWithNames {
  entry: CoordinatorLogRow;
  actorUsername: string | null;
  subjectUsername: string | null;
}

export function listLogEntries(db: Database, limit: number, offset: number): Promise<LogEntryWithNames[]> {
  const actor = alias(members, "actor");
  const subject = alias(members, "subject");
  return db
    .select({ entry: coordinatorLog, actorUsername: actor.username, subjectUsername: subject.username })
    .from(coordinatorLog)
    .leftJoin(actor, eq(actor.id, coordinatorLog.actorId))
    .leftJoin(subject, eq(subject.id, coordinatorLog.subjectMemberId))
    .orderBy(desc(coordinatorLog.createdAt))
    .limit(limit)
    .offset(offset);
}
