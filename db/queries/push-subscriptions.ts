import { and, eq, inArray, sql } from "drizzle-orm";
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

/** The devices of each of these members, by member (none: absent): one statement for a batch of notices. */
export async function listPushSubscriptionsByMember(
  db: Database,
  memberIds: readonly string[],
): Promise<Map<string, PushSubscriptionRow[]>> {
  const byMember = new Map<string, PushSubscriptionRow[]>();
  if (memberIds.length === 0) return byMember;
  const rows = await db
    .select()
    .from(pushSubscriptions)
    .where(inArray(pushSubscriptions.memberId, [...new Set(memberIds)]));
  for (const row of rows) {
    const devices = byMember.get(row.memberId);
    if (devices === undefined) byMember.set(row.memberId, [row]);
    else devices.push(row);
  }
  return byMember;
}

/** The push services took a notice for these devices. */
export async function markPushSuccess(db: Database, endpoints: readonly string[]): Promise<void> {
  if (endpoints.length === 0) return;
  await db
    .update(pushSubscriptions)
    .set({ lastSuccessAt: sql`now()` })
    .where(inArray(pushSubscriptions.endpoint, [...endpoints]));
}
