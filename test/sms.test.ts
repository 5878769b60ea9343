import { configure, getConfig, type LogRecord, reset } from "@logtape/logtape";
import { sql } from "drizzle-orm";
import twilio from "twilio";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
import { runCommand } from "../src/cli/commands.ts";
import { parseConfig } from "../src/config.ts";
import { twilioSignature } from "../src/sms/providers/twilio.ts";
import { webhookSignature } from "../src/sms/signed-webhook.ts";
import { FakeSmsProvider, FROM, NUMBER, SID, TOKEN, twilioText } from "./support/fake-sms.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson } from "./support/people.ts";
import { visibleText, WebClient } from "./support/web-client.ts";

const SIGNING_KEY = "gateway-signing-key-0123456789";

/** Rows of a raw query, whichever driver is underneath. */
function rows<T>(instance: TestInstance, query: string): Promise<T[]> {
  return queryRows<T>(instance.database.db, sql.raw(query));
}

/** Makes usernames unique across the tests of this file. */
let sid = 0;

describe("SMS through Twilio", () => {
  let fake: FakeSmsProvider;
  let instance: TestInstance;
  const logs: LogRecord[] = [];

  beforeAll(async () => {
    fake = await FakeSmsProvider.twilio(SID, TOKEN, FROM);
    // Every log line of the instance, at every level, to check that no number reaches one.
    await configure({
      reset: true,
      sinks: { capture: (record) => logs.push(record) },
      loggers: [
        { category: ["mycelium"], lowestLevel: "trace", sinks: ["capture"] },
        { category: ["logtape", "meta"], lowestLevel: "error", sinks: ["capture"] },
      ],
    });
    instance = await startTestInstance("smsnet", {
      SMS_PROVIDER: "twilio",
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM: FROM,
      TWILIO_API_BASE: fake.url,
      SMS_INBOUND_PER_HOUR: "6",
    });
    await instance.services.areas.add("East side");
    await instance.services.areas.add("Riverside");
  }, 60_000);
  afterAll(async () => {
    await instance?.destroy();
    await fake?.close();
    if (getConfig() !== null) await reset();
  });
  beforeEach(async () => {
    // Each test is a new number's first conversation and a fresh hour of its limit.
    await instance.database.db.execute("truncate conversations, conversation_messages, conversation_posts, rate_limit_counters cascade");
  });
  afterEach(() => {
    fake.sent.length = 0;
  });

  it("signs as Twilio's own library does", () => {
    const params = { Body: "NEED FOOD", From: NUMBER, MessageSid: "SM1", To: FROM };
    const url = "https://aid.example.org/webhooks/sms/twilio";
    expect(twilioSignature(TOKEN, url, params)).toBe(twilio.getExpectedTwilioSignature(TOKEN, url, params));
  });

  it("turns one full text into a public post and texts back its code", async () => {
    const response = await twilioText(instance, "NEED FOOD 2 East side 🙏");
    expect(response.status).toBe(200);
    const reply = await fake.next(0);
    expect(reply.to).toBe(NUMBER);
    const code = /code is ([A-Z0-9]{4})/.exec(reply.body)?.[1];
    expect(code).toBeDefined();
    expect(reply.body.length).toBeLessThanOrEqual(160);

    const board = await api(instance, "GET", "/posts");
    const post = board.body.items.find((p: { title: string }) => p.title === "A neighbour in East side needs food");
    expect(post).toMatchObject({ kind: "request", category: "food", quantity: 2, area: "East side", private: null });
    const page = await (await fetch(`${instance.url}/posts/${post.id}`, { headers: { accept: "text/html" } })).text();
    expect(page).toContain("A neighbour in East side needs food");

    // Coordinators see the number as the post's private contact; other members and the public never do.
    const coordinator = await makePerson(instance, `coord${++sid}`, "coordinator");
    const member = await makePerson(instance, `member${++sid}`, "member");
    const asCoordinator = await api(instance, "GET", `/posts/${post.id}`, { as: coordinator });
    expect(asCoordinator.body.private.contact.phone).toBe(NUMBER);
    const csv = await (await coordinator.web.get("/exports/posts.csv")).text();
    expect(csv).toContain("A neighbour in East side needs food");
    expect(logs.some((record) => record.rawMessage.includes("entered a post"))).toBe(true);
    for (const text of [
      JSON.stringify((await api(instance, "GET", `/posts/${post.id}`, { as: member })).body),
      JSON.stringify(board.body),
      page,
      await (await fetch(`${instance.url}/posts/${post.id}`, { headers: { accept: "application/activity+json" } })).text(),
      csv,
      JSON.stringify(logs.map((record) => [record.rawMessage, record.properties])),
    ]) {
      expect(text).not.toContain("4155552671");
    }

    // STATUS lists it; CANCEL withdraws it.
    await twilioText(instance, "status");
    expect((await fake.next(1)).body).toBe(`${code} food: open`);
    await twilioText(instance, `cancel ${code!.toLowerCase()}`);
    expect((await fake.next(2)).body).toBe(`${code} is withdrawn.`);
    expect((await api(instance, "GET", `/posts/${post.id}`, { as: coordinator })).body.status).toBe("withdrawn");
  });

  it("tells coordinators of a request that came in by text, without the number", async () => {
    const coordinator = await makePerson(instance, `told${++sid}`, "coordinator");
    expect((await twilioText(instance, "NEED FOOD 2 East side")).status).toBe(200);
    await fake.next(0);
    const listed = await api(instance, "GET", "/notifications", { as: coordinator });
    expect(listed.status).toBe(200);
    const told = listed.body.items.find((n: { kind: string }) => n.kind === "new_request");
    expect(told?.text).toBe("A new request: “A neighbour in East side needs food” (East side).");
    expect(JSON.stringify(listed.body)).not.toContain("4155552671");
  });

  it("asks one short question at a time, in the sender's language", async () => {
    await twilioText(instance, "necesito comida");
    const question = await fake.next(0);
    expect(question.body).toMatch(/^¿En que zona estas\? East side, Riverside$/);
    await twilioText(instance, "riverside porfa");
    expect((await fake.next(1)).body).toMatch(/^Listo\. Tu codigo es [A-Z0-9]{4}\./);
    const board = await api(instance, "GET", "/posts");
    expect(board.body.items.map((p: { title: string }) => p.title)).toContain("Un vecino en Riverside necesita comida");
  });

  it("hands a conversation it cannot follow to a person after two questions", async () => {
    await twilioText(instance, "hello?");
    expect((await fake.next(0)).body).toMatch(/NEED or OFFER/);
    await twilioText(instance, "I dont know how this works");
    expect((await fake.next(1)).body).toMatch(/NEED or OFFER/);
    await twilioText(instance, "???");
    expect((await fake.next(2)).body).toBe("Thanks. A coordinator will read your message and text you back.");
    const [row] = await rows<{ needs_person: boolean }>(instance, "select needs_person from conversations");
    expect(row).toMatchObject({ needs_person: true });
  });

  it("lets coordinators read the queue, answer by SMS and turn a conversation into a post", async () => {
    await twilioText(instance, "hello?");
    await twilioText(instance, "my mum is sick");
    await twilioText(instance, "please call");
    await fake.next(2);
    const coordinator = await makePerson(instance, `dispatch${++sid}`, "coordinator");
    const member = await makePerson(instance, `other${++sid}`, "member");
    expect((await api(instance, "GET", "/conversations", { as: member })).status).toBe(403);
    const queue = await api(instance, "GET", "/conversations", { as: coordinator });
    expect(queue.body).toHaveLength(1);
    expect(queue.body[0]).toMatchObject({ channel: "sms", needsPerson: true });
    expect(JSON.stringify(queue.body)).not.toContain("4155552671");
    const id = queue.body[0].id;
    const thread = await api(instance, "GET", `/conversations/${id}`, { as: coordinator });
    expect(thread.body.address).toBe(NUMBER);
    expect(
      thread.body.messages.filter((m: { direction: string }) => m.direction === "inbound").map((m: { body: string }) => m.body),
    ).toEqual(["hello?", "my mum is sick", "please call"]);
    expect((await api(instance, "GET", `/conversations/${id}`, { as: member })).status).toBe(403);

    const replied = await api(instance, "POST", `/conversations/${id}/replies`, {
      as: coordinator,
      body: { body: "We will call you at 5pm." },
    });
    expect(replied.status).toBe(200);
    expect(await fake.next(3)).toEqual({ to: NUMBER, body: "We will call you at 5pm." });

    const converted = await api(instance, "POST", `/conversations/${id}/post`, {
      as: coordinator,
      body: { kind: "request", category: "medication_pickup", title: "Medication pickup", area: "Riverside" },
    });
    expect(converted.status).toBe(201);
    expect(converted.body.private.contact.phone).toBe(NUMBER);
    expect((await api(instance, "GET", "/conversations", { as: coordinator })).body).toEqual([]);
    // The code is theirs to use: STATUS lists the post.
    await twilioText(instance, "STATUS");
    expect((await fake.next(4)).body).toMatch(/^[A-Z0-9]{4} medication: open$/);

    await twilioText(instance, "STOP");
    const refused = await api(instance, "POST", `/conversations/${id}/replies`, { as: coordinator, body: { body: "Hello?" } });
    expect(refused.status).toBe(409);
    expect(fake.sent).toHaveLength(5);
  });

  it("tells the person of an SMS post about its handover by SMS, with the time window and nothing else", async () => {
    await twilioText(instance, "necesito transporte east side");
    const code = /codigo es ([A-Z0-9]{4})/.exec((await fake.next(0)).body)![1]!;
    const [row] = await rows<{ post_id: string }>(instance, "select post_id from conversation_posts");
    // In the network's time zone (TZ), as the handover was set.
    const window = { from: new Date(2026, 11, 3, 9, 0), to: new Date(2026, 11, 3, 11, 0) };
    expect(await instance.services.sms!.tellAboutPost(row!.post_id, { event: "scheduled", window })).toBe("sent");
    const notice = await fake.next(1);
    expect(notice).toEqual({ to: NUMBER, body: `${code}: la entrega es 3/12 09:00-11:00. Escribe ESTADO para verla.` });
    await twilioText(instance, "alto");
    expect(await instance.services.sms!.tellAboutPost(row!.post_id, { event: "cancelled" })).toBe("stopped");
    expect(fake.sent).toHaveLength(2);
  });

  it("sends a test message from the CLI, reads aliases, and reports the provider's state", async () => {
    const lines: string[] = [];
    const output = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
    expect(await runCommand(["sms", "test", "(415) 555-2671"], instance.services, output)).toBe(0);
    expect((await fake.next(0)).body).toBe("Test message from smsnet mutual aid. Text HELP to learn how to ask for or offer help.");
    expect(await runCommand(["sms", "test", "12"], instance.services, output)).toBe(1);
    expect(lines.at(-1)).toMatch(/NUMBER: is not a phone number/);

    expect(await runCommand(["area", "alias", "El Este", "East side"], instance.services, output)).toBe(0);
    await twilioText(instance, "necesito ropa el este");
    expect((await fake.next(1)).body).toMatch(/^Listo/);

    expect(await runCommand(["sms", "status"], instance.services, output)).toBe(0);
    expect(lines.slice(-4)[0]).toBe("provider\ttwilio");
    expect(lines.slice(-4)[2]).not.toBe("last outbound\tnever");
  });

  it("shows admins the provider's state and lets them give areas other names on a page", async () => {
    const admin = await makePerson(instance, `admin${++sid}`, "admin");
    const coordinator = await makePerson(instance, `coord${++sid}`, "coordinator");
    expect((await coordinator.web.get("/settings/messages")).status).toBe(403);
    await twilioText(instance, "hello");
    const before = await admin.web.page("/settings/messages");
    expect(visibleText(before.html)).toMatch(/Provider twilio Last message in [A-Z][a-z]{2} \d{1,2}, 20\d\d/);
    expect(visibleText(before.html)).toContain("E-mail intake is off");

    const bad = await admin.web.post("/settings/messages/aliases", { alias: "!!", area: "Nowhere" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/use letters or digits/);
    expect((await admin.web.post("/settings/messages/aliases", { alias: "Orilla", area: "Riverside" })).status).toBe(303);
    expect(visibleText((await admin.web.page("/settings/messages")).html)).toContain("orilla Riverside");
    await twilioText(instance, "necesito comida orilla", { from: "+14155550100" });
    const [row] = await rows<{ area: string }>(
      instance,
      "select a.name as area from posts p join service_areas a on a.id = p.area_id order by p.created_at desc limit 1",
    );
    expect(row!.area).toBe("Riverside");

    expect((await admin.web.post("/settings/messages/aliases/delete", { alias: "orilla" })).status).toBe(303);
    expect(visibleText((await admin.web.page("/settings/messages")).html)).not.toContain("orilla");
    expect(visibleText((await admin.web.page("/log")).html)).toMatch(/added another name for an area: orilla → Riverside/);
  });

  it("prints the message card in English and Spanish at /sms-card", async () => {
    const english = await (await fetch(`${instance.url}/sms-card?lang=en`, { headers: { accept: "text/html" } })).text();
    expect(english).toContain("Ask for and offer help by text message");
    expect(english).toContain("Number to text: +15005550006");
    for (const word of ["NEED FOOD 2 East side", "NECESITO COMIDA 2 Centro", "CANCELAR R7K2", "ALTO", "East side, Riverside"]) {
      expect(english).toContain(word);
    }
    const spanish = await (await fetch(`${instance.url}/sms-card?lang=es`, { headers: { accept: "text/html" } })).text();
    expect(spanish).toContain("Pide u ofrece ayuda por mensaje de texto");
    expect(spanish).toContain("Ver tus pedidos");
  });

  it("shows coordinators the queue on a page where they can read the thread and text back", async () => {
    for (const text of ["hola", "no se", "mi mama esta enferma"]) await twilioText(instance, text);
    await fake.next(2);
    const coordinator = await makePerson(instance, `page${++sid}`, "coordinator");
    const member = await makePerson(instance, `nosy${++sid}`, "member");
    expect((await member.web.get("/dispatch")).status).toBe(403);
    const list = await coordinator.web.page("/dispatch");
    expect(list.html).toContain("mi mama esta enferma");
    expect(list.html).not.toContain("4155552671");
    const link = /href="(\/dispatch\/[0-9a-f-]{36})"/.exec(list.html)![1]!;
    const thread = await coordinator.web.page(link);
    expect(thread.html).toContain(NUMBER);
    expect((await member.web.get(link)).status).toBe(403);
    const sent = await coordinator.web.post(`${link}/reply`, { body: "Te llamamos hoy a las 5." });
    expect(sent.status).toBe(303);
    expect(await fake.next(3)).toEqual({ to: NUMBER, body: "Te llamamos hoy a las 5." });
    expect((await coordinator.web.post(`${link}/reply`, { body: "" })).status).toBe(422);
  });

  it("lets a visitor without an account offer help on a public request, into the queue", async () => {
    await twilioText(instance, "NEED FOOD East side");
    await fake.next(0);
    const [row] = await rows<{ post_id: string }>(instance, "select post_id from conversation_posts");
    const visitor = new WebClient(instance.url, { "accept-language": "en" });
    const page = await visitor.page(`/posts/${row!.post_id}`);
    expect(page.html).toContain("I can help");
    expect(page.html).toContain("Ask to join");
    const bad = await visitor.post(`/posts/${row!.post_id}/help`, { message: "I have rice", contact: "nope" });
    expect(bad.status).toBe(422);
    const sent = await visitor.post(`/posts/${row!.post_id}/help`, { message: "I have rice and beans", contact: "helper@example.org" });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain("A coordinator will read your message");

    const coordinator = await makePerson(instance, `helpq${++sid}`, "coordinator");
    const queue = await api(instance, "GET", "/conversations", { as: coordinator });
    const offer = queue.body.find((c: { channel: string }) => c.channel === "web");
    expect(offer).toMatchObject({ lastMessage: "I have rice and beans" });
    expect((await api(instance, "GET", `/conversations/${offer.id}`, { as: coordinator })).body.address).toBe("helper@example.org");
    expect((await visitor.page(`/posts/${row!.post_id}`)).html).not.toContain("helper@example.org");
    for (let i = 0; i < 4; i++) await visitor.post(`/posts/${row!.post_id}/help`, { message: "again", contact: "helper@example.org" });
    expect((await visitor.post(`/posts/${row!.post_id}/help`, { message: "again", contact: "helper@example.org" })).status).toBe(429);
  });

  it("handles a message Twilio delivers twice only once", async () => {
    const first = await twilioText(instance, "NEED FOOD East side", { messageSid: "SMduplicate" });
    const again = await twilioText(instance, "NEED FOOD East side", { messageSid: "SMduplicate" });
    expect([first.status, again.status]).toEqual([200, 200]);
    await fake.next(0);
    // A second reply, if any, would come from the second request, which has finished.
    expect(fake.sent).toHaveLength(1);
    const [row] = await rows<{ n: number }>(instance, "select count(*)::int as n from conversation_posts");
    expect(row).toMatchObject({ n: 1 });
  });

  it("refuses unsigned and wrongly signed webhooks and changes nothing", async () => {
    const unsigned = await twilioText(instance, "NEED FOOD East side", { signature: null });
    const wrong = await twilioText(instance, "NEED FOOD East side", { signature: twilioSignature("another-token-0123456789", "x", {}) });
    expect([unsigned.status, wrong.status]).toEqual([403, 403]);
    const [row] = await rows<{ n: number }>(instance, "select count(*)::int as n from conversation_messages");
    expect(row).toMatchObject({ n: 0 });
    expect(fake.sent).toHaveLength(0);
  });

  it("honours STOP at once and for good, until START", async () => {
    await twilioText(instance, "STOP");
    await twilioText(instance, "NEED FOOD East side");
    await twilioText(instance, "help");
    await twilioText(instance, "START");
    // The first text back is the answer to START: nothing was sent in between.
    expect((await fake.next(0)).body).toMatch(/^Welcome back/);
    expect(fake.sent).toHaveLength(1);
    const [row] = await rows<{ n: number }>(instance, "select count(*)::int as n from conversation_messages where direction = 'inbound'");
    expect(row).toMatchObject({ n: 4 });
  });

  it("stores but does not answer a number beyond its hourly limit", async () => {
    for (let i = 0; i < 7; i++) await twilioText(instance, "help");
    await fake.next(5);
    expect(fake.sent).toHaveLength(6);
    const [row] = await rows<{ unanswered: number; needs: boolean }>(
      instance,
      "select (select count(*)::int from conversation_messages where unanswered) as unanswered, " +
        "(select needs_person from conversations) as needs",
    );
    expect(row).toMatchObject({ unanswered: 1, needs: true });
  });

  it("normalises a local number to E.164", async () => {
    await twilioText(instance, "help", { from: "(415) 555-2671" });
    expect((await fake.next(0)).to).toBe(NUMBER);
  });
});

describe("SMS through the Android gateway", () => {
  let fake: FakeSmsProvider;
  let instance: TestInstance;

  beforeAll(async () => {
    fake = await FakeSmsProvider.androidGateway("gateway-user", "gateway-pass");
    instance = await startTestInstance("gatewaynet", {
      SMS_PROVIDER: "android-gateway",
      SMS_GATEWAY_URL: fake.url,
      SMS_GATEWAY_USER: "gateway-user",
      SMS_GATEWAY_PASSWORD: "gateway-pass",
      SMS_GATEWAY_SIGNING_KEY: SIGNING_KEY,
      SMS_DEFAULT_COUNTRY: "MX",
    });
    await instance.services.areas.add("Centro");
  }, 60_000);
  afterAll(async () => {
    await instance?.destroy();
    await fake?.close();
  });

  let id = 0;
  function gatewayText(body: string, options: { timestamp?: number; key?: string; eventId?: string } = {}): Promise<Response> {
    const raw = JSON.stringify({
      deviceId: "phone-1",
      event: "sms:received",
      id: options.eventId ?? `evt-${++id}`,
      webhookId: "hook-1",
      // The app derives messageId from the text: the same words share one.
      payload: { messageId: `msg-${body.length}`, message: body, phoneNumber: "55 1234 5678", receivedAt: new Date().toISOString() },
    });
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    return fetch(`${instance.url}/webhooks/sms/android-gateway`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-timestamp": timestamp,
        "x-signature": webhookSignature(options.key ?? SIGNING_KEY, raw, timestamp),
      },
      body: raw,
    });
  }

  it("answers a signed text through the gateway's send API", async () => {
    const seen = fake.sent.length;
    expect((await gatewayText("necesito comida 3 centro")).status).toBe(200);
    const reply = await fake.next(seen);
    expect(reply.to).toBe("+525512345678");
    expect(reply.body).toMatch(/^Listo\. Tu codigo es [A-Z0-9]{4}\./);
  });

  it("takes the same words sent twice as two messages, and the app's retry of one event once", async () => {
    const count = async () =>
      (await rows<{ n: number }>(instance, "select count(*)::int as n from conversation_messages where direction = 'inbound'"))[0]!.n;
    const before = await count();
    await gatewayText("STATUS", { eventId: "evt-status-1" });
    await gatewayText("STATUS", { eventId: "evt-status-1" });
    await gatewayText("STATUS", { eventId: "evt-status-2" });
    expect(await count()).toBe(before + 2);
  });

  it("refuses a wrong signature and a stale timestamp", async () => {
    const before = await rows<{ n: number }>(instance, "select count(*)::int as n from conversation_messages");
    const wrongKey = await gatewayText("AYUDA", { key: "not-the-signing-key-000" });
    const stale = await gatewayText("AYUDA", { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect([wrongKey.status, stale.status]).toEqual([403, 403]);
    const after = await rows<{ n: number }>(instance, "select count(*)::int as n from conversation_messages");
    expect(after).toEqual(before);
  });
});

describe("SMS settings", () => {
  it("names the variable a provider is missing", () => {
    expect(() => parseConfig({ SMS_PROVIDER: "twilio", TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN })).toThrow(
      "SMS_PROVIDER=twilio needs TWILIO_FROM",
    );
    expect(() => parseConfig({ SMS_PROVIDER: "android-gateway", SMS_GATEWAY_URL: "http://10.0.0.2:8080" })).toThrow(
      "SMS_PROVIDER=android-gateway needs SMS_GATEWAY_USER",
    );
    expect(() => parseConfig({ SMS_PROVIDER: "nokia" })).toThrow(
      /SMS_PROVIDER="nokia" is invalid: SMS_PROVIDER expects one of twilio, android-gateway/,
    );
    expect(() => parseConfig({ SMS_DEFAULT_COUNTRY: "usa" })).toThrow(/SMS_DEFAULT_COUNTRY expects a two-letter country code/);
  });
});
