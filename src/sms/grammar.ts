import type { Category, PostKind } from "../posts/post.schema.ts";
import { SMS_LANGUAGE_CODES, type SmsLanguage } from "./languages/index.ts";
import type { Keyword } from "./languages/language.ts";
import {
  NOT_QUANTITY,
  normalise,
  PEOPLE,
  type Phrase,
  STOP_FIRST,
  sameWord,
  speaking,
  WORDS,
  type Words,
  withoutArticle,
} from "./vocabulary.ts";

/**
 * The SMS grammar: what someone texts ("NEED FOOD 2 East side", "necesito comida 2
 * Riverside", "أحتاج طعام ٣ المركز") read into a post's kind, category, quantity and
 * area, or one of the keywords, with the language it was written in. The words are each
 * language's (./languages/, compiled in ./vocabulary.ts); this file is the reading. Pure:
 * no database, so that the table test can run every real-looking message through it.
 * Forgiving on purpose: case, accents, punctuation, emoji, extra words and one-letter
 * typos in longer words do not matter.
 *
 * The order matters, because a misread need is worse than a question: area names first
 * and exactly ("Santa Cruz" is a place, not Portuguese "janta"); then the message's
 * language; then its kind and category in that language only, exactly before with a typo.
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

/** Hint words change the conversation's language only when they outnumber its own by this many. */
const HINT_MARGIN = 2;

export interface ParseOptions {
  /**
   * The preferred language is only the network's default: nobody has written in it yet
   * (a number's first text, an e-mail), so hint words decide as soon as they lean one way.
   */
  networkDefault?: boolean;
}

/**
 * Reads a message. `preferred` is the language the conversation speaks so far (else the
 * network's): it wins when the words fit it as well as another language ("cancelar" is
 * Spanish and Portuguese; "STOP" is every language's), and typos are read in it when no
 * word of the message says otherwise.
 */
export function parseMessage(text: string, areas: readonly AreaName[], preferred?: SmsLanguage, options: ParseOptions = {}): ParsedMessage {
  const words = normalise(text)
    .split(" ")
    .filter((w) => w !== "");
  const first = words[0] ?? "";
  const keywordIn = speaking((w) => w.keywords.has(first) || w.keywords.has(withoutArticle(first)));
  // An area called "Alto" is an area, not Spanish STOP; the carriers' own words are theirs whatever the areas.
  const anArea = areas.some((a) => normalise(a.name) === first) && keywordIn.length < SMS_LANGUAGE_CODES.length;
  if (words.length === 1 && keywordIn.length > 0 && !anArea) {
    const language = preferredOr(keywordIn, preferred);
    const keyword = WORDS[language].keywords.get(first) ?? WORDS[language].keywords.get(withoutArticle(first))!;
    return { type: "keyword", keyword, language };
  }
  const cancelIn = speaking((w) => w.cancel.has(first));
  if (cancelIn.length > 0 && words.length <= 2) {
    return { type: "cancel", code: words[1]?.toUpperCase() ?? null, language: preferredOr(cancelIn, preferred) };
  }
  const found = new Found(words);
  const areaPhrases = areas
    // Without the Arabic article on both sides: "مركز" is the area "المركز".
    .map((a) => ({ words: normalise(a.name).split(" ").map(withoutArticle), value: a.areaId }))
    .sort((a, b) => b.words.length - a.words.length);
  const fields: DraftFields = {};
  const area = found.take(found.best(areaPhrases, { typos: false, firstInMessage: false }));
  const language = chooseLanguage(found, preferred, options.networkDefault ? 1 : HINT_MARGIN);
  // Without a word of any language, a typo is read in the conversation's language.
  const reading = language ?? preferred;
  let category: Match<Category> | undefined;
  if (reading !== undefined) {
    const vocabulary = WORDS[reading];
    for (const typos of [false, true]) {
      fields.kind ??= found.take(found.kind(vocabulary, typos))?.value;
      category ??= found.take(found.best(vocabulary.categories, { typos, firstInMessage: false }));
      if (typos && area === undefined) fields.areaId = found.take(found.best(areaPhrases, { typos, firstInMessage: false }))?.value;
    }
    fields.kind ??= found.weakOffer(vocabulary, /[?\u061f]/.test(text))?.value;
  } else if (area === undefined) {
    fields.areaId = found.take(found.best(areaPhrases, { typos: true, firstInMessage: false }))?.value;
  }
  fields.category = category?.value;
  if (area !== undefined) fields.areaId = area.value;
  fields.quantity = found.quantity(reading === undefined ? undefined : WORDS[reading], category);
  for (const key of Object.keys(fields) as (keyof DraftFields)[]) if (fields[key] === undefined) delete fields[key];
  if (STOP_FIRST.has(first) && fields.kind === undefined && fields.category === undefined) {
    return { type: "keyword", keyword: "stop", language: preferredOr(keywordIn, preferred) };
  }
  return { type: "post", fields, language };
}

