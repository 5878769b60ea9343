import { eq } from "drizzle-orm";
import type { Database } from "../database.ts";
import { sharedStateVersion } from "../schema/index.ts";

/** The number triggers raise on every change to the settings, crises and service areas. */
export async function readSharedStateVersion(db: Database): Promise<number> {
  const [row] = await db.select({ version: sharedStateVersion.version }).from(sharedStateVersion).where(eq(sharedStateVersion.id, 1));
  return row?.version ?? 0;
}
