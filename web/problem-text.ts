import { InvalidFieldsError, InvalidInputError, RateLimitedError } from "../src/errors.ts";
import { RESTRICTED_ACTS } from "../src/safety/restrictions.ts";
import type { Translate } from "./i18n.ts";
import en from "./locales/en.json" with { type: "json" };

/**
 * The domain and zod speak English: a refusal's reason is an English sentence. Each
 * sentence a reader may meet has a template under `problems` in every catalogue, and the
 * English template is how a reason is recognised (`use at least {{min}} characters`);
 * it is then said again in the reader's language. A reason without a template stays
 * English. The machine parts of an error (field names, codes) never change.
 */
interface Template {
  key: string;
  pattern: RegExp;
  names: string[];
}

/**
 * Placeholders that may hold several words (a list of options, zod's detail, a status such as "in progress", a group's
 * name); the others are one token (a number, a username, an id).
 */
const WORDY = new Set(["options", "detail", "status", "action", "what", "group", "thing", "uri"]);

/** The catalogue key of a word of the domain, given the English word. */
type WordKey = (word: string) => string | undefined;
/** A word under a section, by its code: `partially matched` is `status.partially_matched`. */
const under =
  (section: string): WordKey =>
  (word) =>
    `${section}.${word.replaceAll(" ", "_")}`;
const restrictionKinds = new Map(Object.entries(RESTRICTED_ACTS).map(([kind, words]) => [words, kind]));

/**
 * Placeholders that hold a word of the domain (a post's status, a match's action, what kind of thing is meant, what a
 * restriction forbids), by template: the catalogue's own text for the word stands in for the English one. A word the
 * catalogue lacks stays as it was.
 */
const DOMAIN_WORDS: Record<string, Record<string, WordKey>> = {
  postIsStatus: { thing: under("problemWords.thing"), status: under("status") },
  postIsNow: { status: under("status") },
  noSuchThing: { thing: under("problemWords.thing") },
  matchCannotChange: { status: under("match.status"), action: under("problemWords.matchAction") },
  proposalAlready: { status: under("handbook.proposals.status") },
  responseAlready: { status: under("responses.status") },
  followAlready: { status: under("problemWords.followState") },
  underAgreement: { what: (words) => restrictionKinds.get(words) && `problemWords.restriction.${restrictionKinds.get(words)}` },
};

/** A template's placeholder: `{{name}}`, or `{{name, format}}` when the catalogue formats the value (a moment). */
const PLACEHOLDER = /^\{\{(\w+)(?:,\s*\w+)?\}\}$/;

const templates: Template[] = Object.entries(en.problems)
  .map(([key, text]) => {
    const names: string[] = [];
    const source = text
      .split(/(\{\{\w+(?:,\s*\w+)?\}\})/)
      .map((part) => {
        const name = PLACEHOLDER.exec(part)?.[1];
        if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        names.push(name);
        return WORDY.has(name) ? "(.+)" : "(\\S+)";
      })
      .join("");
    return { key, pattern: new RegExp(`^${source}$`), names, literal: text.replace(/\{\{[^}]+\}\}/g, "").length };
  })
  // The most specific template first: `use at least {{min}} characters` before `use at least {{min}}`.
  .sort((a, b) => b.literal - a.literal);

/** The template an English reason or message is said by, with its placeholders' values; undefined when none fits. */
export function problemTemplate(message: string): { key: string; values: Record<string, string> } | undefined {
  for (const { key, pattern, names } of templates) {
    const match = pattern.exec(message);
    if (match !== null) return { key, values: Object.fromEntries(names.map((name, i) => [name, match[i + 1]!])) };
  }
  return undefined;
}

/**
 * A reason or message in the reader's language, when the catalogue knows it; otherwise as it was. A reason that
 * names its field first (`scope: unknown scope …`) keeps the field's name and says the rest again. A moment it
 * names is in `timeZone` (the reader's), else the network's.
 */
export function problemText(t: Translate, message: string, timeZone?: string | null): string {
  const template = problemTemplate(message);
  if (template === undefined) {
    const named = /^([\w.[\]]+): (.+)$/s.exec(message);
    return named === null || problemTemplate(named[2]!) === undefined ? message : `${named[1]}: ${problemText(t, named[2]!, timeZone)}`;
  }
  const words = DOMAIN_WORDS[template.key] ?? {};
  const values = Object.fromEntries(
    Object.entries(template.values).map(([name, value]) => {
      const key = words[name]?.(value);
      return [name, key === undefined ? value : t(key, { defaultValue: value }).toLowerCase()];
    }),
  );
  return t(`problems.${template.key}`, timeZone ? { ...values, timeZone } : values);
}

/** Field errors with each reason in the reader's language; the field names stay as they are. */
export function translatedFields(t: Translate, fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([field, reason]) => [field, problemText(t, reason)]));
}

/** The JSON body of an error, its message and reasons in the reader's language. */
export function problemBody(t: Translate, error: Error): Record<string, unknown> {
  if (error instanceof InvalidFieldsError) {
    const fields = translatedFields(t, error.fields);
    const message = Object.entries(fields)
      .map(([field, reason]) => `${field}: ${reason}`)
      .join("; ");
    return { error: message, fields };
  }
  if (error instanceof InvalidInputError) {
    const reason = problemText(t, error.message.slice(error.field.length + 2));
    return { error: `${error.field}: ${reason}`, fields: { [error.field]: `${error.field}: ${reason}` } };
  }
  if (error instanceof RateLimitedError) {
    const count = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
    return { error: t("errors.rateLimited", { count }), limit: error.limit, retryAfterSeconds: error.retryAfterSeconds };
  }
  return { error: problemText(t, error.message) };
}
