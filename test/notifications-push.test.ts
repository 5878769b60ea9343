import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPushSubscriptionsOf } from "../db/queries/push-subscriptions.ts";
import { listRecentDeliveries } from "../db/queries/notifications.ts";
import { inTransaction } from "../db/transaction.ts";
import { testDriver } from "./support/database.ts";
import { eventually, startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { startPushService, type TestPushService } from "./support/push-service.ts";

let pushService: TestPushService;
let instance: TestInstance;

beforeAll(async () => {
  pushService = await startPushService();
  instance = await startTestInstance("pushside");
}, 120_000);
afterAll(async () => {
  await instance?.destroy();
  await pushService?.close();
});

/** A member with push on for one new device, subscribed as a browser does (the site's key, then the API). */
async function memberWithDevice(username: string): Promise<{ person: Person; endpoint: string }> {
  const person = await makePerson(instance, username, "member");
  const { body: key } = await api(instance, "GET", "/push/key");
  const subscription = pushService.subscribe(key.publicKey);
  expect((await api(instance, "POST", "/push/subscriptions", { as: person, body: subscription })).status).toBe(204);
  return { person, endpoint: subscription.endpoint };
}

function tell(memberId: string, kind: "join_approved" | "role_changed") {
  return inTransaction(instance.database.db, (tx) =>
    instance.services.notifications.notify(tx, { members: [memberId] }, { kind, subjectId: memberId, url: "/account", params: { role: "coordinator" } }),
  );
}

describe(`notifications by Web Push (${testDriver})`, () => {
  it("pushes the notice's sentence and link, signed with the site's VAPID key and encrypted for the device", async () => {
    const { person, endpoint } = await memberWithDevice("push_pia");
    await tell(person.id, "join_approved");

    const push = await pushService.next(endpoint);
    expect(push.payload).toEqual({
      title: "pushside mutual aid",
      body: (await api(instance, "GET", "/notifications", { as: person })).body.items[0].text,
      url: `${instance.url}/account`,
    });
    expect(push.ttl).toBeGreaterThan(0);
    const subscriptions = await eventually(async () => {
      const rows = await listPushSubscriptionsOf(instance.database.db, person.id);
      return rows[0]?.lastSuccessAt ? rows : null;
    });
    expect(subscriptions).toHaveLength(1);
  });

  it("does not push a kind the member turned push off for", async () => {
    const { person, endpoint } = await memberWithDevice("push_paz");
    const off = await api(instance, "PATCH", "/notifications/preferences", { as: person, body: { kinds: [{ kind: "role_changed", push: false }] } });
    expect(off.body.kinds.find((k: { kind: string }) => k.kind === "role_changed")).toMatchObject({ push: false, inApp: true });
    await tell(person.id, "role_changed");
    await tell(person.id, "join_approved");
    // Pushes go out in order of their notices: once the second arrives, the first would have.
    await pushService.next(endpoint, (p) => p.payload.body === (instance.services.notifications.render({ kind: "join_approved", params: { role: "coordinator" } })));
    expect(pushService.received.filter((p) => p.endpoint === endpoint)).toHaveLength(1);
  });

  it("forgets a device whose push service answers 410 Gone", async () => {
    const { person, endpoint } = await memberWithDevice("push_gil");
    pushService.forget(endpoint);
    await tell(person.id, "join_approved");

    await eventually(async () => ((await listPushSubscriptionsOf(instance.database.db, person.id)).length === 0 ? true : null));
    const notices = await instance.database.db.query.notifications.findMany({ where: (n, { eq }) => eq(n.recipientId, person.id) });
    const [delivery] = (await listRecentDeliveries(instance.database.db, "push", 100)).filter((d) => d.notificationId === notices[0]!.id);
    expect(delivery).toMatchObject({ status: "skipped", result: "0 sent, 0 failed, 1 removed (gone)" });
    // With no device left, later notices are not queued for push at all.
    await tell(person.id, "role_changed");
    const later = await instance.database.db.query.notificationDeliveries.findMany({ where: (d, { eq }) => eq(d.recipientId, person.id) });
    expect(later.map((d) => d.channel)).toEqual(["push"]);
  });

  it("refuses a subscription that is not a browser's, naming the field", async () => {
    const person = await makePerson(instance, "push_ned", "member");
    const bad = await api(instance, "POST", "/push/subscriptions", { as: person, body: { endpoint: "ftp://push.example/1", keys: { p256dh: "short", auth: "x" } } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["endpoint", "keys.auth", "keys.p256dh"]);
    expect((await api(instance, "POST", "/push/subscriptions", { body: pushService.subscribe("key") })).status).toBe(401);
    expect((await api(instance, "DELETE", "/push/subscriptions", { as: person, body: { endpoint: `${pushService.origin}/push/none` } })).status).toBe(404);
  });
});
