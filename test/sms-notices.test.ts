import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, queryRows } from "../db/database.ts";
import { testDriver } from "./support/database.ts";
import { FakeSmsProvider, FROM, NUMBER, SID, TOKEN, twilioEnv, twilioText } from "./support/fake-sms.ts";
import { eventually, RestartableInstance, startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { visibleText } from "./support/web-client.ts";

/** The texts written for a post, oldest first: what the person behind an SMS post is sent, and how it went. */
function noticesOf(db: Database, postId: string) {
  return queryRows<{ event: string; status: string; attempts: number }>(
    db,
    sql`SELECT event::text AS event, status::text AS status, attempts FROM sms_notices WHERE post_id = ${postId} ORDER BY created_at`,
  );
}

/** The post a text made, found by the code its sender was texted back. */
async function postOfCode(db: Database, code: string): Promise<string> {
  const [row] = await queryRows<{ postId: string }>(db, sql`SELECT post_id AS "postId" FROM conversation_posts WHERE code = ${code}`);
  return row!.postId;
}

const codeIn = (reply: string) => /code is ([A-Z0-9]{4})/.exec(reply)![1]!;

/** A window on the next Thursday at 09:00–11:00, server time. */
function thursdayMorning(): { from: Date; to: Date } {
  const from = new Date();
  from.setDate(from.getDate() + ((4 - from.getDay() + 7) % 7 || 7));
  from.setHours(9, 0, 0, 0);
  return { from, to: new Date(from.getTime() + 2 * 3_600_000) };
}

describe(`texts about a match to people known only by phone (${testDriver})`, () => {
  let fake: FakeSmsProvider;
  let instance: TestInstance;
  let coordinator: Person;
  let offerer: Person;

  beforeAll(async () => {
    fake = await FakeSmsProvider.twilio(SID, TOKEN, FROM);
    instance = await startTestInstance("smsnet", twilioEnv(fake));
    await instance.services.areas.add("East side");
    coordinator = await makePerson(instance, "coord_cora", "coordinator");
    offerer = await makePerson(instance, "off_omar", "member");
  }, 60_000);
  afterAll(async () => {
    await instance?.destroy();
    await fake?.close();
  });

  it("texts the person behind an SMS request when its match is accepted, scheduled and cancelled, each once", async () => {
    // Texts are counted from here: another test may have texted first.
    const seen = fake.sent.length;
    await twilioText(instance, "NEED FOOD 2 East side");
    const code = codeIn((await fake.next(seen)).body);
    const request = await postOfCode(instance.database.db, code);
    const offer = await api(instance, "POST", "/posts", {
      as: offerer,
      body: {
        kind: "offer",
        area: "East side",
        category: "food",
        title: "Rice and beans",
        quantity: 5,
        contact: { phone: "+34 699 000 111", address: "Calle Oculta 3" },
      },
    });
    const match = await api(instance, "POST", "/matches", { as: coordinator, body: { request, offer: offer.body.id, quantity: 2 } });
    expect(match.status).toBe(201);
    const patch = (body: unknown) => api(instance, "PATCH", `/matches/${match.body.id}`, { as: coordinator, body });

    // Proposed is not news for them yet; accepted is: the next text is "we found help".
    expect((await patch({ status: "accepted" })).status).toBe(200);
    expect(await fake.next(seen + 1)).toEqual({ to: NUMBER, body: `${code}: we found help. A coordinator will text you the details.` });

    const window = thursdayMorning();
    const scheduled = await patch({ method: "delivery", windowStart: window.from.toISOString(), windowEnd: window.to.toISOString() });
    expect(scheduled.status).toBe(200);
    const day = window.from.toLocaleDateString("en", { weekday: "short", day: "numeric", month: "short" });
    expect(await fake.next(seen + 2)).toEqual({ to: NUMBER, body: `${code}: the handover is ${day} 09:00-11:00. Text STATUS to check.` });

    expect((await patch({ status: "cancelled" })).status).toBe(200);
    const cancelled = await fake.next(seen + 3);
    expect(cancelled.body).toBe(`${code}: the handover was cancelled. We keep looking. Text STATUS to check.`);

    // Never the other side's number, address or name; and each text once, however often the workers look.
    for (const text of fake.sent) expect(text.body).not.toMatch(/699|Oculta|omar|cora|Rice/);
    const notices = await eventually(async () => {
      const rows = await noticesOf(instance.database.db, request);
      return rows.every((row) => row.status === "sent") ? rows : null;
    });
    expect(notices).toEqual([
      { event: "matched", status: "sent", attempts: 1 },
      { event: "scheduled", status: "sent", attempts: 1 },
      { event: "cancelled", status: "sent", attempts: 1 },
    ]);
    expect(await instance.deliveries.deliverDue()).toBe(0);
    expect(fake.sent).toHaveLength(seen + 4);
    // The offer has an author with an account: it is told in the app, and nothing is texted for it.
    expect(await noticesOf(instance.database.db, offer.body.id)).toEqual([]);
    // Admins see each text's result by the post's code, never the number or the words.
    const admin = await makePerson(instance, "admin_ada", "admin");
    const report = visibleText((await admin.web.page("/admin/deliveries")).html);
    expect(report).toContain(`${code} sms_scheduled sent (1) handed to the provider`);
    expect(report).not.toMatch(/4155552671|we found help/);
  });

  it("writes no text when the match change is rolled back, and none after STOP", async () => {
    const seen = fake.sent.length;
    await twilioText(instance, "NEED RIDE East side", { from: "+14155552672" });
    const code = codeIn((await fake.next(seen)).body);
    const request = await postOfCode(instance.database.db, code);
    const offer = await api(instance, "POST", "/posts", {
      as: offerer,
      body: { kind: "offer", area: "East side", category: "transport", title: "Lifts on Fridays" },
    });
    const match = await api(instance, "POST", "/matches", { as: coordinator, body: { request, offer: offer.body.id, quantity: 1 } });
    // A change that fails (completing a proposal) writes nothing.
    expect((await api(instance, "PATCH", `/matches/${match.body.id}`, { as: coordinator, body: { status: "completed" } })).status).toBe(
      409,
    );
    expect(await noticesOf(instance.database.db, request)).toEqual([]);

    const before = fake.sent.length;
    await twilioText(instance, "STOP", { from: "+14155552672" });
    expect((await api(instance, "PATCH", `/matches/${match.body.id}`, { as: coordinator, body: { status: "accepted" } })).status).toBe(200);
    const [notice] = await eventually(async () => {
      const rows = await noticesOf(instance.database.db, request);
      return rows[0]?.status === "skipped" ? rows : null;
    });
    expect(notice).toEqual({ event: "matched", status: "skipped", attempts: 1 });
    expect(fake.sent).toHaveLength(before);
  });
});

describe(`a text handed over just before a crash (${testDriver})`, () => {
  it("is not sent again when the worker stops between the provider's answer and recording it", async () => {
    const fake = await FakeSmsProvider.twilio(SID, TOKEN, FROM);
    const restartable = await RestartableInstance.create("smscrash", twilioEnv(fake));
    try {
      const running = restartable.running;
      const target = { url: restartable.url, config: running.config };
      await running.services.areas.add("East side");
      await twilioText(target, "NEED FOOD East side");
      const request = await postOfCode(running.database.db, codeIn((await fake.next(0)).body));
      const { members, posts, matches } = running.services;
      const coordinator = await members.addMember({ username: "coord_kai", role: "coordinator" });
      const offer = await posts.create(coordinator, { kind: "offer", area: "East side", category: "food", title: "Lentils" });
      const match = await matches.create(coordinator, { request, offer: offer.id, quantity: 1 });
      // The database goes away after the provider took the text and before it answers: the
      // worker hears "201" but can no longer record it, as if it died right there. The worker
      // may send before the coordinator's change has finished reading its answer back, so the
      // database closes only once that change has returned.
      let accepted: Promise<unknown> = Promise.resolve();
      fake.beforeAnswer = async () => {
        fake.beforeAnswer = null;
        await accepted;
        await running.database.close();
      };
      accepted = matches.setStatus(coordinator, match.id, "accepted");
      await accepted;
      await fake.next(1);
      await restartable.stop();
      await restartable.start();

      const db = restartable.running.database.db;
      const [notice] = await eventually(async () => {
        const rows = await noticesOf(db, request);
        return rows[0]?.status === "unconfirmed" ? rows : null;
      });
      expect(notice!.attempts).toBe(1);
      expect(await restartable.running.deliveries.deliverDue()).toBe(0);
      expect(fake.sent.filter((text) => text.body.includes("we found help"))).toHaveLength(1);
    } finally {
      await restartable.destroy();
      await fake.close();
    }
  }, 120_000);
});
