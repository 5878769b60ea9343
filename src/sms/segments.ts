import type { SmsAlphabet } from "./languages/language.ts";

/**
 * GSM 03.38's basic character table (its extension table, € [ ] { } ~ ^ | \, costs two
 * characters each and is left out). One character outside it turns the whole text into
 * UCS-2, whose segments hold 70 characters instead of 160.
 */
const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7 = new Set(GSM7_BASIC);

/** Characters GSM-7 lacks that are better spelled than stripped. */
const SPELLED: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u00ab": '"',
  "\u00bb": '"',
  "\u0153": "oe",
  "\u0152": "OE",
  "\u00a0": " ",
  "\u202f": " ",
};

/** The characters one SMS segment holds in each alphabet. */
export const SEGMENT_LENGTH: Record<SmsAlphabet, number> = { gsm7: 160, ucs2: 70 };

export function isGsm7(text: string): boolean {
  for (const char of text) if (!GSM7.has(char)) return false;
  return true;
}

/**
 * Text for a GSM-7 message: letters GSM-7 lacks lose their accent (ç → c, ã → a, ê → e),
 * the ones it has stay (é, à, ñ), and typographic quotes become plain ones. Used on what
 * the replies did not write themselves: category names, dates from Intl, areas.
 */
export function toGsm7(text: string): string {
  let folded = "";
  for (const char of text) folded += GSM7.has(char) ? char : (SPELLED[char] ?? char.normalize("NFD").replace(/\p{M}/gu, ""));
  return folded;
}

/** Cuts a text to one segment of the alphabet it needs (an Arabic area name makes a French reply UCS-2), marking the cut with "...". */
export function cutToSegment(text: string): string {
  const limit = SEGMENT_LENGTH[isGsm7(text) ? "gsm7" : "ucs2"];
  return text.length <= limit ? text : `${text.slice(0, limit - 3)}...`;
}
