import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { pushSubscriptions } from "../schema/index.ts";

export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;

/** Saves a device's subscription for the member; a browser that subscribes again keeps one row. */
export async function savePushSubscription(
  db: Database,
  values: { endpoint: string; memberId: string; p256dh: string; auth: string },
): Promise<void> {
  await db
    .insert(pushSubscriptions)
    .values(values)
    .onConflictDoUpdate({
      target: pushSubscriptions.endpoint,
      set: { memberId: values.memberId, p256dh: values.p256dh, auth: values.auth },
    });
}

/** Removes one of the member's devices; false when they have none at that endpoint. */
export async function deletePushSubscriptionOf(db: Database, memberId: string, endpoint: string): Promise<boolean> {
  const rows = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.memberId, memberId), eq(pushSubscriptions.endpoint, endpoint)))
    .returning({ endpoint: pushSubscriptions.endpoint });
  return rows.length > 0;
}

/** The push service said the subscription is gone (404/410). */
export async function deletePushSubscription(db: Database, endpoint: string): Promise<void> {
  await db.delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint));
}

export function listPushSubscriptionsOf(db: Database, memberId: string): Promise<PushSubscriptionRow[]> {
  return db.select().from(pushSubscriptions).where(eq(pushSubscriptions.memberId, memberId));
}

export async function markPushSuccess(db: Database, endpoint: string): Promise<void> {
  await db.update(pushSubscriptions).set({ lastSuccessAt: sql`now()` }).where(eq(pushSubscriptions.endpoint, endpoint));
}
