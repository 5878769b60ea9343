import { ar } from "./ar.ts";
import { en } from "./en.ts";
import { es } from "./es.ts";
import { fr } from "./fr.ts";
import type { SmsLanguagePack } from "./language.ts";
import { ptBR } from "./pt-BR.ts";

/**
 * The languages texts are understood and answered in, by the web locale's code. Adding
 * one is a file like ./fr.ts and a line here. The first is the fallback when nothing
 * else decides.
 */
export const SMS_LANGUAGES = { en, es, fr, "pt-BR": ptBR, ar } satisfies Record<string, SmsLanguagePack>;

export type SmsLanguage = keyof typeof SMS_LANGUAGES;

export const SMS_LANGUAGE_CODES = Object.keys(SMS_LANGUAGES) as SmsLanguage[];

/** The SMS language for a language tag ("pt" and "pt-PT" read pt-BR, "es-MX" es), or null when there is none. */
export function smsLanguage(tag: string | null | undefined): SmsLanguage | null {
  if (!tag) return null;
  const lower = tag.toLowerCase();
  return (
    SMS_LANGUAGE_CODES.find((code) => code.toLowerCase() === lower) ??
    SMS_LANGUAGE_CODES.find((code) => code.split("-")[0]!.toLowerCase() === lower.split("-")[0]) ??
    null
  );
}
