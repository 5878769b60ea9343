import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listRecentDeliveries } from "../db/queries/notification-deliveries.ts";
import { listPushSubscriptionsByMember } from "../db/queries/push-subscriptions.ts";
import { inTransaction } from "../db/transaction.ts";
import { testDriver } from "./support/database.ts";
import { eventually, startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { startPushService, type TestPushService } from "./support/push-service.ts";
import { visibleText } from "./support/web-client.ts";

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

/** The member's push devices, as the database holds them. */
async function devicesOf(memberId: string) {
  return (await listPushSubscriptionsByMember(instance.database.db, [memberId])).get(memberId) ?? [];
}

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
    instance.services.notifications.notify(
      tx,
      { members: [memberId] },
      { kind, subjectId: memberId, url: "/account", params: { role: "coordinator" } },
    ),
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
      const rows = await devicesOf(person.id);
      return rows[0]?.lastSuccessAt ? rows : null;
    });
    expect(subscriptions).toHaveLength(1);
  });

  it("pushes a notice to many members at once, each on their own devices only, once each", async () => {
    const members = await Promise.all(["push_ada", "push_ben", "push_cai"].map((name) => memberWithDevice(name)));
    // Ben has a second device, his phone as well as his laptop.
    const { body: key } = await api(instance, "GET", "/push/key");
    const phone = pushService.subscribe(key.publicKey);
    expect((await api(instance, "POST", "/push/subscriptions", { as: members[1]!.person, body: phone })).status).toBe(204);
    await inTransaction(instance.database.db, (tx) =>
      instance.services.notifications.notify(
        tx,
        { members: members.map((m) => m.person.id) },
        { kind: "join_approved", subjectId: members[0]!.person.id, url: "/account", params: {} },
      ),
    );

    const endpoints = [...members.map((m) => m.endpoint), phone.endpoint];
    await Promise.all(endpoints.map((endpoint) => pushService.next(endpoint)));
    await instance.queue.whenIdle();
    await eventually(async () => {
      const deliveries = await instance.database.db.query.notificationDeliveries.findMany({
        where: (d, { inArray }) =>
          inArray(
            d.recipientId,
            members.map((m) => m.person.id),
          ),
      });
      return deliveries.every((d) => d.status === "sent") ? deliveries : null;
    });
    expect(endpoints.map((endpoint) => pushService.received.filter((p) => p.endpoint === endpoint).length)).toEqual([1, 1, 1, 1]);
    for (const { person } of members) expect((await devicesOf(person.id)).every((d) => d.lastSuccessAt !== null)).toBe(true);
  });

  it("does not push a kind the member turned push off for", async () => {
    const { person, endpoint } = await memberWithDevice("push_paz");
    const off = await api(instance, "PATCH", "/notifications/preferences", {
      as: person,
      body: { kinds: [{ kind: "role_changed", push: false }] },
    });
    expect(off.body.kinds.find((k: { kind: string }) => k.kind === "role_changed")).toMatchObject({ push: false, inApp: true });
    await tell(person.id, "role_changed");
    await tell(person.id, "join_approved");
    // Pushes go out in order of their notices: once the second arrives, the first would have.
    await pushService.next(
      endpoint,
      (p) => p.payload.body === instance.services.notifications.render({ kind: "join_approved", params: { role: "coordinator" } }),
    );
    expect(pushService.received.filter((p) => p.endpoint === endpoint)).toHaveLength(1);
  });

  it("forgets a device whose push service answers 410 Gone", async () => {
    const { person, endpoint } = await memberWithDevice("push_gil");
    pushService.forget(endpoint);
    await tell(person.id, "join_approved");

    await eventually(async () => ((await devicesOf(person.id)).length === 0 ? true : null));
    const notices = await instance.database.db.query.notifications.findMany({ where: (n, { eq }) => eq(n.recipientId, person.id) });
    const [delivery] = (await listRecentDeliveries(instance.database.db, "push", 100)).filter((d) => d.notificationId === notices[0]!.id);
    expect(delivery).toMatchObject({ status: "skipped", result: "0 sent, 0 failed, 1 removed (gone)" });
    // Admins see it among recent pushes, with the answer and never the message.
    const admin = await makePerson(instance, "push_adm", "admin");
    const report = visibleText((await admin.web.page("/admin/deliveries")).html);
    expect(report).toContain("Recent pushes");
    expect(report).toMatch(/push_gil join_approved skipped \(1\) 0 sent, 0 failed, 1 removed \(gone\)/);
    // With no device left, later notices are not queued for push at all.
    await tell(person.id, "role_changed");
    const later = await instance.database.db.query.notificationDeliveries.findMany({ where: (d, { eq }) => eq(d.recipientId, person.id) });
    expect(later.map((d) => d.channel)).toEqual(["push"]);
  });

  it("refuses a subscription that is not a browser's, naming the field", async () => {
    const person = await makePerson(instance, "push_ned", "member");
    const bad = await api(instance, "POST", "/push/subscriptions", {
      as: person,
      body: { endpoint: "ftp://push.example/1", keys: { p256dh: "short", auth: "x" } },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["endpoint", "keys.auth", "keys.p256dh"]);
    expect((await api(instance, "POST", "/push/subscriptions", { body: pushService.subscribe("key") })).status).toBe(401);
    expect(
      (await api(instance, "DELETE", "/push/subscriptions", { as: person, body: { endpoint: `${pushService.origin}/push/none` } })).status,
    ).toBe(404);
  });
});

