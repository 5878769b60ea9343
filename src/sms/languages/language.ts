import type { Category, PostKind, PostStatus } from "../../posts/post.schema.ts";

/** The one-word commands of the SMS grammar. */
export type Keyword = "status" | "stop" | "start" | "help";

/**
 * The character set a language's texts go out in: GSM-7 (160 characters a segment) when
 * every character is in its basic table, else UCS-2 (70 a segment). See ../segments.ts.
 */
export type SmsAlphabet = "gsm7" | "ucs2";

/**
 * What the grammar recognises in one language. Write words as people type them: case,
 * accents, Arabic hamza and alef forms, and a leading Arabic article do not matter (the
 * grammar normalises both the message and these lists). A phrase may also be listed by
 * another language, meaning the same or something else there (the grammar reads a word in
 * the message's language), but within a language a phrase means one thing.
 */
export interface SmsVocabulary {
  /** Whole-message commands. The carriers' English STOP, START and HELP work in every language anyway. */
  keywords: Record<Keyword, readonly string[]>;
  /** "CANCEL R7K2": the word before a post's code. */
  cancel: readonly string[];
  /** "need", "offer" and their everyday phrasings and common misspellings. */
  kinds: Record<PostKind, readonly string[]>;
  /**
   * Words that offer only in a text that does not ask for anything ("have", "tengo"):
   * "I have 3 kids and need food" needs, and so do "no tengo comida" and "we have no food"
   * (a negation), "tengo hambre" (a hunger word) and "anyone have water?" (a question: "?"
   * or a question word), wherever these words are in the text. A kind word right
   * after a relative is someone else's: "tenho roupas pra quem precisa" offers, "who can
   * help me with food?" does not.
   */
  weakOffer: {
    words: readonly string[];
    negations: readonly string[];
    hunger: readonly string[];
    questions: readonly string[];
    relatives: readonly string[];
  };
  /** Category names and everyday words for them. */
  categories: Partial<Record<Category, readonly string[]>>;
  /** Quantities written as words ("two"); digits are read in every language. */
  numbers: Readonly<Record<string, number>>;
  /** Number words that are everyday words too ("neuf": nine, or new): a quantity only beside the category word, or alone. */
  ambiguousNumbers?: readonly string[];
  /**
   * Common words that mark a message as this language when no kind or category word did.
   * Only words of this language alone: "de", "la", "no", "para" are several languages'.
   */
  hints: readonly string[];
  /** A script only this language uses here: any word written in it is a hint too. */
  script?: RegExp;
}

/** Every text sent back to someone, each within one segment of the language's alphabet (test/sms-grammar.test.ts). */
export interface SmsReplies {
  askKind: string;
  askCategory: string;
  /** Followed by the network's areas, cut to one segment. */
  askArea: string;
  handedOver: string;
  posted: (code: string) => string;
  help: string;
  started: string;
  noPosts: string;
  cancelled: (code: string) => string;
  notCancelled: (code: string) => string;
  cancelWhich: string;
}

/** Texts about a post's match: its code and at most a time window, never an address or another person's contact. */
export interface SmsNotices {
  matched: (code: string) => string;
  scheduled: (code: string, when: string) => string;
  cancelled: (code: string) => string;
}

/** One language of the SMS bridge: what it understands and what it answers. */
export interface SmsLanguagePack {
  alphabet: SmsAlphabet;
  /** The locale for Intl dates and times in notices. */
  locale: string;
  /** How a notice writes a handover's day (Intl options); the times follow as 09:00-11:00. */
  day: Intl.DateTimeFormatOptions;
  words: SmsVocabulary;
  replies: SmsReplies;
  notices: SmsNotices;
  /** Category names in STATUS replies and post titles, written properly (SMS folds them to GSM-7 where needed). */
  categoryNames: Record<Category, string>;
  /** Post statuses in STATUS replies. */
  statusNames: Record<PostStatus, string>;
  /** The public title of a post that came in by text: "a neighbour in AREA", never who. */
  title: (kind: PostKind, what: string, area: string) => string;
  /** The printable message card (/sms-card): an example request and offer, and everyday words for what. */
  card: { ask: string; offer: string; words: readonly string[] };
}
