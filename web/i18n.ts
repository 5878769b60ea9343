import i18next, { type TFunction } from "i18next";
import en from "./locales/en.json" with { type: "json" };
import es from "./locales/es.json" with { type: "json" };

/**
 * Interface languages. A new language is one more JSON file in web/locales with the same
 * keys as en.json (a test checks that they match), and one more entry here.
 */
export const LANGUAGES = { en: "English", es: "Español" } as const;
export type Language = keyof typeof LANGUAGES;
export const DEFAULT_LANGUAGE: Language = "en";

const i18n = i18next.createInstance();
await i18n.init({
  resources: { en: { translation: en }, es: { translation: es } },
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  // JSX escapes everything it renders; escaping here too would double-escape.
  interpolation: { escapeValue: false },
  initAsync: false,
});

export type Translate = TFunction;

export function translatorFor(language: string): Translate {
  return i18n.getFixedT(language in LANGUAGES ? language : DEFAULT_LANGUAGE);
}