describe(`the installable web app (${testDriver})`, () => {
  it("has a manifest with icons, a push-only service worker and the push script", async () => {
    const manifest = await fetch(`${instance.url}/manifest.webmanifest`);
    expect(manifest.headers.get("content-type")).toBe("application/manifest+json");
    const body = await manifest.json();
    expect(body).toMatchObject({ name: "pushside mutual aid", start_url: "/", display: "standalone" });
    for (const icon of body.icons as { src: string; type: string }[]) {
      const answer = await fetch(`${instance.url}${icon.src}`);
      expect(answer.status, icon.src).toBe(200);
      expect(answer.headers.get("content-type")).toBe(icon.type);
    }
    const worker = await fetch(`${instance.url}/sw.js`);
    expect(worker.headers.get("content-type")).toMatch(/^text\/javascript/);
    const code = await worker.text();
    expect(code).toContain('addEventListener("push"');
    expect(code).not.toContain('addEventListener("fetch"');
    expect((await fetch(`${instance.url}/push.js`)).status).toBe(200);
    const page = await fetch(`${instance.url}/`, { headers: { accept: "text/html" } });
    expect(await page.text()).toContain('<link rel="manifest" href="/manifest.webmanifest"/>');
  });

  it("settings page: a push column that saves without JavaScript, and a device switch the script turns on", async () => {
    const person = await makePerson(instance, "push_sol", "member");
    const page = await person.web.page("/notifications/settings");
    expect(page.html).toContain('name="push:join_approved" checked=""');
    // Without JavaScript the device switch stays hidden; the page's one script is the site's own file.
    expect(page.html).toMatch(/<section id="push-device"[^>]*hidden=""/);
    expect(page.html).toContain(`data-key="${instance.services.pushDevices.publicKey}"`);
    expect(page.html.match(/<script[^>]*>/g)).toEqual(['<script src="/push.js" defer=""></script>'.replace("</script>", "")]);

    const form: [string, string][] = [
      ["inApp:join_approved", "on"],
      ["email:join_approved", "on"],
    ];
    expect((await person.web.post("/notifications/settings", form)).status).toBe(303);
    const saved = (await api(instance, "GET", "/notifications/preferences", { as: person })).body.kinds;
    expect(saved.find((k: { kind: string }) => k.kind === "join_approved")).toEqual({
      kind: "join_approved",
      inApp: true,
      email: true,
      push: false,
      emailMode: "immediate",
    });

    // What the script posts with the member's session cookie.
    const subscription = pushService.subscribe(instance.services.pushDevices.publicKey);
    const on = await person.web.postJson("/notifications/push/on", subscription);
    expect(on.status).toBe(204);
    expect(await devicesOf(person.id)).toHaveLength(1);
    expect((await person.web.postJson("/notifications/push/off", { endpoint: subscription.endpoint })).status).toBe(204);
    expect(await devicesOf(person.id)).toHaveLength(0);
  });
});
