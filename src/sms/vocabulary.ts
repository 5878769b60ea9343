import type { Category, PostKind } from "../posts/post.schema.ts";
import { SMS_LANGUAGE_CODES, SMS_LANGUAGES, type SmsLanguage } from "./languages/index.ts";
import type { Keyword, SmsVocabulary } from "./languages/language.ts";

// The words of ./languages/ as the grammar (./grammar.ts) reads them: normalised, kept
// per language, so that one word may mean one thing in one language and another thing in
// another (Spanish "abrigo" is a coat, Portuguese "abrigo" a shelter). A phrase that means
// two things within one language is a mistake in its vocabulary and stops the server at start-up.

/** A phrase of one language, as its words, and what it means there. */
export interface Phrase<T> {
  words: readonly string[];
  value: T;
}

/** One language's words, normalised. Phrases longest first, then in the language's own order. */
export interface Words {
  keywords: ReadonlyMap<string, Keyword>;
  cancel: ReadonlySet<string>;
  kinds: readonly Phrase<PostKind>[];
  /** SmsVocabulary.weakOffer: phrases that offer only where nothing says otherwise, and the words that do. */
  weakOffers: readonly Phrase<"offer">[];
  notOffer: Record<"negations" | "hunger" | "questions" | "relatives", ReadonlySet<string>>;
  categories: readonly Phrase<Category>[];
  numbers: ReadonlyMap<string, number>;
  ambiguousNumbers: ReadonlySet<string>;
  hints: ReadonlySet<string>;
  script?: RegExp;
}

/**
 * The carriers' English keywords work whatever language someone texts in (opt-out rules),
 * so they belong to every language and do not change the conversation's. Twilio blocks a
 * number that texts any of its opt-out words alone (a bare CANCEL too), so each is STOP here.
 */
const CARRIER_KEYWORDS: Record<string, Keyword> = {
  stop: "stop",
  stopall: "stop",
  unsubscribe: "stop",
  end: "stop",
  quit: "stop",
  optout: "stop",
  revoke: "stop",
  cancel: "stop",
  start: "start",
  unstop: "start",
  help: "help",
  info: "help",
};

/**
 * What makes a number not a quantity, in every language (digits are read in every
 * language, and an age or an address must not reach a public post): a word right after it
 * (a time, an age, a duration, "123 Main St" within three words), or right before it.
 */
export const NOT_QUANTITY = {
  after: new Set(
    ["am", "pm", "h", "hrs", "hours", "yr", "yrs", "year", "years", "yo", "days", "weeks", "años", "anos", "ans", "días", "dias", "jours"]
      .concat(["semanas", "semaines", "horas", "heures", "ايام", "سنه", "سنين", "ساعه", "ساعات"])
      .map(normalise),
  ),
  address: new Set(["st", "street", "ave", "avenue", "rd", "road", "blvd"]),
  before: new Set(
    ["m", "im", "age", "aged", "since", "at", "calle", "rua", "rue", "avenida", "av", "size", "talla", "tamanho", "taille", "edad"]
      .concat(["idade", "depuis", "desde", "as", "às", "a", "las", "عمري", "منذ", "الساعه"])
      .map(normalise),
  ),
};

/** Words for people: a number beside one is the quantity before any other number. */
export const PEOPLE: ReadonlySet<string> = new Set(
  ["people", "ppl", "persons", "personas", "pessoas", "personnes", "اشخاص", "افراد"].map(normalise),
);

/** Words that stop texts even with more words after them ("STOP ALL", "stop texting me") that say nothing else. */
export const STOP_FIRST: ReadonlySet<string> = new Set(["stop", "stopall", "unsubscribe"]);

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

/**
 * An Arabic word without a leading article or a joined "and", "with", "for" ("الطعام",
 * "بالطعام", "للأطفال", "وطعام", "بملابس", "لخمسة" → "طعام", "اطفال", "ملابس", "خمسه"), else the word.
 */
