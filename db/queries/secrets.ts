import { eq } from "drizzle-orm";
import type { Database } from "../database.ts";
import { instanceSecrets } from "../schema/index.ts";

/**
 * The named secret, created with `make()` the first time. Concurrent first starts agree:
 * the first insert wins and everyone reads it back. `make` runs only when the secret is
 * missing, so what it needs (web-push for the VAPID keys) is loaded only then.
 */
export async function getOrCreateSecret(db: Database, name: string, make: () => string | Promise<string>): Promise<string> {
  const read = async () => (await db.select().from(instanceSecrets).where(eq(instanceSecrets.name, name)))[0]?.value;
  const existing = await read();
  if (existing !== undefined) return existing;
  await db
    .insert(instanceSecrets)
    .values({ name, value: await make() })
    .onConflictDoNothing();
  return (await read())!;
}
