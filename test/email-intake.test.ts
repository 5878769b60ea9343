import nodemailer, { type SendMailOptions } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateMember } from "../db/queries/members.ts";
import { webhookSignature } from "../src/sms/signed-webhook.ts";
import { testDriver } from "./support/database.ts";
import { freePort, startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { startSmtpServer, type TestSmtpServer } from "./support/smtp.ts";
import { visibleText, WebClient } from "./support/web-client.ts";

const INTAKE = "help@eastside.test";
const SECRET = "inbound-email-secret-0123456789";

let smtp: TestSmtpServer;
let instance: TestInstance;
let coordinator: Person;

beforeAll(async () => {
  smtp = await startSmtpServer();
  instance = await startTestInstance(
    "eastside",
    {
      SMTP_URL: smtp.url,
      MAIL_FROM: "Eastside Aid <aid@eastside.test>",
      INBOUND_SMTP_PORT: String(await freePort()),
      INBOUND_SMTP_HOST: "127.0.0.1",
      INBOUND_EMAIL_ADDRESS: INTAKE,
      INBOUND_EMAIL_SECRET: SECRET,
    },
    undefined,
    { rateLimits: { emailInboundPerSender: { name: "email_inbound_per_sender", max: 4, windowSeconds: 3600 } } },
  );
  await instance.services.areas.add("East side");
  coordinator = await makePerson(instance, "coord_cy", "coordinator");
}, 120_000);
afterAll(async () => {
  await instance?.destroy();
  await smtp?.close();
});

/** Sends a message to the instance's SMTP listener as a mail server would; resolves to the listener's answer. */
async function sendToListener(message: SendMailOptions & { envelope?: { from: string; to: string[] } }) {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: instance.emailListenerPort!, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail(message);
    return { accepted: true as const, response: info.response };
  } catch (error) {
    const { responseCode, response } = error as { responseCode?: number; response?: string };
    return { accepted: false as const, responseCode, response };
  } finally {
    transport.close();
  }
}

