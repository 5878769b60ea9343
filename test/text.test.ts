import { describe, expect, it } from "vitest";
import { InvalidFieldsError } from "../src/errors.ts";
import { sanitizeRemoteHtml } from "../src/posts/response.service.ts";
import { cleanText, normaliseTyped, truncate, typedTextProblem } from "../src/text.ts";
import { checkTypedText, typedText, UNACCEPTABLE_TEXT } from "../src/validation.ts";

/** The rule every text field applies: the stored text, or the reason it is refused. */
const check = (text: string, multiline = false) => {
  const parsed = typedText({ max: 200, min: 1, multiline }).safeParse(text);
  return parsed.success ? { kept: parsed.data } : { refused: parsed.error.issues[0]!.message };
};

describe("typed text", () => {
  it("refuses text made only of invisible characters", () => {
    for (const invisible of [
      "\u200B\u200B\u200B", // zero-width spaces
      "\u200C\u200D\u2060\uFEFF", // joiners, word joiner, BOM
      "\u00AD\u00AD", // soft hyphens
      "\u200E\u200F\u061C", // bidirectional marks
      "\u3164\u3164", // Hangul filler
      "\u2800 \u2800", // blank Braille
      "\u200B\u00A0\u2003\u3000", // wide and non-breaking spaces
    ]) {
      expect(check(invisible), JSON.stringify(invisible)).toEqual({ refused: "must contain visible characters" });
    }
  });

  it("refuses control characters; multi-line text may hold line breaks and tabs", () => {
    expect(check("Rice\u0000")).toEqual({ refused: "must be one line of text, without control characters" });
    expect(check("Rice\u0007 for the shelter")).toEqual({ refused: "must be one line of text, without control characters" });
    expect(check("Rice\nfor the shelter")).toEqual({ refused: "must be one line of text, without control characters" });
    expect(check("Rice\u0085")).toEqual({ refused: "must be one line of text, without control characters" });
    expect(check("Rice\u001Bfor", true)).toEqual({ refused: "must not contain control characters (only text, line breaks and tabs)" });
    expect(check("Rice\r\nfor\tthe\rshelter", true)).toEqual({ kept: "Rice\nfor\tthe\nshelter" });
  });

  it("removes bidirectional overrides and isolates, and keeps right-to-left text and its marks", () => {
    expect(check("\u202Egnp.exe\u202C photo")).toEqual({ kept: "gnp.exe photo" });
    expect(check("\u2067Rice\u2069 \u2066x\u2069 \u2068y\u2069 \u202Az\u202B")).toEqual({ kept: "Rice x y z" });
    // Only overrides: nothing is left, and an empty title is refused as any empty one is.
    expect(check("\u202E\u202D\u2066")).toEqual({ refused: "use at least 1 characters" });
    expect(check("أرز للملجأ\u200F (5 kg)")).toEqual({ kept: "أرز للملجأ\u200F (5 kg)" });
    expect(check("אורז")).toEqual({ kept: "אורז" });
  });

  it("accepts ordinary text in any script, with emoji and joiners inside words", () => {
    for (const text of ["Rice for the shelter", "Arroz para el albergue 🍚", "👩‍👩‍👧 family of three", "Ĉiuj homoj", "米 5 kg"]) {
      expect(check(text)).toEqual({ kept: text });
    }
  });

  it("marks what it refuses as unacceptable values, so that the API answers 422", () => {
    const parsed = typedText({ max: 10 }).safeParse("\u200B");
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ code: "custom", params: UNACCEPTABLE_TEXT });
  });

  it("names the field when used outside a schema", () => {
    expect(() => checkTypedText("displayName", "\u200B\u200D", { max: 100 })).toThrow(InvalidFieldsError);
    expect(() => checkTypedText("displayName", "\u200B\u200D", { max: 100 })).toThrow("displayName: must contain visible characters");
    expect(checkTypedText("displayName", "  Ana\u202E  ", { max: 100 })).toBe("Ana");
  });

  it("has its pure parts usable alone", () => {
    expect(normaliseTyped(" a\r\nb ", true)).toBe("a\nb");
    expect(typedTextProblem("", false)).toBeNull();
    expect(cleanText("a\u0000b\u202Ec\u0085d\ne")).toBe("abcd\ne");
  });
});

describe("remote HTML", () => {
  it("is cut before it is sanitised, so a cut inside a tag leaves no tag open", () => {
    const long = `<p>${"a".repeat(19_980)} <a href="https://evil.example/steal?x=${"b".repeat(100)}">here</a> more</p>`;
    const stored = sanitizeRemoteHtml(long);
    expect(stored).not.toContain("evil.example");
    expect(stored).toMatch(/^<p>a+ <\/p>$/);
  });

  it("keeps a whole link that fits, with our rel in place of the sender's", () => {
    expect(sanitizeRemoteHtml('<p>see <a href="https://x.example/" rel="me">this</a></p>')).toBe(
      '<p>see <a href="https://x.example/" rel="nofollow noopener noreferrer">this</a></p>',
    );
  });

  it("never cuts an emoji in half", () => {
    expect(truncate("ab🍚", 3)).toBe("ab");
    expect(truncate("ab🍚", 4)).toBe("ab🍚");
  });
});
