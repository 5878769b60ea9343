import { describe, expect, it } from "vitest";
import { CATEGORIES, STATUSES } from "../src/posts/post.schema.ts";
import { SMS_LANGUAGE_CODES, SMS_LANGUAGES, type SmsLanguage } from "../src/sms/languages/index.ts";
import type { SmsAlphabet, SmsLanguagePack } from "../src/sms/languages/language.ts";
import { type PostNotice, postNoticeText } from "../src/sms/post-notice.ts";
import { askAreaReply, statusReply } from "../src/sms/replies.ts";
import { isGsm7, SEGMENT_LENGTH } from "../src/sms/segments.ts";

/** Whether a text goes out as one segment: GSM-7 only and 160 characters, or UCS-2 and 70. */
function fitsOneSegment(alphabet: SmsAlphabet, text: string): boolean {
  return (alphabet === "ucs2" || isGsm7(text)) && text.length <= SEGMENT_LENGTH[alphabet];
}

/** Every day of a leap year, so that each weekday and month name of every language is tried. */
const WINDOWS = Array.from({ length: 366 }, (_, day) => ({
  from: new Date(2028, 0, 1 + day, 23, 30),
  to: new Date(2028, 0, 1 + day, 23, 59),
}));

/** Every text a language sends as written (not cut), with a four-character code where one goes. */
function textsOf(language: SmsLanguage): [name: string, text: string][] {
  const { replies } = SMS_LANGUAGES[language];
  const notices: [string, PostNotice][] = [
    ["matched", { event: "matched" }],
    ["cancelled", { event: "cancelled" }],
    ...WINDOWS.map((window) => ["scheduled", { event: "scheduled", window }] as [string, PostNotice]),
  ];
  return [
    ...Object.entries(replies).map(([name, reply]): [string, string] => [name, typeof reply === "string" ? reply : reply("R7K2")]),
    ...notices.map(([name, notice]): [string, string] => [`notice ${name}`, postNoticeText(language, "R7K2", notice)]),
  ];
}

describe("the SMS replies", () => {
  const texts = SMS_LANGUAGE_CODES.flatMap((language) => textsOf(language).map(([name, text]) => [language, name, text] as const));

  it.each(SMS_LANGUAGE_CODES)("fit one segment of their alphabet, every date included (%s)", (language) => {
    const { alphabet } = SMS_LANGUAGES[language];
    const tooLong = texts.filter(([l, , text]) => l === language && !fitsOneSegment(alphabet, text));
    expect(tooLong).toEqual([]);
  });

  it("would catch a reply one character too long, or one letter outside GSM-7", () => {
    expect(fitsOneSegment("gsm7", "x".repeat(160))).toBe(true);
    expect(fitsOneSegment("gsm7", "x".repeat(161))).toBe(false);
    expect(fitsOneSegment("gsm7", "Voce não tem pedidos.")).toBe(false);
    expect(fitsOneSegment("ucs2", "ا".repeat(70))).toBe(true);
    expect(fitsOneSegment("ucs2", "ا".repeat(71))).toBe(false);
  });

  it("writes notices' dates the language's way, in letters the alphabet has", () => {
    const window = { from: new Date(2026, 11, 3, 9, 0), to: new Date(2026, 11, 3, 11, 0) };
    const scheduled = (language: SmsLanguage) => postNoticeText(language, "R7K2", { event: "scheduled", window });
    expect(scheduled("en")).toBe("R7K2: the handover is Thu, Dec 3 09:00-11:00. Text STATUS to check.");
    expect(scheduled("es")).toBe("R7K2: la entrega es 3/12 09:00-11:00. Escribe ESTADO para verla.");
    expect(scheduled("fr")).toBe("R7K2: la remise est prévue le jeu. 3 déc. 09:00-11:00. Envoyez STATUT pour vérifier.");
    expect(scheduled("pt-BR")).toBe("R7K2: a entrega é qui., 3 de dez. 09:00-11:00. Envie SITUACAO para conferir.");
    expect(scheduled("ar")).toBe("R7K2: التسليم الخميس، 3 ديسمبر 09:00-11:00. أرسل حالة للتحقق.");
    // August in French and Saturday in Portuguese carry letters GSM-7 lacks: they lose the accent, not the segment.
    const august = { from: new Date(2026, 7, 1, 9, 0), to: new Date(2026, 7, 1, 10, 0) };
    expect(postNoticeText("fr", "R7K2", { event: "scheduled", window: august })).toContain("sam. 1 aout 09:00-10:00");
    expect(postNoticeText("pt-BR", "R7K2", { event: "scheduled", window: august })).toContain("sab., 1 de ago. 09:00-10:00");
  });

  it("folds names and areas into the alphabet and cuts long lists to one segment", () => {
    expect(statusReply("pt-BR", [{ code: "R7K2", category: "translation", status: "fulfilled" }])).toBe("R7K2 traducao: concluido");
    expect(statusReply("fr", [{ code: "R7K2", category: "eldercare", status: "matched" }])).toBe("R7K2 aide aux ainés: aide trouvée");
    expect(statusReply("ar", [{ code: "R7K2", category: "food", status: "open" }])).toBe("R7K2 طعام: مفتوح");
    expect(askAreaReply("pt-BR", ["São João", "Centro"])).toBe("Em que bairro voce esta? Sao Joao, Centro");
    // An area written in Arabic makes even a French reply UCS-2: it is cut to 70.
    expect(askAreaReply("fr", ["المركز", ...Array.from({ length: 20 }, (_, i) => `Quartier ${i}`)])).toHaveLength(70);
    const areas = Array.from({ length: 40 }, (_, i) => `Area ${i}`);
    for (const language of SMS_LANGUAGE_CODES) {
      const { alphabet } = SMS_LANGUAGES[language];
      expect(askAreaReply(language, areas)).toHaveLength(SEGMENT_LENGTH[alphabet]);
      const many = Array.from({ length: 30 }, () => ({ code: "R7K2", category: "medical_supplies" as const, status: "open" as const }));
      expect(statusReply(language, many)).toHaveLength(SEGMENT_LENGTH[alphabet]);
    }
  });
});

describe("the SMS languages", () => {
  it.each(SMS_LANGUAGE_CODES)("%s has every reply, notice, category and status name English has", (language) => {
    const pack = SMS_LANGUAGES[language];
    expect(Object.keys(pack.replies).sort()).toEqual(Object.keys(SMS_LANGUAGES.en.replies).sort());
    expect(Object.keys(pack.notices).sort()).toEqual(Object.keys(SMS_LANGUAGES.en.notices).sort());
    expect(Object.keys(pack.categoryNames).sort()).toEqual([...CATEGORIES].sort());
    expect(Object.keys(pack.statusNames).sort()).toEqual([...STATUSES].sort());
    for (const reply of [...Object.values(pack.replies), ...Object.values(pack.notices)]) {
      expect(typeof reply === "string" ? reply : reply("R7K2", "")).not.toBe("");
    }
  });

  it("does not compile a language that leaves out a reply", () => {
    const { help: _help, ...withoutHelp } = SMS_LANGUAGES.fr.replies;
    // @ts-expect-error: SmsReplies requires every reply (npm run check fails if this ever compiles).
    const incomplete: SmsLanguagePack = { ...SMS_LANGUAGES.fr, replies: withoutHelp };
    expect(Object.keys(incomplete.replies)).not.toContain("help");
  });
});
