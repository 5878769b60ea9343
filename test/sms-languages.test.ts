import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
import { FakeSmsProvider, FROM, SID, TOKEN, twilioEnv, twilioText } from "./support/fake-sms.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson } from "./support/people.ts";

/** A handover on Thursday 3 December, 09:00-11:00 in the network's time zone (TZ). */
const WINDOW = { from: new Date(2026, 11, 3, 9, 0), to: new Date(2026, 11, 3, 11, 0) };

interface Case {
  language: string;
  /** What they text first, and what the post should then be. */
  text: string;
  post: { title: string; kind: string; category: string; quantity: number; area: string };
  posted: RegExp;
  status: [text: string, reply: (code: string) => string];
  stop: string;
  start: [text: string, reply: RegExp];
  handover: (code: string) => string;
}

const CASES: Case[] = [
  {
    language: "fr",
    text: "Bonjour, j'ai besoin de nourriture pour 3 personnes, Riverside",
    post: { title: "Un voisin à Riverside demande : nourriture", kind: "request", category: "food", quantity: 3, area: "Riverside" },
    posted: /^C'est noté\. Votre code est ([A-Z0-9]{4})\. Envoyez STATUT pour le suivre/,
    status: ["Statut", (code) => `${code} nourriture: ouverte`],
    stop: "ARRÊT",
    start: ["reprendre", /^Bon retour\. Vous recevrez à nouveau nos SMS\./],
    handover: (code) => `${code}: la remise est prévue le jeu. 3 déc. 09:00-11:00. Envoyez STATUT pour vérifier.`,
  },
  {
    language: "pt-BR",
    text: "Ofereço carona pra 2 pessoas Zona Norte",
    post: { title: "Um vizinho em Zona Norte oferece transporte", kind: "offer", category: "transport", quantity: 2, area: "Zona Norte" },
    posted: /^Pronto\. Seu codigo é ([A-Z0-9]{4})\. Envie SITUACAO para acompanhar/,
    status: ["situação", (code) => `${code} transporte: aberto`],
    stop: "SAIR",
    start: ["voltar", /^Bem-vindo de volta\. Voce vai receber mensagens de novo\./],
    handover: (code) => `${code}: a entrega é qui., 3 de dez. 09:00-11:00. Envie SITUACAO para conferir.`,
  },
  {
    language: "ar",
    text: "السلام عليكم، أحتاج أدوية ٢ المركز",
    post: { title: "جار في المركز يحتاج أدوية", kind: "request", category: "medication_pickup", quantity: 2, area: "المركز" },
    posted: /^تم\. رمزك ([A-Z0-9]{4})\. أرسل حالة للمتابعة/,
    status: ["الحالة", (code) => `${code} أدوية: مفتوح`],
    stop: "توقف",
    start: ["ابدأ", /^أهلا بعودتك\./],
    handover: (code) => `${code}: التسليم الخميس، 3 ديسمبر 09:00-11:00. أرسل حالة للتحقق.`,
  },
];

/** A different number for each test, so that each is a new person's first conversation. */
let numbers = 0;
const nextNumber = () => `+1415555${String(3000 + ++numbers)}`;

