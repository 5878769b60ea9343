import type { Category, PostKind } from "../posts/post.schema.ts";
import { SMS_LANGUAGE_CODES, SMS_LANGUAGES, type SmsLanguage } from "./languages/index.ts";
import type { Keyword, SmsVocabulary } from "./languages/language.ts";

/**
 * The SMS grammar: what someone texts ("NEED FOOD 2 East side", "necesito comida 2
 * Riverside", "أحتاج طعام ٣ المركز") read into a post's kind, category, quantity and
 * area, or one of the keywords, with the language it was written in. The words are each
 * language's (./languages/); this file is the reading. Pure: no database, so that the
 * table test can run every real-looking message through it. Forgiving on purpose: case,
 * accents, punctuation, emoji, extra words and one-letter typos in longer words do not matter.
 */
export type { Keyword };

export type ParsedMessage =
  | { type: "keyword"; keyword: Keyword; language: SmsLanguage | null }
  | { type: "cancel"; code: string | null; language: SmsLanguage | null }
  | { type: "post"; fields: DraftFields; language: SmsLanguage | null };

/** What a message said about the post; anything it did not say is absent. */
export interface DraftFields {
  kind?: PostKind;
  category?: Category;
  quantity?: number;
  /** The area's id, as found by name or alias. */
  areaId?: string;
}

/** A name (or admin-set alias) people may text for an area. */
export interface AreaName {
  name: string;
  areaId: string;
}

/** A phrase of the tables, what it means, and the languages that use it. */
type Entry<T> = readonly [phrase: string, value: T, languages: readonly SmsLanguage[]];

/**
 * The carriers' English keywords work whatever language someone texts in (opt-out rules),
 * so they belong to every language and do not change the conversation's.
 */
const CARRIER_KEYWORDS: Record<string, Keyword> = {
  stop: "stop",
  stopall: "stop",
  unsubscribe: "stop",
  start: "start",
  unstop: "start",
  help: "help",
  info: "help",
};

/**
 * One table of every language's phrases (normalised), a phrase used by several languages
 * listing them all. A phrase that means different things in two languages is a mistake in
 * the vocabularies and stops the server at start-up.
 */
function table<T>(pick: (words: SmsVocabulary) => Iterable<readonly [string, T]>): Entry<T>[] {
  const byPhrase = new Map<string, { value: T; languages: SmsLanguage[] }>();
  for (const language of SMS_LANGUAGE_CODES) {
    for (const [written, value] of pick(SMS_LANGUAGES[language].words)) {
      const phrase = normalise(written);
      const known = byPhrase.get(phrase);
      if (known === undefined) byPhrase.set(phrase, { value, languages: [language] });
      else if (known.value !== value) throw new Error(`SMS vocabularies: "${written}" means ${known.value} and ${value}`);
      else if (!known.languages.includes(language)) known.languages.push(language);
    }
  }
  return [...byPhrase].map(([phrase, { value, languages }]) => [phrase, value, languages] as const);
}

function* pairs<K extends string>(lists: Partial<Record<K, readonly string[]>>): Iterable<readonly [string, K]> {
  for (const [value, phrases] of Object.entries(lists) as [K, readonly string[]][]) for (const phrase of phrases) yield [phrase, value];
}

const KEYWORDS = new Map(
  table((words) => pairs(words.keywords)).map(([phrase, keyword, languages]) =>
    CARRIER_KEYWORDS[phrase] === undefined ? [phrase, { keyword, languages }] : [phrase, { keyword, languages: SMS_LANGUAGE_CODES }],
  ),
);
const CANCEL_WORDS = new Map(table((words) => words.cancel.map((word) => [word, "cancel"] as const)).map(([w, , l]) => [w, l]));
const KIND_WORDS = table((words) => pairs(words.kinds));
const CATEGORY_WORDS = table((words) => pairs(words.categories));
const NUMBER_WORDS = new Map(table((words) => Object.entries(words.numbers)).map(([word, value]) => [word, value]));
const HINTS = table((words) => words.hints.map((word) => [word, true] as const));

/**
 * Lower case, accents and emoji gone, punctuation as spaces: "¡Necesito  COMIDA!! 🙏" →
 * "necesito comida". Arabic keeps its letters with one spelling each: hamza and madda
 * on or under alef, waw and ya dropped (أ إ آ → ا, ؤ → و, ئ → ي), ى → ي, ة → ه,
 * diacritics and tatweel gone, and ٠-٩ (and Persian ۰-۹) as 0-9.
 */
export function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (digit) => String((digit.charCodeAt(0) - 0x0660) % 0x90))
    .replace(/\u0649/g, "\u064a")
    .replace(/\u0629/g, "\u0647")
    .replace(/\u0671/g, "\u0627")
    .replace(/\u0640/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9\u0621-\u063a\u0641-\u064a]+/g, " ")
    .trim();
}

/** An Arabic word without a leading article ("الطعام", "بالطعام", "للأطفال" → "طعام", "اطفال"), else the word. */
function withoutArticle(word: string): string {
  return word.replace(/^(?:[\u0648\u0641\u0628\u0643]?\u0627\u0644|\u0644\u0644)(?=[\u0621-\u064a]{3})/, "");
}

