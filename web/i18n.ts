import { readFileSync } from "node:fs";
import i18next, { type TFunction } from "i18next";

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
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const numbersInTexts = {
  type: "formatter" as const,
  init() {},
  add() {},
  addCached() {},
  format(value: unknown, _format: string | undefined, language: string | undefined) {
    if (typeof value !== "number" || language === undefined) return value;
    let format = numberFormats.get(language);
    if (format === undefined) {
      format = new Intl.NumberFormat(language, { useGrouping: "min2", maximumFractionDigits: 10 });
      numberFormats.set(language, format);
    }
    return format.format(value);
  },
};

const i18n = i18next.createInstance().use(numbersInTexts);
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

export function translatorFor(language: string): Translate {
  return i18n.getFixedT(language in LANGUAGES ? language : DEFAULT_LANGUAGE);
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