export function withoutArticle(word: string): string {
  return word.replace(/^(?:[\u0648\u0641\u0628\u0643]?\u0627\u0644|\u0644\u0644|[\u0648\u0628\u0644])(?=[\u0621-\u064a]{3})/, "");
}

/** A language's phrases for each meaning, normalised, longest first; throws on a phrase listed for two meanings. */
function phrases<T extends string>(language: string, lists: Partial<Record<T, readonly string[]>>): Phrase<T>[] {
  const meaning = new Map<string, T>();
  for (const [value, written] of Object.entries(lists) as [T, readonly string[]][]) {
    for (const phrase of written) {
      const known = meaning.get(normalise(phrase));
      if (known !== undefined && known !== value) throw new Error(`SMS vocabulary ${language}: "${phrase}" means ${known} and ${value}`);
      meaning.set(normalise(phrase), value);
    }
  }
  return [...meaning].map(([phrase, value]) => ({ words: phrase.split(" "), value })).sort((a, b) => b.words.length - a.words.length);
}

/** One language's vocabulary as the grammar reads it; throws on a phrase listed for two meanings. */
export function compile(language: string, words: SmsVocabulary): Words {
  const keywords = phrases(language, words.keywords);
  return {
    keywords: new Map([...Object.entries(CARRIER_KEYWORDS), ...keywords.map(({ words, value }) => [words.join(" "), value] as const)]),
    cancel: new Set(words.cancel.map(normalise)),
    kinds: phrases(language, words.kinds),
    weakOffers: phrases(language, { offer: words.weakOffer.words }),
    notOffer: {
      negations: new Set(words.weakOffer.negations.map(normalise)),
      hunger: new Set(words.weakOffer.hunger.map(normalise)),
      // "quelqu'un" is "quelqu un" once normalised: its first word says it.
      questions: new Set(words.weakOffer.questions.map((word) => normalise(word).split(" ")[0]!)),
      relatives: new Set(words.weakOffer.relatives.map(normalise)),
    },
    // "Need a ride to the shelter" is a ride: a transport word says what before any other.
    categories: phrases(language, words.categories).sort((a, b) => Number(b.value === "transport") - Number(a.value === "transport")),
    numbers: new Map(Object.entries(words.numbers).map(([word, value]) => [normalise(word), value])),
    ambiguousNumbers: new Set((words.ambiguousNumbers ?? []).map(normalise)),
    hints: new Set(words.hints.map(normalise)),
    ...(words.script === undefined ? {} : { script: words.script }),
  };
}

export const WORDS: Record<SmsLanguage, Words> = Object.fromEntries(
  SMS_LANGUAGE_CODES.map((code) => [code, compile(code, SMS_LANGUAGES[code].words)]),
) as Record<SmsLanguage, Words>;

/** The languages whose words pass the test, in ./languages/index.ts order. */
export function speaking(test: (words: Words) => boolean): SmsLanguage[] {
  return SMS_LANGUAGE_CODES.filter((language) => test(WORDS[language]));
}

/** Every word some language lists (kinds, categories, numbers, keywords, hints): never read as another word's typo. */
const LISTED = new Set(
  Object.values(WORDS).flatMap((words) => [
    ...[...words.kinds, ...words.weakOffers, ...words.categories].flatMap((phrase) => phrase.words),
    ...words.numbers.keys(),
    ...[...words.keywords.keys(), ...words.hints].flatMap((phrase) => phrase.split(" ")),
  ]),
);

/**
 * The word as written or without an Arabic article; when typos are allowed, also one
 * typo away, unless the word is one that some language lists as it is ("chats" is
 * French for cats, so it is never a typo of anything).
 */
export function sameWord(word: string, part: string, typos: boolean): boolean {
  const bare = withoutArticle(word);
  if (word === part || bare === part) return true;
  return typos && !LISTED.has(word) && !LISTED.has(bare) && (closeEnough(word, part) || closeEnough(bare, part));
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
