import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { visibleText } from "./support/web-client.ts";

let instance: TestInstance;
let coordinator: Person;
let requester: Person;
let offerer: Person;
let bystander: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  coordinator = await makePerson(instance, "coord_cy", "coordinator");
  requester = await makePerson(instance, "req_rita", "member");
  offerer = await makePerson(instance, "off_olga", "member");
  bystander = await makePerson(instance, "by_bea", "member");
});
afterAll(() => instance?.destroy());

async function post(as: Person, body: Record<string, unknown>): Promise<string> {
  const created = await api(instance, "POST", "/posts", { as, body: { area: "East side", category: "meals", quantity: 2, ...body } });
  expect(created.status).toBe(201);
  return created.body.id;
}

async function noticesOf(person: Person) {
  const member = await instance.services.members.getByUsername(person.username);
  return instance.services.notifications.list(member, "en");
}

describe(`notifications (${testDriver})`, () => {
  it("tells both sides of a proposed match, without contact details, and not the coordinator who made it", async () => {
    const request = await post(requester, {
      kind: "request",
      title: "Soup for a neighbour",
      contact: { phone: "600 123 456", address: "Calle Secreta 4" },
    });
    const offer = await post(offerer, { kind: "offer", title: "Pot of soup" });
    const match = await api(instance, "POST", "/matches", { as: coordinator, body: { request, offer, quantity: 2 } });
    expect(match.status).toBe(201);

    for (const person of [requester, offerer]) {
      const { items, unreadCount } = await noticesOf(person);
      const notice = items.find((n) => n.url.endsWith(`/matches/${match.body.id}`));
      expect(notice, `${person.username} was told`).toMatchObject({ kind: "match_proposed", read: false });
      expect(notice!.text).toContain("Soup for a neighbour");
      expect(notice!.text).toContain("Pot of soup");
      expect(notice!.text).not.toMatch(/600 123 456|Calle Secreta|req_rita|off_olga|coord_cy/);
      expect(unreadCount).toBeGreaterThan(0);
    }
    expect((await noticesOf(coordinator)).items.some((n) => n.url.endsWith(match.body.id))).toBe(false);
    expect((await noticesOf(bystander)).items.some((n) => n.url.endsWith(match.body.id))).toBe(false);

    // Accepting it tells the other side (the offerer accepts; the requester hears of it).
    const accepted = await api(instance, "PATCH", `/matches/${match.body.id}`, { as: offerer, body: { status: "accepted" } });
    expect(accepted.status).toBe(200);
    expect((await noticesOf(requester)).items.some((n) => n.kind === "match_accepted" && n.url.endsWith(match.body.id))).toBe(true);
    expect((await noticesOf(offerer)).items.some((n) => n.kind === "match_accepted")).toBe(false);
  });

  it("writes a notice only if the change that causes it commits", async () => {
    const member = await instance.services.members.getByUsername(bystander.username);
    const before = (await noticesOf(bystander)).items.length;
    await expect(
      inTransaction(instance.database.db, async (tx) => {
        await instance.services.notifications.notify(
          tx,
          { members: [member.id] },
          { kind: "role_changed", subjectId: member.id, url: "/account", params: { role: "coordinator" } },
        );
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect((await noticesOf(bystander)).items.length).toBe(before);

    await inTransaction(instance.database.db, (tx) =>
      instance.services.notifications.notify(
        tx,
        { members: [member.id] },
        { kind: "role_changed", subjectId: member.id, url: "/account", params: { role: "coordinator" } },
      ),
    );
    expect((await noticesOf(bystander)).items[0]).toMatchObject({ kind: "role_changed", text: "Your role is now: Coordinator." });
  });

  it("tells 600 members at once, and the planner learns of their deliveries in the same transaction", async () => {
    const db = instance.database.db;
    const many = await queryRows<{ id: string }>(
      db,
      sql`INSERT INTO members (username, email, email_verified_at)
          SELECT 'many_' || g, 'many_' || g || '@example.test', now() FROM generate_series(1, 600) AS g
          RETURNING id`,
    );
    await inTransaction(db, (tx) =>
      instance.services.notifications.notify(
        tx,
        { members: many.map((m) => m.id) },
        { kind: "role_changed", subjectId: "many", url: "/account", params: { role: "member" } },
      ),
    );
    const [written] = await queryRows<{ n: number | string }>(
      db,
      sql`SELECT count(*) AS n FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.subject_id = 'many'`,
    );
    expect(Number(written!.n)).toBe(600);
    // The workers' claim is planned from these statistics: before, they said there was nothing to send.
    const [planned] = await queryRows<{ rows: number }>(
      db,
      sql`SELECT reltuples AS rows FROM pg_class WHERE oid = 'notification_deliveries'::regclass`,
    );
    expect(planned!.rows).toBeGreaterThanOrEqual(600);
  });

  it("lists notifications in the API and marks some or all of them read", async () => {
    const member = await instance.services.members.getByUsername(offerer.username);
    for (const role of ["coordinator", "admin"]) {
      await inTransaction(instance.database.db, (tx) =>
        instance.services.notifications.notify(
          tx,
          { members: [member.id] },
          { kind: "role_changed", subjectId: member.id, url: "/account", params: { role } },
        ),
      );
    }
    const listed = await api(instance, "GET", "/notifications", { as: offerer });
    expect(listed.status).toBe(200);
    const [newest, second] = listed.body.items;
    expect(newest).toEqual({
      id: expect.any(String),
      kind: "role_changed",
      text: "Your role is now: Admin.",
      url: `${instance.url}/account`,
      createdAt: expect.any(String),
      read: false,
    });
    expect(second.text).toBe("Your role is now: Coordinator.");
    const unread = listed.body.unreadCount;

    // Someone else's id is not theirs to mark.
    const others = await api(instance, "POST", "/notifications/read", { as: bystander, body: { ids: [newest.id] } });
    expect(others.body.marked).toBe(0);
    const one = await api(instance, "POST", "/notifications/read", { as: offerer, body: { ids: [newest.id] } });
    expect(one.body).toEqual({ marked: 1, unreadCount: unread - 1 });
    const all = await api(instance, "POST", "/notifications/read", { as: offerer, body: { all: true } });
    expect(all.body).toEqual({ marked: unread - 1, unreadCount: 0 });
    expect((await api(instance, "GET", "/notifications", { as: offerer })).body.items[0].read).toBe(true);

    const bad = await api(instance, "POST", "/notifications/read", { as: offerer, body: { ids: ["nope"] } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).join()).toMatch(/ids/);
    expect((await api(instance, "POST", "/notifications/read", { body: { all: true } })).status).toBe(401);
    expect((await api(instance, "GET", "/notifications")).status).toBe(401);
  });

  it("shows the unread count in the header and the notifications page, and opening one marks it read", async () => {
    const member = await instance.services.members.getByUsername(requester.username);
    await api(instance, "POST", "/notifications/read", { as: requester, body: { all: true } });
    await inTransaction(instance.database.db, (tx) =>
      instance.services.notifications.notify(
        tx,
        { members: [member.id] },
        { kind: "crisis_declared", subjectId: member.id, url: "/crises", params: { title: "Flood on the river" } },
      ),
    );
    const board = await requester.web.page("/");
    expect(visibleText(board.html)).toContain("Notifications 1 unread");
    const page = await requester.web.page("/notifications");
    expect(visibleText(page.html)).toContain("A crisis was declared: Flood on the river.");
    const id = /href="\/notifications\/([0-9a-f-]{36})"/.exec(page.html)![1]!;
    const opened = await requester.web.get(`/notifications/${id}`);
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toBe("/crises");
    const after = visibleText((await requester.web.page("/")).html);
    expect(after).toContain("Notifications");
    expect(after).not.toContain("unread");
    expect((await bystander.web.get(`/notifications/${id}`)).status).toBe(404);
  });

  it("lets a member choose, kind by kind, what shows in the app and what goes by e-mail", async () => {
    const mine = await api(instance, "GET", "/notifications/preferences", { as: bystander });
    expect(mine.status).toBe(200);
    expect(mine.body.kinds).toContainEqual({ kind: "match_proposed", inApp: true, email: true, push: true, emailMode: "immediate" });
    expect(mine.body.kinds).toContainEqual({ kind: "crisis_declared", inApp: true, email: true, push: true, emailMode: "immediate" });
    expect(mine.body.kinds.some((k: { kind: string }) => k.kind === "new_request")).toBe(false);
    expect((await api(instance, "GET", "/notifications/preferences", { as: coordinator })).body.kinds).toContainEqual({
      kind: "new_request",
      inApp: true,
      email: true,
      push: false,
      emailMode: "daily",
    });

    const bad = await api(instance, "PATCH", "/notifications/preferences", {
      as: bystander,
      body: { kinds: [{ kind: "gossip", email: true }] },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields)[0]).toMatch(/^kinds\.0\.kind$/);

    const changed = await api(instance, "PATCH", "/notifications/preferences", {
      as: bystander,
      body: { kinds: [{ kind: "role_changed", inApp: false }] },
    });
    expect(changed.body.kinds).toContainEqual({ kind: "role_changed", inApp: false, email: true, push: true, emailMode: "immediate" });
    const member = await instance.services.members.getByUsername(bystander.username);
    const before = (await noticesOf(bystander)).items.length;
    await inTransaction(instance.database.db, (tx) =>
      instance.services.notifications.notify(
        tx,
        { members: [member.id] },
        { kind: "role_changed", subjectId: member.id, url: "/account", params: { role: "admin" } },
      ),
    );
    expect((await noticesOf(bystander)).items.length).toBe(before);

    // The settings page: a plain form where every kind is saved, ticked or not.
    const page = await bystander.web.page("/notifications/settings");
    expect(visibleText(page.html)).toContain("A match proposed for your post");
    const saved = await bystander.web.post("/notifications/settings", {
      "inApp:match_proposed": "on",
      "inApp:role_changed": "on",
      "email:crisis_declared": "on",
    });
    expect(saved.status).toBe(303);
    const after = (await api(instance, "GET", "/notifications/preferences", { as: bystander })).body.kinds;
    expect(after).toContainEqual({ kind: "match_proposed", inApp: true, email: false, push: false, emailMode: "immediate" });
    expect(after).toContainEqual({ kind: "role_changed", inApp: true, email: false, push: false, emailMode: "immediate" });
    expect(after).toContainEqual({ kind: "crisis_declared", inApp: false, email: true, push: false, emailMode: "immediate" });
  });
});
