import { eq, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { notificationPreferences } from "../schema/index.ts";

export type PreferenceRow = typeof notificationPreferences.$inferSelect;

export function listPreferences(db: Database, memberId: string): Promise<PreferenceRow[]> {
  return db.select().from(notificationPreferences).where(eq(notificationPreferences.memberId, memberId));
}

export async function savePreferences(db: Database, rows: Omit<PreferenceRow, "updatedAt">[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(notificationPreferences)
    .values(rows)
    .onConflictDoUpdate({
      target: [notificationPreferences.memberId, notificationPreferences.kind],
      set: {
        inApp: sql`excluded.in_app`,
        email: sql`excluded.email`,
        push: sql`excluded.push`,
        emailMode: sql`excluded.email_mode`,
        updatedAt: sql`now()`,
      },
    });
}
