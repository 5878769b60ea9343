import { sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { networkSettings } from "../schema/index.ts";

export type NetworkSettingsRow = typeof networkSettings.$inferSelect;

export async function findNetworkSettings(db: Database): Promise<NetworkSettingsRow | undefined> {
  const [row] = await db.select().from(networkSettings);
  return row;
}

export async function saveNetworkSettings(
  db: Database,
  values: Omit<typeof networkSettings.$inferInsert, "id" | "updatedAt">,
): Promise<void> {
  await db
    .insert(networkSettings)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: networkSettings.id, set: { ...values, updatedAt: sql`now()` } });
}
