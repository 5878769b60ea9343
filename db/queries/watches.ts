import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../database.ts";
import { serviceAreas, watches } from "../schema/index.ts";

export async function insertWatch(db: Database, values: typeof watches.$inferInsert) {
  const [row] = await db.insert(watches).values(values).returning();
  return row!;
}

export function listWatchesOf(db: Database, memberId: string) {
  return db
    .select({ id: watches.id, kind: watches.kind, category: watches.category, area: serviceAreas.name, createdAt: watches.createdAt })
    .from(watches)
    .leftJoin(serviceAreas, eq(serviceAreas.id, watches.areaId))
    .where(eq(watches.memberId, memberId))
    .orderBy(desc(watches.createdAt));
}

/** Deletes one of the member's watches; false when they have none with that id. */
export async function deleteWatchOf(db: Database, memberId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(watches)
    .where(and(eq(watches.memberId, memberId), eq(watches.id, id)))
    .returning({ id: watches.id });
  return rows.length > 0;
}
