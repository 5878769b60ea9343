import { eq } from "drizzle-orm";
import type { Database } from "../database.ts";
import { instanceSecrets } from "../schema/index.ts";

/**
 * The named secret, created with `make()` the first time. Concurrent first starts agree:
 * the first insert wins and everyone reads it back.
 */
export async function getOrCreateSecret(db: Database, name: string, make: () => string): Promise<string> {
  await db.insert(instanceSecrets).values({ name, value: make() }).onConflictDoNothing();
  const [row] = await db.select().from(instanceSecrets).where(eq(instanceSecrets.name, name));
  return row!.value;
}