/**
 * Reads a message. `preferred` is the language the conversation speaks so far (else the
 * network's): it wins when the words fit it as well as another language ("cancelar" is
 * Spanish and Portuguese; "STOP" is every language's).
 */
export function parseMessage(text: string, areas: readonly AreaName[], preferred?: SmsLanguage): ParsedMessage {
  const words = normalise(text)
    .split(" ")
    .filter((w) => w !== "");
  const first = words[0] ?? "";
  const keyword = KEYWORDS.get(first) ?? KEYWORDS.get(withoutArticle(first));
  if (words.length === 1 && keyword !== undefined) {
    return { type: "keyword", keyword: keyword.keyword, language: chooseLanguage([keyword.languages], preferred) };
  }
  const cancel = CANCEL_WORDS.get(first);
  if (cancel !== undefined && words.length <= 2) {
    const code = words[1]?.toUpperCase() ?? null;
    return { type: "cancel", code, language: chooseLanguage([cancel], preferred) };
  }
  const found = new Found(words);
  const fields: DraftFields = {};
  const kind = found.phrase(KIND_WORDS);
  if (kind) fields.kind = kind.value;
  const category = found.phrase(CATEGORY_WORDS);
  if (category) fields.category = category.value;
  const area = found.phrase(areas.map((a) => [normalise(a.name), a.areaId, []] as const));
  if (area) fields.areaId = area.value;
  const quantity = found.quantity();
  if (quantity !== undefined) fields.quantity = quantity;
  const signals = [kind?.languages ?? [], category?.languages ?? [], hintedLanguages(words)];
  return { type: "post", fields, language: chooseLanguage(signals, preferred) };
}

/**
 * The language the signals agree on, the strongest first (the kind word, the category
 * word, then hints): each narrows the candidates unless it contradicts them. Among those
 * left, the preferred language, else the first in ./languages/index.ts; null when nothing spoke.
 */
function chooseLanguage(signals: readonly (readonly SmsLanguage[])[], preferred: SmsLanguage | undefined): SmsLanguage | null {
  let candidates: readonly SmsLanguage[] | null = null;
  for (const signal of signals) {
    const both: readonly SmsLanguage[] = (candidates ?? signal).filter((language) => signal.includes(language));
    if (both.length > 0) candidates = both;
  }
  if (candidates === null) return null;
  return preferred !== undefined && candidates.includes(preferred) ? preferred : candidates[0]!;
}

/** The languages with the most hint words in the message (a word in a language's own script counts). */
function hintedLanguages(words: readonly string[]): SmsLanguage[] {
  const counts = new Map<SmsLanguage, number>();
  for (const word of words) {
    const hinted = new Set(HINTS.find(([hint]) => hint === word)?.[2]);
    for (const language of SMS_LANGUAGE_CODES) if (SMS_LANGUAGES[language].words.script?.test(word)) hinted.add(language);
    for (const language of hinted) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  const most = Math.max(0, ...counts.values());
  return most === 0 ? [] : [...counts].filter(([, count]) => count === most).map(([language]) => language);
}

/** The words of one message, each used by at most one phrase. */
class Found {
  readonly #words: readonly string[];
  readonly #used: boolean[];

  constructor(words: readonly string[]) {
    this.#words = words;
    this.#used = words.map(() => false);
  }

  /** The longest phrase of the table that occurs (exactly, or with a typo in a long word). */
  phrase<T>(entries: readonly Entry<T>[]): { value: T; languages: readonly SmsLanguage[] } | undefined {
    const sorted = [...entries].sort((a, b) => b[0].split(" ").length - a[0].split(" ").length);
    for (const typos of [false, true]) {
      for (const [phrase, value, languages] of sorted) {
        const parts = phrase.split(" ");
        for (let start = 0; start + parts.length <= this.#words.length; start++) {
          const matches = parts.every((part, i) => !this.#used[start + i] && sameWord(this.#words[start + i]!, part, typos));
          if (matches) {
            for (let i = 0; i < parts.length; i++) this.#used[start + i] = true;
            return { value, languages };
          }
        }
      }
    }
    return undefined;
  }

  /** A free-standing number from 1 to 999, in digits or words. */
  quantity(): number | undefined {
    for (let i = 0; i < this.#words.length; i++) {
      if (this.#used[i]) continue;
      const word = this.#words[i]!;
      const value = /^\d{1,3}$/.test(word) ? Number(word) : NUMBER_WORDS.get(word);
      if (value !== undefined && value >= 1) {
        this.#used[i] = true;
        return value;
      }
    }
    return undefined;
  }
}

/** The word as written, without an Arabic article, or (when typos are allowed) one typo away. */
function sameWord(word: string, part: string, typos: boolean): boolean {
  const bare = withoutArticle(word);
  return word === part || bare === part || (typos && (closeEnough(word, part) || closeEnough(bare, part)));
}

/** One typo (a letter wrong, missing, extra, or two swapped) in a word of five letters or more. */
function closeEnough(word: string, target: string): boolean {
  if (target.length < 5 || Math.abs(word.length - target.length) > 1) return false;
  return editDistance(word, target) <= 1;
}

/** Optimal string alignment distance (Levenshtein plus adjacent swaps). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