/** The preferred language when it is one of them, else the first. */
function preferredOr(languages: readonly SmsLanguage[], preferred: SmsLanguage | undefined): SmsLanguage {
  return preferred !== undefined && languages.includes(preferred) ? preferred : languages[0]!;
}

/**
 * The message's language, or null when nothing in it spoke; area names say nothing. The
 * strongest signals first: the kind word (the first in the message, in any language), the
 * category words, and a script only one language uses; each narrows the candidates unless
 * it contradicts them. Among those left, hint words decide, but they take the message away
 * from the conversation's language only when they outnumber its own by `margin`.
 */
function chooseLanguage(found: Found, preferred: SmsLanguage | undefined, margin: number): SmsLanguage | null {
  const words = found.unused();
  const exactly = { typos: false, firstInMessage: true };
  const kinds = SMS_LANGUAGE_CODES.map(
    (language) => [language, found.best([...WORDS[language].kinds, ...WORDS[language].weakOffers], exactly)] as const,
  );
  const strongest = kinds.reduce<Match<unknown> | undefined>((best, [, match]) => (beats(match, best) ? match : best), undefined);
  const signals = [
    kinds
      .filter(([, match]) => strongest !== undefined && match?.start === strongest.start && match.length === strongest.length)
      .map(([language]) => language),
    speaking((w) => found.best(w.categories, exactly, strongest) !== undefined),
    speaking((w) => w.script !== undefined && words.some((word) => w.script!.test(word))),
  ];
  let candidates: readonly SmsLanguage[] | null = null;
  for (const signal of signals) {
    const both: readonly SmsLanguage[] = (candidates ?? signal).filter((language) => signal.includes(language));
    if (both.length > 0) candidates = both;
  }
  const hints = (language: SmsLanguage) => words.filter((word) => WORDS[language].hints.has(word)).length;
  const pool = candidates ?? SMS_LANGUAGE_CODES;
  const hinted = [...pool].sort((a, b) => hints(b) - hints(a))[0]!;
  if (preferred !== undefined && pool.includes(preferred) && hints(hinted) < hints(preferred) + margin) {
    return candidates === null && hints(preferred) === 0 ? null : preferred;
  }
  return candidates === null && hints(hinted) === 0 ? null : hinted;
}

/** A phrase found in the message: where, how many words, and what it means. */
interface Match<T> {
  start: number;
  length: number;
  value: T;
}

/** Whether a match comes before the best so far: earlier in the message, or where it starts and longer ("hace falta"). */
function beats(match: Match<unknown> | undefined, best: Match<unknown> | undefined): boolean {
  if (match === undefined) return false;
  return best === undefined || match.start < best.start || (match.start === best.start && match.length > best.length);
}

/** The words of one message, each used by at most one phrase. */
class Found {
  readonly #words: readonly string[];
  readonly #used: boolean[];

  constructor(words: readonly string[]) {
    this.#words = words;
    this.#used = words.map(() => false);
  }

