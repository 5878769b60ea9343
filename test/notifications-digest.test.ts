import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
import { updateMember } from "../db/queries/members.ts";
import { inTransaction } from "../db/transaction.ts";
import type { NotificationKind } from "../src/notifications/kinds.ts";
import { testDriver } from "./support/database.ts";
import { eventually, startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { startPushService, type TestPushService } from "./support/push-service.ts";
import { startSmtpServer, type TestSmtpServer } from "./support/smtp.ts";
import { visibleText } from "./support/web-client.ts";

// Digests, quiet hours and the push cap go by the members' own clocks: the instance reads the
// time from `clock`, which each test sets and moves instead of waiting for it.
const clock = { now: new Date("2026-12-01T10:00:00Z") };

let smtp: TestSmtpServer;
let pushService: TestPushService;
let instance: TestInstance;

beforeAll(async () => {
  smtp = await startSmtpServer();
  pushService = await startPushService();
  instance = await startTestInstance(
    "eastside",
    { SMTP_URL: smtp.url, MAIL_FROM: "Eastside Aid <aid@eastside.test>", PUSH_HOURLY_CAP: "3" },
    undefined,
    { clock: () => clock.now },
  );
  await instance.services.areas.add("East side");
}, 120_000);
afterAll(async () => {
  await instance?.destroy();
  await pushService?.close();
  await smtp?.close();
});

/** A member with a verified address, living in Madrid. */
async function personWithEmail(username: string, role: "member" | "coordinator", email: string): Promise<Person> {
  const person = await makePerson(instance, username, role);
  await updateMember(instance.database.db, person.id, { email, emailVerifiedAt: new Date(), timeZone: "Europe/Madrid" });
  return person;
}

async function withDevice(person: Person): Promise<string> {
  const subscription = pushService.subscribe((await api(instance, "GET", "/push/key")).body.publicKey);
  expect((await api(instance, "POST", "/push/subscriptions", { as: person, body: subscription })).status).toBe(204);
  return subscription.endpoint;
}

let told = 0;
/** A notice of `kind` to one member, as the domain writes it (its sentence carries `title`). */
function tell(memberId: string, kind: NotificationKind, title: string) {
  return inTransaction(instance.database.db, (tx) =>
    instance.services.notifications.notify(
      tx,
      { members: [memberId] },
      { kind, subjectId: `${memberId}-${++told}`, url: `/account?n=${told}`, params: { title, role: "coordinator" } },
    ),
  );
}

function deliveriesOf(memberId: string) {
  return queryRows<{ kind: string; channel: string; status: string; result: string | null }>(
    instance.database.db,
    sql`SELECT n.kind, d.channel, d.status, d.result FROM notification_deliveries d
        JOIN notifications n ON n.id = d.notification_id WHERE d.recipient_id = ${memberId}`,
  );
}

const mailsTo = (address: string) => smtp.received.filter((m) => m.to === address);

describe(`digests and quiet hours (${testDriver})`, () => {
  it("gathers held e-mails into one digest at 08:00 in the member's zone, once, while crises and urgent requests go at once", async () => {
    clock.now = new Date("2026-12-01T10:00:00Z"); // Tuesday, 11:00 in Madrid
    const coordinator = await personWithEmail("coord_dia", "coordinator", "dia@example.test");
    const requester = await makePerson(instance, "req_ramon", "member");
    const changed = await api(instance, "PATCH", "/notifications/preferences", {
      as: coordinator,
      body: { kinds: [{ kind: "role_changed", emailMode: "daily" }] },
    });
    expect(changed.status).toBe(200);
    // Coordinators get ordinary new requests in the daily digest unless they choose otherwise.
    expect(changed.body.kinds).toContainEqual({ kind: "new_request", inApp: true, email: true, push: false, emailMode: "daily" });
    expect(changed.body).toMatchObject({ timeZone: "Europe/Madrid", digestTime: "08:00", quietHours: null });

    const post = (title: string, urgency: string) =>
      api(instance, "POST", "/posts", {
        as: requester,
        body: { kind: "request", area: "East side", category: "food", title, urgency, contact: { phone: "600 999 111" } },
      });
    expect((await post("Bread for the week", "normal")).status).toBe(201);
    expect((await post("Insulin tonight", "critical")).status).toBe(201);
    await smtp.next("dia@example.test", (m) => m.subject?.includes("Insulin tonight") ?? false);
    await tell(coordinator.id, "role_changed", "");
    await tell(coordinator.id, "crisis_declared", "Flood in East side");
    await smtp.next("dia@example.test", (m) => m.subject?.includes("Flood in East side") ?? false);
    expect(mailsTo("dia@example.test")).toHaveLength(2);
    expect((await deliveriesOf(coordinator.id)).filter((d) => d.status === "held").map((d) => d.kind)).toEqual(
      expect.arrayContaining(["new_request", "role_changed"]),
    );

    // A minute before 08:00 in Madrid nothing is due; at 08:00 a worker gathers and sends one digest.
    clock.now = new Date("2026-12-02T06:59:00Z");
    expect(await instance.services.digests.gatherDue()).toBe(0);
    clock.now = new Date("2026-12-02T07:00:00Z");
    const digest = await smtp.next("dia@example.test", (m) => m.subject?.includes("digest") ?? false);
    expect(digest.subject).toBe("eastside mutual aid: 2 notices in your digest");
    expect(digest.text).toContain("- A new request: “Bread for the week” (East side).");
    expect(digest.text).toContain("- Your role is now: Coordinator.");
    expect(digest.text).toContain(`${instance.url}/posts/`);
    expect(digest.html).toContain("Bread for the week");
    const whole = `${digest.subject}\n${digest.text}\n${digest.html}`;
    expect(whole).not.toMatch(/Insulin|Flood|600 999 111|req_ramon/);

    // Never twice: what was gathered is not gathered again, and nothing else is due.
    expect(await instance.services.digests.gatherDue()).toBe(0);
    await eventually(async () => (await deliveriesOf(coordinator.id)).every((d) => d.status !== "pending" && d.status !== "sending"));
    expect(await instance.deliveries.deliverDue()).toBe(0);
    expect(mailsTo("dia@example.test").filter((m) => m.parsed.subject?.includes("digest"))).toHaveLength(1);
    expect((await deliveriesOf(coordinator.id)).filter((d) => d.kind === "new_request")).toEqual([
      { kind: "new_request", channel: "email", status: "digested", result: "in a digest" },
    ]);

    // The digest's one-click unsubscribe stops the kinds that went to the digest, not the others.
    const header = digest.headerLines.find((h) => h.key === "list-unsubscribe")!.line;
    const unsubscribe = /<(http[^>]+)>/.exec(header)![1]!;
    expect((await fetch(unsubscribe, { method: "POST", body: "List-Unsubscribe=One-Click" })).status).toBe(200);
    const after = (await api(instance, "GET", "/notifications/preferences", { as: coordinator })).body.kinds;
    expect(after).toContainEqual(expect.objectContaining({ kind: "new_request", email: false }));
    expect(after).toContainEqual(expect.objectContaining({ kind: "new_urgent_request", email: true }));
  });

  it("sends a weekly digest on Monday at 08:00 in the member's zone", async () => {
    clock.now = new Date("2026-12-02T12:00:00Z"); // Wednesday
    const member = await personWithEmail("mem_wes", "member", "wes@example.test");
    await api(instance, "PATCH", "/notifications/preferences", {
      as: member,
      body: { kinds: [{ kind: "post_expiring", emailMode: "weekly" }], timeZone: "America/Mexico_City" },
    });
    await tell(member.id, "post_expiring", "Warm coats");
    clock.now = new Date("2026-12-06T14:00:00Z"); // Sunday, 08:00 in Mexico City: not Monday
    expect(await instance.services.digests.gatherDue()).toBe(0);
    clock.now = new Date("2026-12-07T14:00:00Z"); // Monday, 08:00 in Mexico City
    const digest = await smtp.next("wes@example.test");
    expect(digest.subject).toBe("eastside mutual aid: 1 notice in your digest");
    expect(digest.text).toContain("Is “Warm coats” still needed?");
  });

  it("holds push and e-mail in quiet hours until they end, except crises", async () => {
    clock.now = new Date("2026-12-03T22:30:00Z"); // 23:30 in Madrid
    const member = await personWithEmail("mem_quinn", "member", "quinn@example.test");
    const endpoint = await withDevice(member);
    const set = await api(instance, "PATCH", "/notifications/preferences", {
      as: member,
      body: { quietHours: { start: "22:00", end: "07:00" } },
    });
    expect(set.body.quietHours).toEqual({ start: "22:00", end: "07:00" });

    await tell(member.id, "join_approved", "");
    await tell(member.id, "crisis_declared", "Storm on the coast");
    const isCrisis = (text: string | undefined) => text?.includes("Storm on the coast") ?? false;
    await pushService.next(endpoint, (p) => isCrisis(p.payload.body));
    await smtp.next("quinn@example.test", (m) => isCrisis(m.subject));
    // The crisis went out after the welcome was written: the welcome waits.
    expect(pushService.received.filter((p) => p.endpoint === endpoint)).toHaveLength(1);
    expect(mailsTo("quinn@example.test")).toHaveLength(1);
    // It is in the app at once, quiet hours or not.
    expect((await api(instance, "GET", "/notifications", { as: member })).body.unreadCount).toBe(2);

    clock.now = new Date("2026-12-04T06:00:00Z"); // 07:00 in Madrid
    const welcome = await pushService.next(endpoint, (p) => p.payload.body.startsWith("Welcome"));
    expect(welcome.payload.url).toMatch(/\/account\?n=\d+$/);
    await smtp.next("quinn@example.test", (m) => m.subject?.includes("Welcome") ?? false);
  });

  it("pushes at most PUSH_HOURLY_CAP notices an hour to one member; the rest stay in the app", async () => {
    clock.now = new Date("2026-12-04T12:00:00Z");
    const member = await makePerson(instance, "mem_cap", "member");
    const endpoint = await withDevice(member);
    for (const title of ["one", "two", "three", "four"]) await tell(member.id, "post_expiring", title);
    const settledDeliveries = await eventually(async () => {
      const rows = await deliveriesOf(member.id);
      return rows.length === 4 && rows.every((d) => d.status === "sent" || d.status === "skipped") ? rows : null;
    });
    expect(settledDeliveries.filter((d) => d.status === "sent")).toHaveLength(3);
    expect(settledDeliveries.find((d) => d.status === "skipped")?.result).toBe("over the cap of 3 pushes an hour: in the app only");
    expect(pushService.received.filter((p) => p.endpoint === endpoint)).toHaveLength(3);
    expect((await api(instance, "GET", "/notifications", { as: member })).body.items).toHaveLength(4);
  });

  it("refuses preferences it cannot keep, naming the field, and saves digests and quiet hours from the page", async () => {
    const member = await makePerson(instance, "mem_val", "member");
    const bad = await api(instance, "PATCH", "/notifications/preferences", {
      as: member,
      body: {
        kinds: [
          { kind: "crisis_declared", emailMode: "daily" },
          { kind: "role_changed", emailMode: "hourly" },
        ],
        quietHours: { start: "25:00", end: "07:00" },
        timeZone: "Mars/Olympus",
      },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["kinds.0.emailMode", "kinds.1.emailMode", "quietHours.start", "timeZone"]);
    const same = await api(instance, "PATCH", "/notifications/preferences", {
      as: member,
      body: { quietHours: { start: "07:00", end: "07:00" } },
    });
    expect(same.status).toBe(400);
    expect(Object.keys(same.body.fields)).toEqual(["quietHours.end"]);
    expect((await api(instance, "PATCH", "/notifications/preferences", { as: member, body: {} })).status).toBe(400);

    const page = await member.web.page("/notifications/settings");
    expect(visibleText(page.html)).toContain("Quiet hours");
    expect(page.html).toContain('name="emailMode:role_changed"');
    // Crises have no digest choice.
    expect(page.html).not.toContain('name="emailMode:crisis_declared"');
    const refused = await member.web.post("/notifications/settings", { quietStart: "23:00", quietEnd: "" });
    expect(refused.status).toBe(422);
    expect(visibleText(await refused.text())).toContain("use a time of day as HH:MM");
    const saved = await member.web.post("/notifications/settings", {
      "inApp:role_changed": "on",
      "email:role_changed": "on",
      "emailMode:role_changed": "weekly",
      quietStart: "21:30",
      quietEnd: "06:45",
    });
    expect(saved.status).toBe(303);
    const after = (await api(instance, "GET", "/notifications/preferences", { as: member })).body;
    expect(after.kinds).toContainEqual({ kind: "role_changed", inApp: true, email: true, push: false, emailMode: "weekly" });
    expect(after.quietHours).toEqual({ start: "21:30", end: "06:45" });
  });
});
