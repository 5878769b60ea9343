import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateMember } from "../db/queries/members.ts";
import { listRecentDeliveries } from "../db/queries/notification-deliveries.ts";
import { inTransaction } from "../db/transaction.ts";
import { testDriver } from "./support/database.ts";
import { eventually, startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { startSmtpServer, type TestSmtpServer } from "./support/smtp.ts";
import { visibleText } from "./support/web-client.ts";

let smtp: TestSmtpServer;
let instance: TestInstance;
let coordinator: Person;
let admin: Person;

beforeAll(async () => {
  smtp = await startSmtpServer();
  instance = await startTestInstance("eastside", { SMTP_URL: smtp.url, MAIL_FROM: "Eastside Aid <aid@eastside.test>" });
  await instance.services.areas.add("East side");
  coordinator = await makePerson(instance, "coord_cy", "coordinator");
  admin = await makePerson(instance, "admin_ada", "admin");
}, 120_000);
afterAll(async () => {
  await instance?.destroy();
  await smtp?.close();
});

/** A member whose address is verified. */
async function memberWithEmail(username: string, email: string): Promise<Person> {
  const person = await makePerson(instance, username, "member");
  await updateMember(instance.database.db, person.id, { email, emailVerifiedAt: new Date() });
  return person;
}

async function emailDeliveryOf(notificationUrl: string) {
  const rows = await listRecentDeliveries(instance.database.db, "email", 200);
  const notices = await instance.database.db.query.notifications.findMany();
  const ids = new Set(notices.filter((n) => notificationUrl.endsWith(n.url)).map((n) => n.id));
  return rows.filter((r) => ids.has(r.notificationId));
}

describe(`notifications by e-mail (${testDriver})`, () => {
  it("sends a link to check a new address; the address counts once the link is opened", async () => {
    const person = await makePerson(instance, "mem_mia", "member");
    const bad = await api(instance, "PATCH", "/me", { as: person, body: { email: "not an address", timeZone: "Mars/Olympus" } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["email", "timeZone"]);
    expect((await api(instance, "PATCH", "/me", { as: person, body: {} })).status).toBe(400);

    const changed = await api(instance, "PATCH", "/me", {
      as: person,
      body: { email: "mia@example.test", timeZone: "Europe/Madrid", language: "es" },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      email: "mia@example.test",
      emailVerified: false,
      timeZone: "Europe/Madrid",
      language: "es",
      verificationSent: true,
    });

    const mail = await smtp.next("mia@example.test");
    expect(mail.subject).toBe("eastside mutual aid: comprueba tu dirección de correo");
    const link = /http:\/\/127\.0\.0\.1:\d+\/verify-email\/\S+/.exec(mail.text ?? "")![0];
    expect(mail.html).toContain(link.replace(/&/g, "&amp;"));
    const opened = await person.web.page(new URL(link).pathname);
    expect(opened.status).toBe(200);
    expect((await api(instance, "GET", "/me", { as: person })).body).toMatchObject({ email: "mia@example.test", emailVerified: true });
    // The address is the member's own business: it is on no page another member sees.
    expect((await coordinator.web.page("/members")).html).not.toContain("mia@example.test");
  });

  it("e-mails a match notice that names no contact, no person and no address, with a one-click unsubscribe", async () => {
    const requester = await memberWithEmail("req_rita", "rita@example.test");
    const offerer = await makePerson(instance, "off_olga", "member");
    const request = await api(instance, "POST", "/posts", {
      as: requester,
      body: {
        kind: "request",
        area: "East side",
        category: "meals",
        title: "Soup for two",
        quantity: 3,
        contact: { phone: "600 123 456", address: "Calle Secreta 4", email: "rita.private@example.test" },
      },
    });
    const offer = await api(instance, "POST", "/posts", {
      as: offerer,
      body: { kind: "offer", area: "East side", category: "meals", title: "Lentil stew", quantity: 4 },
    });
    const match = await api(instance, "POST", "/matches", {
      as: coordinator,
      body: { request: request.body.id, offer: offer.body.id, quantity: 2 },
    });
    expect(match.status).toBe(201);

    const mail = await smtp.next("rita@example.test", (m) => (m.text ?? "").includes(match.body.id));
    expect(mail.subject).toBe("eastside mutual aid: A neighbour’s offer “Lentil stew” was matched with the request “Soup for two”.");
    expect(mail.text).toContain(`${instance.url}/matches/${match.body.id}`);
    const whole = `${mail.subject}\n${mail.text}\n${mail.html}`;
    expect(whole).not.toMatch(/600 123 456|Calle Secreta|rita\.private|off_olga|coord_cy|req_rita/);
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, "");
    expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const unsubscribe = /^<(http[^>]+)>$/.exec(header("list-unsubscribe") ?? "")![1]!;

    // The mail program's one-click POST: from outside the site, without a session.
    const clicked = await fetch(unsubscribe, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://mail.example.test" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(clicked.status).toBe(200);
    expect((await fetch(unsubscribe.replace(/\/unsubscribe\/.*/, "/unsubscribe/forged"), { method: "POST" })).status).toBe(404);

    // Another match notice: in the app, but not by e-mail any more.
    const again = await api(instance, "POST", "/matches", {
      as: coordinator,
      body: { request: request.body.id, offer: offer.body.id, quantity: 1 },
    });
    expect(again.status).toBe(201);
    const told = (await api(instance, "GET", "/notifications", { as: requester })).body.items;
    expect(told).toContainEqual(expect.objectContaining({ kind: "match_proposed", url: `${instance.url}/matches/${again.body.id}` }));
    expect(await emailDeliveryOf(`/matches/${again.body.id}`)).toEqual([]);
  });

  it("marks an address that the mail server refuses for good (550) as failing, and stops sending to it", async () => {
    smtp.refuse.add("gone@example.test");
    const person = await memberWithEmail("mem_gus", "gone@example.test");
    const member = await instance.services.members.getByUsername(person.username);
    const tell = (role: string) =>
      inTransaction(instance.database.db, (tx) =>
        instance.services.notifications.notify(
          tx,
          { members: [member.id] },
          { kind: "role_changed", subjectId: `${member.id}-${role}`, url: `/account?${role}`, params: { role } },
        ),
      );
    await tell("coordinator");
    const [failed] = await eventually(async () => {
      const rows = await emailDeliveryOf("/account?coordinator");
      return rows[0]?.status === "failed" ? rows : null;
    });
    expect(failed!.result).toMatch(/550/);
    expect(failed!.result).not.toContain("gone@example.test");
    expect((await api(instance, "GET", "/me", { as: person })).body).toMatchObject({ emailVerified: true, emailFailing: true });

    await tell("admin");
    expect(await emailDeliveryOf("/account?admin")).toEqual([]);

    // Admins see the failing address and the server's answer; nobody else does.
    const report = visibleText((await admin.web.page("/admin/deliveries")).html);
    expect(report).toContain("mem_gus: gone@example.test");
    expect(report).toMatch(/failed \(1\) 550/);
    expect(report).not.toContain("Your role is now");
    expect((await coordinator.web.get("/admin/deliveries")).status).toBe(403);
  });

  it("e-mails one member at most EMAIL_HOURLY_CAP (20) notices an hour; the next waits an hour", async () => {
    const person = await memberWithEmail("mem_flo", "flo@example.test");
    const member = await instance.services.members.getByUsername(person.username);
    // 21 notices at once, as a busy crisis could: one batch of deliveries, counted together.
    await inTransaction(instance.database.db, async (tx) => {
      for (let n = 1; n <= 21; n++) {
        await instance.services.notifications.notify(
          tx,
          { members: [member.id] },
          { kind: "role_changed", subjectId: `${member.id}-flo-${n}`, url: `/account?flo=${n}`, params: { role: "member" } },
        );
      }
    });
    const deliveries = await eventually(async () => {
      const rows = (await listRecentDeliveries(instance.database.db, "email", 500)).filter((r) => r.username === person.username);
      const settled = rows.every((r) => r.status === "sent" || (r.status === "pending" && r.result !== null));
      return rows.length === 21 && settled ? rows : null;
    });
    expect(deliveries.filter((d) => d.status === "sent")).toHaveLength(20);
    const held = deliveries.filter((d) => d.status === "pending");
    expect(held).toHaveLength(1);
    expect(held[0]!.result).toBe("over the cap of 20 e-mails an hour");
    expect(smtp.received.filter((m) => m.to === "flo@example.test")).toHaveLength(20);
  });

  it("names the network in an e-mail as its settings say now: a new name shows in the very next one", async () => {
    const person = await memberWithEmail("mem_nia", "nia@example.test");
    const member = await instance.services.members.getByUsername(person.username);
    const tell = async (role: string) => {
      await inTransaction(instance.database.db, (tx) =>
        instance.services.notifications.notify(
          tx,
          { members: [member.id] },
          { kind: "role_changed", subjectId: `${member.id}-${role}`, url: `/account?nia-${role}`, params: { role } },
        ),
      );
      return smtp.next("nia@example.test", (mail) => (mail.text ?? "").includes(`/account?nia-${role}`));
    };
    const ada = await instance.services.members.getByUsername(admin.username);
    const rename = (name: string) =>
      instance.services.settings.update(ada, {
        name,
        summary: "",
        shareMembersOnlyWithSiblings: false,
        peerToPeerClaims: false,
        publicSummary: false,
      });
    const before = (await instance.services.settings.profile()).name;
    expect((await tell("coordinator")).subject).toMatch(new RegExp(`^${before}: `));
    await rename("Eastside Aid Collective");
    try {
      expect((await tell("admin")).subject).toMatch(/^Eastside Aid Collective: /);
    } finally {
      await rename(before);
    }
  });
});