  /**
   * The phrase that occurs among the words not used yet (nor in `besides`), exactly or
   * with typos: the first in the message ("offer a ride if you need": an offer), or the
   * longest and then the first in the list (an English "dog food" is food).
   */
  best<T>(phrases: readonly Phrase<T>[], how: { typos: boolean; firstInMessage: boolean }, besides?: Match<unknown>): Match<T> | undefined {
    const free = (i: number) => !this.#used[i] && (besides === undefined || i < besides.start || i >= besides.start + besides.length);
    let best: Match<T> | undefined;
    for (const { words, value } of phrases) {
      if (best !== undefined && !how.firstInMessage) break;
      for (let start = 0; start + words.length <= this.#words.length; start++) {
        if (words.every((part, i) => free(start + i) && sameWord(this.#words[start + i]!, part, how.typos))) {
          const match = { start, length: words.length, value };
          if (beats(match, best)) best = match;
          break;
        }
      }
    }
    return best;
  }

  /**
   * The first kind word that is not someone else's: after a relative ("pra quem precisa",
   * "who can help"), a kind word is another person's, and the words are passed over.
   */
  kind(words: Words, typos: boolean): Match<PostKind> | undefined {
    for (;;) {
      const match = this.best(words.kinds, { typos, firstInMessage: true });
      if (match === undefined || !words.notOffer.relatives.has(this.#words[match.start - 1] ?? "")) return match;
      this.take(match);
    }
  }

  /**
   * A weak offer word ("have", "tengo") that offers in this message, which has no kind
   * word: only when no word of the message negates, speaks of hunger or asks ("Tengo 2
   * hijos y no tenemos comida" is a need; a question back is better than a need posted as an offer).
   */
  weakOffer(words: Words, question: boolean): Match<PostKind> | undefined {
    const { questions, negations, hunger } = words.notOffer;
    if (question || this.#words.some((word) => questions.has(word) || negations.has(word) || hunger.has(word))) return undefined;
    return this.take(this.best(words.weakOffers, { typos: false, firstInMessage: true }));
  }

  /** The words no phrase has used yet. */
  unused(): string[] {
    return this.#words.filter((_, i) => !this.#used[i]);
  }

  /** Marks a match's words used; returns it. */
  take<T>(match: Match<T> | undefined): Match<T> | undefined {
    for (let i = 0; match !== undefined && i < match.length; i++) this.#used[match.start + i] = true;
    return match;
  }

  /**
   * A free-standing number from 1 to 999: digits, or a number word of the message's
   * language ("لخمسة" too). Not a time, an age, a duration or an address (NOT_QUANTITY).
   * The first beside the category word or a word for people, else the first. A number
   * word that is also an everyday word ("neuf": new or nine) counts only beside the
   * category word or alone.
   */
  quantity(words: Words | undefined, category: Match<unknown> | undefined): number | undefined {
    let first: { at: number; value: number } | undefined;
    for (let i = 0; i < this.#words.length; i++) {
      if (this.#used[i]) continue;
      const word = this.#words[i]!;
      const beside = category !== undefined && (i === category.start - 1 || i === category.start + category.length);
      const plain = !words?.ambiguousNumbers.has(word) || beside || this.#words.length === 1;
      const value = /^\d{1,3}$/.test(word) ? Number(word) : plain ? words?.numbers.get(withoutArticle(word)) : undefined;
      if (value === undefined || value < 1 || !this.#aQuantity(i)) continue;
      if (beside || PEOPLE.has(this.#words[i + 1] ?? "") || PEOPLE.has(this.#words[i - 1] ?? "")) {
        first = { at: i, value };
        break;
      }
      first ??= { at: i, value };
    }
    if (first !== undefined) this.#used[first.at] = true;
    return first?.value;
  }

  /** Whether the number at `i` may be a quantity: no time, age, duration or address word around it. */
  #aQuantity(i: number): boolean {
    const after = this.#words.slice(i + 1, i + 4);
    return (
      !NOT_QUANTITY.after.has(after[0] ?? "") &&
      !after.some((word) => NOT_QUANTITY.address.has(word)) &&
      !NOT_QUANTITY.before.has(this.#words[i - 1] ?? "")
    );
  }
}
