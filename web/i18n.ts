import { readFileSync } from "node:fs";
import i18next, { type TFunction } from "i18next";
import { ExpiringMap } from "../lib/expiring-map.ts";
import { networkTimeZone } from "../src/notifications/timing.ts";

/**
 * Interface languages, each named in itself. A new language is one more JSON file in
 * web/locales (web/locales/CODE.json, with the same keys as en.json and the plural forms
 * the language needs: test/i18n.test.ts checks) and one more line here.
 */
export const LANGUAGES = {
  en: "English",
  es: "Español",
  fr: "Français",
  "pt-BR": "Português (Brasil)",
  ar: "العربية",
} as const;
export type Language = keyof typeof LANGUAGES;
export const DEFAULT_LANGUAGE: Language = "en";

/**
 * Every number a text interpolates (counts, quantities, distances) is written as the
 * language writes numbers; thousands are grouped from 10,000 so that years stay as they are.
 * A moment (`{{until, moment}}`) is written as the language writes a date and a time, in the
 * `timeZone` the text is given (the reader's; else the network's), and a calendar day
 * (`{{day, day}}`, YYYY-MM-DD) as the language writes a date.
 */
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cachedFormat<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = formats.get(key);
  if (format === undefined) {
    format = make();
    formats.set(key, format);
  }
  return format as T;
}

/** A moment as stored: an ISO string, or (older notices) "YYYY-MM-DD HH:MM" in UTC. */
function momentOf(value: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(value) ? `${value.replace(" ", "T")}Z` : value);
}

function dateText(value: string, kind: "moment" | "day", language: string, zone: string): string {
  const at = kind === "day" ? new Date(`${value}T00:00:00Z`) : momentOf(value);
  if (Number.isNaN(at.getTime())) return value;
  // A calendar day has no zone; a moment is read in the reader's, or in UTC should theirs be unknown to Intl.
  const timeZone = kind === "day" ? "UTC" : zone;
  const options: Intl.DateTimeFormatOptions = kind === "day" ? { dateStyle: "medium" } : { dateStyle: "medium", timeStyle: "short" };
  const format = cachedFormat(`${language}|${kind}|${timeZone}`, () => {
    try {
      return new Intl.DateTimeFormat(language, { ...options, timeZone });
    } catch {
      return new Intl.DateTimeFormat(language, { ...options, timeZone: "UTC", timeZoneName: "short" });
    }
  });
  return format.format(at);
}

const textFormats = {
  type: "formatter" as const,
  init() {},
  add() {},
  addCached() {},
  format(value: unknown, format: string | undefined, language: string | undefined, options?: { timeZone?: unknown }) {
    if (language === undefined) return value;
    if ((format === "moment" || format === "day") && typeof value === "string") {
      return dateText(value, format, language, typeof options?.timeZone === "string" ? options.timeZone : networkTimeZone());
    }
    if (typeof value !== "number") return value;
    const numbers = cachedFormat(language, () => new Intl.NumberFormat(language, { useGrouping: "min2", maximumFractionDigits: 10 }));
    return numbers.format(value);
  },
};

const i18n = i18next.createInstance().use(textFormats);
await i18n.init({
  resources: Object.fromEntries(
    Object.keys(LANGUAGES).map((code) => [
      code,
      { translation: JSON.parse(readFileSync(new URL(`./locales/${code}.json`, import.meta.url), "utf8")) },
    ]),
  ),
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  // JSX escapes everything it renders; escaping here too would double-escape.
  interpolation: { escapeValue: false, alwaysFormat: true },
  initAsync: false,
});

export type Translate = TFunction;

/** Languages written right to left, by their first subtag. */
const RIGHT_TO_LEFT = new Set(["ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"]);

/** Which way a language is written: a page's `dir`. */
export function directionOf(language: string): "rtl" | "ltr" {
  return RIGHT_TO_LEFT.has(language.split("-")[0]!.toLowerCase()) ? "rtl" : "ltr";
}

/** At most this many texts are kept per language; past it, the one kept longest ago goes first. */
const TEXTS_KEPT = 4_000;
const translators = new Map<string, Translate>();

/**
 * The language's translator. A text is the same every time it is asked for with the same
 * key and the same plain values (strings, numbers), as the catalogues never change while
 * the process runs: it is looked up through i18next once and then kept. A board page asks
 * for about a hundred texts, most of them labels and the same few bylines.
 */
export function translatorFor(language: string): Translate {
  const code = language in LANGUAGES ? language : DEFAULT_LANGUAGE;
  let translate = translators.get(code);
  if (translate === undefined) {
    translate = keepingTexts(i18n.getFixedT(code));
    translators.set(code, translate);
  }
  return translate;
}

/** The key under which a text is kept, or null when its options are more than plain values. */
function keptAs(key: unknown, rest: unknown[]): string | null {
  if (typeof key !== "string") return null;
  if (rest.length === 0) return key;
  const [options] = rest;
  if (rest.length > 1 || typeof options !== "object" || options === null || Object.getPrototypeOf(options) !== Object.prototype)
    return null;
  const values = Object.values(options);
  return values.every((v) => typeof v === "string" || typeof v === "number") ? `${key}\u0000${JSON.stringify(options)}` : null;
}

function keepingTexts(t: Translate): Translate {
  const kept = new ExpiringMap<string, string>({ limit: TEXTS_KEPT });
  const translate = (key: unknown, ...rest: unknown[]): unknown => {
    const as = keptAs(key, rest);
    const known = as === null ? undefined : kept.get(as);
    if (known !== undefined) return known;
    const text: unknown = Reflect.apply(t, undefined, [key, ...rest]);
    if (as !== null && typeof text === "string") kept.set(as, text);
    return text;
  };
  // biome-ignore lint/plugin: the same call signatures as i18next's own; TFunction's overloads cannot be spelt by a wrapper.
  return translate as unknown as Translate;
}

/** The first supported language of an Accept-Language header (by its q weights), or the default. */
export function languageFromHeader(header: string | undefined): Language {
  const ranked = (header ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = Number(
        params
          .find((p) => p.trim().startsWith("q="))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter(({ q }) => q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const found = supportedLanguage(tag);
    if (found !== null) return found;
  }
  return DEFAULT_LANGUAGE;
}

/** `pt-BR` as itself, `es-MX` as `es`, `pt-PT` as `pt-BR`, anything unknown as null. */
export function supportedLanguage(tag: string): Language | null {
  const exact = Object.keys(LANGUAGES).find((code) => code.toLowerCase() === tag.toLowerCase());
  if (exact !== undefined) return exact as Language;
  const base = tag.split("-")[0]!.toLowerCase();
  return (Object.keys(LANGUAGES).find((code) => code.split("-")[0]!.toLowerCase() === base) as Language | undefined) ?? null;
}
