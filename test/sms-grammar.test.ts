import { describe, expect, it } from "vitest";
import { type AreaName, type DraftFields, type ParsedMessage, parseMessage } from "../src/sms/grammar.ts";
import { type PostNotice, postNoticeText } from "../src/sms/post-notice.ts";
import { REPLIES, SEGMENT_LENGTH } from "../src/sms/replies.ts";

const AREAS: AreaName[] = [
  { name: "East side", areaId: "east" },
  { name: "Riverside", areaId: "river" },
  { name: "Centro", areaId: "centro" },
  // An admin-set alias for East side.
  { name: "eastside", areaId: "east" },
  { name: "el este", areaId: "east" },
];

type Row = [message: string, expected: DraftFields, language: "en" | "es" | null];

// Real-looking messages: capitals or none, typos, extra words, emoji, both languages.
const POSTS: Row[] = [
  ["NEED FOOD 2 East side", { kind: "request", category: "food", quantity: 2, areaId: "east" }, "en"],
  ["NECESITO comida 2 Riverside", { kind: "request", category: "food", quantity: 2, areaId: "river" }, "es"],
  ["OFFER transport Riverside mornings", { kind: "offer", category: "transport", areaId: "river" }, "en"],
  ["need food", { kind: "request", category: "food" }, "en"],
  [
    "i need groceries for my family of 4 in riverside please",
    { kind: "request", category: "groceries", quantity: 4, areaId: "river" },
    "en",
  ],
  ["Need grocereis eastside", { kind: "request", category: "groceries", areaId: "east" }, "en"],
  ["need a ride to the pharmacy east side", { kind: "request", category: "transport", areaId: "east" }, "en"],
  ["🙏 need diapers 🙏 riverside", { kind: "request", category: "goods", areaId: "river" }, "en"],
  ["Hi, I can give rides on weekends. Riverside", { kind: "offer", category: "transport", areaId: "river" }, "en"],
  ["have 3 blankets east side", { kind: "offer", category: "goods", quantity: 3, areaId: "east" }, "en"],
  ["offering babysitting centro", { kind: "offer", category: "childcare", areaId: "centro" }, "en"],
  ["NEED MEDS PICKUP RIVERSIDE", { kind: "request", category: "medication_pickup", areaId: "river" }, "en"],
  ["need transprt east side", { kind: "request", category: "transport", areaId: "east" }, "en"],
  ["neeed food", { kind: "request", category: "food" }, "en"],
  ["need shelter tonight 2 people", { kind: "request", category: "shelter", quantity: 2 }, "en"],
  ["need someone to talk to", { kind: "request", category: "emotional_support" }, "en"],
  ["offer translation spanish english riverside", { kind: "offer", category: "translation", areaId: "river" }, "en"],
  ["need help with paperwork centro", { kind: "request", category: "paperwork", areaId: "centro" }, "en"],
  ["need hot meal x2 east side!!!", { kind: "request", category: "meals", areaId: "east" }, "en"],
  ["Looking for dog food riverside", { kind: "request", category: "food", areaId: "river" }, "en"],
  ["can offer tools riverside", { kind: "offer", category: "tools", areaId: "river" }, "en"],
  ["need money for rent", { kind: "request", category: "money" }, "en"],
  ["food", { category: "food" }, "en"],
  ["riverside", { areaId: "river" }, null],
  ["necesito comida", { kind: "request", category: "food" }, "es"],
  ["Necesito comida para 5 personas en el Centro", { kind: "request", category: "food", quantity: 5, areaId: "centro" }, "es"],
  ["nesesito mercado riverside", { kind: "request", category: "groceries", areaId: "river" }, "es"],
  ["ofrezco transporte en las mañanas el este", { kind: "offer", category: "transport", areaId: "east" }, "es"],
  ["tengo ropa de niño centro", { kind: "offer", category: "goods", areaId: "centro" }, "es"],
  ["Hola necesito medicinas 🙏", { kind: "request", category: "medication_pickup" }, "es"],
  ["necesitamos pañales x favor riverside", { kind: "request", category: "goods", areaId: "river" }, "es"],
  ["busco aventón al hospital centro", { kind: "request", category: "transport", areaId: "centro" }, "es"],
  ["OFREZCO COMIDA CALIENTE 10 CENTRO", { kind: "offer", category: "meals", quantity: 10, areaId: "centro" }, "es"],
  ["necesito albergue dos personas", { kind: "request", category: "shelter", quantity: 2 }, "es"],
  ["necesito traducción para cita médica", { kind: "request", category: "translation" }, "es"],
  ["puedo dar herramientas el este", { kind: "offer", category: "tools", areaId: "east" }, "es"],
  ["necesito dinero para la renta", { kind: "request", category: "money" }, "es"],
  ["necesito ayuda con tramites centro", { kind: "request", category: "paperwork", areaId: "centro" }, "es"],
  ["necesito comdia", { kind: "request", category: "food" }, "es"],
  ["comida", { category: "food" }, "es"],
  ["necesito", { kind: "request" }, "es"],
  ["tengo cobijas tres", { kind: "offer", category: "goods", quantity: 3 }, "es"],
];

