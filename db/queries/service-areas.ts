import { asc, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { serviceAreas } from "../schema/index.ts";

export type ServiceAreaRow = typeof serviceAreas.$inferSelect;

/** Inserts an area; resolves to undefined when the name is taken (case-insensitively). */
export async function insertServiceArea(db: Database, name: string): Promise<ServiceAreaRow | undefined> {
  const [row] = await db.insert(serviceAreas).values({ name }).onConflictDoNothing().returning();
  return row;
}

export function listServiceAreas(db: Database): Promise<ServiceAreaRow[]> {
  return db.select().from(serviceAreas).orderBy(asc(serviceAreas.name));
}

export async function findServiceAreaByName(db: Database, name: string): Promise<ServiceAreaRow | undefined> {
  const [row] = await db.select().from(serviceAreas).where(sql`lower(${serviceAreas.name}) = lower(${name.trim()})`);
  return row;
}