describe("SMS in French, Brazilian Portuguese and Arabic", () => {
  let fake: FakeSmsProvider;
  let instance: TestInstance;

  beforeAll(async () => {
    fake = await FakeSmsProvider.twilio(SID, TOKEN, FROM);
    instance = await startTestInstance("smslangs", twilioEnv(fake));
    for (const area of ["Riverside", "Zona Norte", "المركز"]) await instance.services.areas.add(area);
  }, 60_000);
  afterAll(async () => {
    await instance?.destroy();
    await fake?.close();
  });

  it.each(CASES)("posts what someone texts in $language, and answers, lists, stops and tells them in it", async (c) => {
    const from = nextNumber();
    const seen = fake.sent.length;
    expect((await twilioText(instance, c.text, { from })).status).toBe(200);
    const reply = await fake.next(seen);
    expect(reply.to).toBe(from);
    const code = c.posted.exec(reply.body)?.[1];
    expect(code, reply.body).toBeDefined();

    const board = await api(instance, "GET", "/posts");
    const post = board.body.items.find((p: { title: string }) => p.title === c.post.title);
    expect(post).toMatchObject({ ...c.post, language: c.language });

    await twilioText(instance, c.status[0], { from });
    expect((await fake.next(seen + 1)).body).toBe(c.status[1](code!));

    expect(await instance.services.sms!.tellAboutPost(post.id, { event: "scheduled", window: WINDOW })).toBe("sent");
    expect(await fake.next(seen + 2)).toEqual({ to: from, body: c.handover(code!) });

    // Their STOP holds until their START: what they send meanwhile is not answered.
    await twilioText(instance, c.stop, { from });
    await twilioText(instance, c.status[0], { from });
    expect(await instance.services.sms!.tellAboutPost(post.id, { event: "cancelled" })).toBe("stopped");
    await twilioText(instance, c.start[0], { from });
    expect((await fake.next(seen + 3)).body).toMatch(c.start[1]);
    expect(fake.sent.filter((sms) => sms.to === from)).toHaveLength(4);
  });

  it.each(CASES)("keeps answering in $language when they text the carriers' English STOP, START and HELP", async (c) => {
    const from = nextNumber();
    const seen = fake.sent.length;
    await twilioText(instance, c.text, { from });
    await fake.next(seen);
    await twilioText(instance, "STOP", { from });
    await twilioText(instance, "START", { from });
    expect((await fake.next(seen + 1)).body).toMatch(c.start[1]);
    const [row] = await queryRows<{ language: string; stopped: boolean }>(
      instance.database.db,
      sql`select language, stopped from conversations where address = ${from}`,
    );
    expect(row).toEqual({ language: c.language, stopped: false });
  });
  it("takes an area's other name written in Arabic, hamza or not", async () => {
    await instance.services.areas.addAlias("وسط البلد", "Riverside");
    const from = nextNumber();
    const seen = fake.sent.length;
    await twilioText(instance, "نحتاج بطانيات اربعة في وسط البلد", { from });
    expect((await fake.next(seen)).body).toMatch(/^تم\. رمزك [A-Z0-9]{4}\./);
    const board = await api(instance, "GET", "/posts");
    const post = board.body.items.find((p: { title: string }) => p.title === "جار في Riverside يحتاج أغراض");
    expect(post).toMatchObject({ kind: "request", category: "goods", quantity: 4, area: "Riverside", language: "ar" });
  });

  /** Texts each of `texts` from `from`; resolves to the answer to the last. */
  const ask = async (from: string, texts: string[]) => {
    const seen = fake.sent.length;
    for (const text of texts) await twilioText(instance, text, { from });
    return (await fake.next(seen + texts.length - 1)).body;
  };
  const titles = async () => (await api(instance, "GET", "/posts")).body.items.map((p: { title: string }) => p.title);

  it('keeps what they asked for when their answer to "which area?" holds a word of some category', async () => {
    await instance.services.areas.add("Santa Cruz");
    // "santa" is one letter from Portuguese "janta" (dinner); "pharmacy" is medication.
    expect(await ask(nextNumber(), ["Preciso de remédio", "Santa Cruz"])).toMatch(/^Pronto\. Seu codigo é [A-Z0-9]{4}\./);
    expect(await ask(nextNumber(), ["I need food", "Riverside, near the pharmacy"])).toMatch(/^Got it\. Your code is [A-Z0-9]{4}\./);
    expect(await titles()).toEqual(
      expect.arrayContaining(["Um vizinho em Santa Cruz precisa de remédios", "A neighbour in Riverside needs food"]),
    );
  });

  it("starts afresh when a complete new message follows an unfinished one", async () => {
    expect(await ask(nextNumber(), ["NEED FOOD", "OFFER RIDE Riverside"])).toMatch(/^Got it\. Your code is [A-Z0-9]{4}\./);
    expect(await ask(nextNumber(), ["need", "offer", "tools Riverside"])).toMatch(/^Got it\. Your code is [A-Z0-9]{4}\./);
    const board = await titles();
    expect(board.filter((title: string) => title === "A neighbour in Riverside offers transport")).toHaveLength(1);
    expect(board).toContain("A neighbour in Riverside offers tools");
  });

  it.each(["END", "QUIT", "cancel", "STOP please", "arrêtez"])("stops texting a number that sent %j, as Twilio does", async (text) => {
    const from = nextNumber();
    const seen = fake.sent.length;
    await twilioText(instance, "need food", { from });
    await twilioText(instance, text, { from });
    await twilioText(instance, "status", { from });
    const [row] = await queryRows<{ stopped: boolean }>(
      instance.database.db,
      sql`select stopped from conversations where address = ${from}`,
    );
    expect(row).toEqual({ stopped: true });
    expect(fake.sent.slice(seen).filter((sms) => sms.to === from)).toHaveLength(1);
  });

  it("keeps the area of an unfinished message when the next one says the same kind and what", async () => {
    const from = nextNumber();
    expect(await ask(from, ["need help Riverside", "need blankets"])).toMatch(/^Got it\. Your code is [A-Z0-9]{4}\./);
    expect(await titles()).toContain("A neighbour in Riverside needs goods");
  });

  it("keeps asking while each answer adds something, and counts only the answers that did not", async () => {
    const from = nextNumber();
    expect(await ask(from, ["hi", "need", "food"])).toMatch(/^Which area are you in\?/);
    expect(await ask(from, ["near the school"])).toMatch(/^Which area are you in\?/);
    expect(await ask(from, ["Riverside"])).toMatch(/^Got it\. Your code is [A-Z0-9]{4}\./);
  });

  it("keeps the conversation's language when an answer is made of words several languages share", async () => {
    const from = nextNumber();
    const seen = fake.sent.length;
    await twilioText(instance, "J'ai besoin de médicaments", { from });
    expect((await fake.next(seen)).body).toMatch(/^Vous habitez dans quel quartier \?/);
    // "de" and "la" are Spanish as much as French; "no" is Portuguese, Spanish and English.
    await twilioText(instance, "près de la gare", { from });
    expect((await fake.next(seen + 1)).body).toMatch(/^Vous habitez dans quel quartier \?/);
    await twilioText(instance, "Riverside", { from });
    expect((await fake.next(seen + 2)).body).toMatch(/^C'est noté\./);
  });

  it('answers a first "Bonjour" in French, and a "No" after it still in French', async () => {
    const from = nextNumber();
    const seen = fake.sent.length;
    await twilioText(instance, "Bonjour", { from });
    expect((await fake.next(seen)).body).toMatch(/^Vous avez BESOIN d'aide/);
    await twilioText(instance, "No", { from });
    expect((await fake.next(seen + 1)).body).toMatch(/^Vous avez BESOIN d'aide/);
  });

  it("hands an Arabic conversation it cannot follow to a coordinator, in Arabic, and the post form starts in Arabic", async () => {
    const from = nextNumber();
    const seen = fake.sent.length;
    for (const text of ["مرحبا", "أمي مريضة", "؟؟"]) await twilioText(instance, text, { from });
    expect((await fake.next(seen + 2)).body).toBe("شكرا. سيقرأ أحد المنسقين رسالتك ويرد عليك.");
    const coordinator = await makePerson(instance, "arabicdispatch", "coordinator");
    const [row] = await queryRows<{ id: string }>(instance.database.db, sql`select id from conversations where address = ${from}`);
    const page = await coordinator.web.page(`/dispatch/${row!.id}/post`);
    expect(page.html).toMatch(/<option value="ar" selected/);
  });
});

describe("the message card", () => {
  let instance: TestInstance;
  beforeAll(async () => {
    instance = await startTestInstance("smscard");
  }, 60_000);
  afterAll(() => instance?.destroy());

  it("prints the page's language beside English and Spanish, in the grammar's own words", async () => {
    const card = async (lang: string) =>
      (await fetch(`${instance.url}/sms-card?lang=${lang}`, { headers: { accept: "text/html" } })).text();
    const french = await card("fr");
    expect(french).toContain("en français, anglais, espagnol, portugais ou arabe");
    for (const word of ["BESOIN NOURRITURE 2 Centre", "ANNULER R7K2", "ARRÊT", "REPRENDRE", "NEED FOOD 2 East side", "CANCELAR R7K2"]) {
      expect(french).toContain(word);
    }
    const portuguese = await card("pt-BR");
    for (const word of ["PRECISO COMIDA 2 Centro", "SITUAÇÃO", "SAIR", "carona"]) expect(portuguese).toContain(word);
    const arabic = await card("ar");
    for (const word of ['lang="ar" dir="auto"', "أحتاج طعام 2 المركز", "حالة", "إلغاء R7K2", "توقف"]) expect(arabic).toContain(word);
  });
});

describe.each([
  ["fr", "smsfr", "Vous avez BESOIN d'aide ou vous OFFREZ de l'aide ?", /^Bon retour/],
  ["pt-BR", "smspt", "Voce PRECISA de ajuda ou OFERECE ajuda?", /^Bem-vindo de volta/],
  ["ar", "smsar", "هل تحتاج مساعدة أم تعرضها؟", /^أهلا بعودتك/],
])("a network whose language is %s", (language, handle, question, welcome) => {
  let fake: FakeSmsProvider;
  let instance: TestInstance;

  beforeAll(async () => {
    fake = await FakeSmsProvider.twilio(SID, TOKEN, FROM);
    instance = await startTestInstance(handle, { ...twilioEnv(fake), NETWORK_LANGUAGE: language });
  }, 60_000);
  afterAll(async () => {
    await instance?.destroy();
    await fake?.close();
  });

  it("answers a text in no language it can tell in the network's language", async () => {
    await twilioText(instance, "👋 ???");
    expect((await fake.next(0)).body.startsWith(question)).toBe(true);
    await twilioText(instance, "START");
    expect((await fake.next(1)).body).toMatch(welcome);
  });
});