const KEYWORDS: [string, ParsedMessage][] = [
  ["STOP", { type: "keyword", keyword: "stop", language: "en" }],
  ["stop ", { type: "keyword", keyword: "stop", language: "en" }],
  ["Alto", { type: "keyword", keyword: "stop", language: "es" }],
  ["START", { type: "keyword", keyword: "start", language: "en" }],
  ["inicio", { type: "keyword", keyword: "start", language: "es" }],
  ["help", { type: "keyword", keyword: "help", language: "en" }],
  ["AYUDA", { type: "keyword", keyword: "help", language: "es" }],
  ["status?", { type: "keyword", keyword: "status", language: "en" }],
  ["Estado", { type: "keyword", keyword: "status", language: "es" }],
  ["CANCEL R7K2", { type: "cancel", code: "R7K2", language: "en" }],
  ["cancel r7k2", { type: "cancel", code: "R7K2", language: "en" }],
  ["cancelar R7K2", { type: "cancel", code: "R7K2", language: "es" }],
  ["cancel", { type: "cancel", code: null, language: "en" }],
];

describe("the SMS grammar", () => {
  it.each(POSTS)("reads %j", (message, expected, language) => {
    const parsed = parseMessage(message, AREAS);
    expect(parsed).toEqual({ type: "post", fields: expected, language });
  });

  it.each(KEYWORDS)("reads the keyword %j", (message, expected) => {
    expect(parseMessage(message, AREAS)).toEqual(expected);
  });

  it("finds nothing in a message about something else", () => {
    expect(parseMessage("ok thanks 👍", AREAS)).toEqual({ type: "post", fields: {}, language: "en" });
  });
});

const NOTICES: PostNotice[] = [
  { event: "matched" },
  { event: "scheduled", window: { from: new Date("2026-12-30T17:30:00Z"), to: new Date("2026-12-30T19:00:00Z") } },
  { event: "cancelled" },
];

describe("the SMS replies", () => {
  // GSM-7's basic set: anything else turns the text into UCS-2, with 70-character segments.
  const GSM7 = /^[A-Za-z0-9 @£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà\n\r]*$/;
  const texts = (["en", "es"] as const).flatMap((language) =>
    [
      ...Object.values(REPLIES[language]).map((reply) => (typeof reply === "string" ? reply : reply("R7K2"))),
      ...NOTICES.map((notice) => postNoticeText(language, "R7K2", notice)),
    ].map((text) => [language, text] as const),
  );

  it.each(texts)("fits one GSM-7 segment (%s): %s", (_language, text) => {
    expect(text).toMatch(GSM7);
    expect(text.length).toBeLessThanOrEqual(SEGMENT_LENGTH);
  });

  it("cuts a long list of areas to one segment", () => {
    const areas = Array.from({ length: 40 }, (_, i) => `Area ${i}`).join(", ");
    expect(REPLIES.en.askArea(areas).length).toBe(SEGMENT_LENGTH);
  });
});