/** A raw RFC 822 message, as a provider's inbound routing posts it. */
function rawMessage(headers: Record<string, string>, body: string): string {
  return `${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n")}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;
}

function postWebhook(raw: string, options: { key?: string; timestamp?: string; signature?: string | null } = {}) {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const signature = options.signature === undefined ? webhookSignature(options.key ?? SECRET, raw, timestamp) : options.signature;
  return fetch(`${instance.url}/webhooks/email`, {
    method: "POST",
    headers: { "content-type": "message/rfc822", "x-timestamp": timestamp, ...(signature === null ? {} : { "x-signature": signature }) },
    body: raw,
  });
}

async function conversationsFrom(address: string) {
  const listed = await api(instance, "GET", "/conversations", { as: coordinator });
  const details = await Promise.all(
    listed.body.map(async (c: { id: string }) => (await api(instance, "GET", `/conversations/${c.id}`, { as: coordinator })).body),
  );
  return details.filter((c: { address: string }) => c.address === address);
}

describe(`e-mail intake (${testDriver})`, () => {
  it("turns an e-mail to the intake address into a draft request, once, that a coordinator publishes", async () => {
    const message = {
      from: "Marta <marta@mail.example>",
      to: INTAKE,
      subject: "Need food for 4 in East side",
      messageId: "<need-food-1@mail.example>",
      text: "Hello, my mother and my kids have nothing left since the flood.\nCan someone help?\n\n-- \nMarta, tel 555 0101",
      attachments: [{ filename: "list.pdf", content: Buffer.from("%PDF-1.4 list") }],
    };
    expect((await sendToListener(message)).accepted).toBe(true);
    // A mail server's retry of the same message is taken once.
    expect((await sendToListener(message)).accepted).toBe(true);

    const [conversation, ...others] = await conversationsFrom("marta@mail.example");
    expect(others).toEqual([]);
    expect(conversation).toMatchObject({
      channel: "email",
      needsPerson: true,
      subject: "Need food for 4 in East side",
      draft: { kind: "request", category: "food", quantity: 4 },
      replyBy: "email",
    });
    const [received] = conversation.messages;
    expect(received.body).toContain("my mother and my kids have nothing left");
    expect(received.body).toContain("[Attachments not kept: list.pdf]");
    // The signature is left out: the coordinator reads the person's words.
    expect(received.body).not.toContain("555 0101");

    // The dispatcher page starts the post form from the draft and the address.
    const page = await coordinator.web.page(`/dispatch/${conversation.id}/post`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('value="marta@mail.example"');
    expect(page.html).toContain('value="Need food for 4 in East side"');
    const posted = await coordinator.web.post(`/dispatch/${conversation.id}/post`, {
      kind: "request",
      category: "food",
      title: "Food for a family of 4",
      details: "After the flood.",
      quantity: "4",
      area: "East side",
      urgency: "high",
      visibility: "public",
      language: "en",
      contactEmail: "marta@mail.example",
      contactName: "Marta",
    });
    expect(posted.status).toBe(303);
    const postPath = posted.headers.get("location")!;
    const after = (await api(instance, "GET", `/conversations/${conversation.id}`, { as: coordinator })).body;
    expect(after.needsPerson).toBe(false);
    expect(after.posts).toHaveLength(1);

    // The address is private contact: not on the public page, not in another member's API answer.
    const visitor = new WebClient(instance.url);
    const publicPage = await visitor.page(postPath);
    expect(publicPage.status).toBe(200);
    expect(visibleText(publicPage.html)).toContain("Food for a family of 4");
    expect(publicPage.html).not.toMatch(/marta@mail\.example|Marta/);
    const member = await makePerson(instance, "mem_max", "member");
    const asMember = await api(instance, "GET", `/posts/${postPath.split("/").pop()}`, { as: member });
    expect(JSON.stringify(asMember.body)).not.toContain("marta@mail.example");
  });

  it("answers mail it will not take the way mail servers understand, and drops auto-replies", async () => {
    const elsewhere = await sendToListener({ from: "a@mail.example", to: "someone@other.example", subject: "hi", text: "hi" });
    expect(elsewhere).toMatchObject({ accepted: false, responseCode: 550 });
    expect(elsewhere.accepted === false && elsewhere.response).toMatch(/No such mailbox/);

    const noSender = await sendToListener({
      envelope: { from: "bounce@mail.example", to: [INTAKE] },
      raw: rawMessage({ To: INTAKE, Subject: "no from", "Message-ID": "<no-from@mail.example>" }, "Need food"),
    });
    expect(noSender).toMatchObject({ accepted: false, responseCode: 550 });
    expect(noSender.accepted === false && noSender.response).toMatch(/from: the message has no sender address/);

    // An out-of-office answer is accepted (so the sender does not retry) and stored nowhere.
    const autoReply = await sendToListener({
      from: "away@mail.example",
      to: INTAKE,
      subject: "Out of office",
      text: "I am away until Monday.",
      headers: { "Auto-Submitted": "auto-replied" },
    });
    expect(autoReply.accepted).toBe(true);
    expect(await conversationsFrom("away@mail.example")).toEqual([]);
  });

  it("takes signed raw messages on POST /webhooks/email, and refuses unsigned, stale and unreadable ones", async () => {
    const raw = rawMessage(
      { From: "Luis <luis@mail.example>", To: INTAKE, Subject: "Ofrezco transporte", "Message-ID": "<luis-1@mail.example>" },
      "Tengo una furgoneta los sábados.",
    );
    expect((await postWebhook(raw, { signature: null })).status).toBe(403);
    expect((await postWebhook(raw, { key: "not-the-secret-0123456789" })).status).toBe(403);
    expect((await postWebhook(raw, { timestamp: String(Math.floor(Date.now() / 1000) - 3600) })).status).toBe(403);
    expect(await conversationsFrom("luis@mail.example")).toEqual([]);

    const taken = await postWebhook(raw);
    expect(taken.status).toBe(201);
    expect(await taken.json()).toEqual({ result: "stored" });
    const again = await postWebhook(raw);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ result: "duplicate" });
    const [conversation] = await conversationsFrom("luis@mail.example");
    expect(conversation).toMatchObject({ language: "es", draft: { kind: "offer", category: "transport" } });

    const unreadable = await postWebhook(rawMessage({ To: INTAKE, Subject: "?" }, "no sender"));
    expect(unreadable.status).toBe(422);
    expect((await unreadable.json()).fields).toHaveProperty("from");

    // A loop or a flood from one sender: beyond the limit, "try later".
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const flood = rawMessage({ From: "loop@mail.example", To: INTAKE, Subject: `n${i}`, "Message-ID": `<loop-${i}@mail.example>` }, "x");
      statuses.push((await postWebhook(flood)).status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 429]);
  });

  it("files a member's reply to a notice under that member and page, and threads the coordinator's e-mail answer", async () => {
    const requester = await makePerson(instance, "req_rita", "member");
    await updateMember(instance.database.db, requester.id, { email: "rita@mail.example", emailVerifiedAt: new Date() });
    const offerer = await makePerson(instance, "off_olga", "member");
    const request = await api(instance, "POST", "/posts", {
      as: requester,
      body: { kind: "request", area: "East side", category: "meals", title: "Soup for two", quantity: 2 },
    });
    const offer = await api(instance, "POST", "/posts", {
      as: offerer,
      body: { kind: "offer", area: "East side", category: "meals", title: "Lentil stew", quantity: 4 },
    });
    const match = await api(instance, "POST", "/matches", {
      as: coordinator,
      body: { request: request.body.id, offer: offer.body.id, quantity: 2 },
    });
    const notice = await smtp.next("rita@mail.example", (m) => (m.text ?? "").includes(match.body.id));
    const replyTo = notice.replyTo?.value[0]?.address;
    expect(replyTo).toMatch(/^reply\+[0-9a-f]{56}@eastside\.test$/);

    // A forged reply address is an ordinary new message, tied to nobody.
    const forged = replyTo!.replace(/[0-9a-f]@/, (c) => `${c[0] === "0" ? "1" : "0"}@`);
    await sendToListener({ from: "rita@mail.example", to: forged, subject: "Re: forged", text: "Forged reply" });
    // So is a reply from another address than the member's.
    await sendToListener({ from: "mallory@mail.example", to: replyTo!, subject: "Re: notice", text: "Not Rita" });
    expect((await conversationsFrom("mallory@mail.example"))[0]).toMatchObject({ member: null, aboutUrl: null });

    await sendToListener({
      from: "Rita <rita@mail.example>",
      to: replyTo!,
      subject: `Re: ${notice.subject}`,
      inReplyTo: notice.messageId!,
      text: `Can it come after 6 pm? I work until then.\n\nOn Mon, 30 Nov 2026, Eastside Aid wrote:\n> ${notice.text?.split("\n")[0]}`,
    });
    const fromRita = await conversationsFrom("rita@mail.example");
    const replied = fromRita.find((c: { member: string | null }) => c.member === "req_rita");
    expect(replied).toMatchObject({ aboutUrl: `/matches/${match.body.id}`, channel: "email" });
    expect(replied.messages.map((m: { body: string }) => m.body)).toEqual([
      expect.stringMatching(/Can it come after 6 pm\? I work until then\.$/),
    ]);
    expect(fromRita.find((c: { messages: { body: string }[] }) => c.messages[0]!.body.includes("Forged reply")).member).toBeNull();
    const page = await coordinator.web.page(`/dispatch/${replied.id}`);
    expect(visibleText(page.html)).toContain("A reply by e-mail from the member req_rita to a notice.");

    // The coordinator answers by e-mail; the answer is logged without the address.
    const answered = await api(instance, "POST", `/conversations/${replied.id}/replies`, {
      as: coordinator,
      body: { body: "Yes, Olga can bring it at 7 pm." },
    });
    expect(answered.status).toBe(200);
    expect(answered.body.needsPerson).toBe(false);
    const answer = await smtp.next("rita@mail.example", (m) => (m.text ?? "").includes("Olga can bring it"));
    expect(answer.subject).toBe(`Re: ${notice.subject}`);
    expect(answer.replyTo?.value[0]?.address).toBe(INTAKE);
    const log = await coordinator.web.page("/log");
    expect(log.html).not.toContain("rita@mail.example");

    // Rita's answer to that e-mail goes back into the same thread.
    await sendToListener({
      from: "rita@mail.example",
      to: INTAKE,
      subject: `Re: ${answer.subject}`,
      inReplyTo: answer.messageId!,
      text: "Thanks!",
    });
    // The listener answers 250 only once the message is stored: no waiting needed.
    const thread = (await api(instance, "GET", `/conversations/${replied.id}`, { as: coordinator })).body;
    expect(thread.needsPerson).toBe(true);
    expect(thread.messages.map((m: { direction: string }) => m.direction)).toEqual(["inbound", "outbound", "inbound"]);
  });

  it("answers a message without a subject with a subject and a page in the person's language", async () => {
    await sendToListener({ from: "lucia@mail.example", to: INTAKE, text: "Necesito comida para 3 personas en East side" });
    const [conversation] = await conversationsFrom("lucia@mail.example");
    expect(conversation.language).toBe("es");
    const answered = await api(instance, "POST", `/conversations/${conversation.id}/replies`, {
      as: coordinator,
      body: { body: "Hola Lucía, te llamamos mañana." },
    });
    expect(answered.status).toBe(200);
    const answer = await smtp.next("lucia@mail.example", (m) => (m.text ?? "").includes("te llamamos"));
    expect(answer.subject).toBe("Re: tu mensaje");
    expect(answer.html).toContain('<html lang="es" dir="ltr">');
  });
});
