import type { ContactNotice } from "../notifications/ports.ts";
import type { SmsLanguage } from "./grammar.ts";

/** What happened to a post that someone known only by phone asked for or offered. */
export type PostNotice = ContactNotice;

/**
 * The texts for a post's news: the code and a time window at most, never an address or
 * the other person's contact (coordinators pass those on by hand, when allowed).
 */
export function postNoticeText(language: SmsLanguage, code: string, notice: PostNotice): string {
  const when = notice.event === "scheduled" ? windowText(language, notice.window) : "";
  if (language === "es") {
    if (notice.event === "matched") return `${code}: encontramos ayuda. Una persona coordinadora te escribira para los detalles.`;
    if (notice.event === "scheduled") return `${code}: la entrega es ${when}. Escribe ESTADO para verla.`;
    return `${code}: la entrega se cancelo. Seguimos buscando. Escribe ESTADO para verla.`;
  }
  if (notice.event === "matched") return `${code}: we found help. A coordinator will text you the details.`;
  if (notice.event === "scheduled") return `${code}: the handover is ${when}. Text STATUS to check.`;
  return `${code}: the handover was cancelled. We keep looking. Text STATUS to check.`;
}

/**
 * "Thu 3 Dec 09:00-11:00" / "3/12 09:00-11:00" in the network's time zone (TZ), in plain
 * GSM-7 (Spanish day names carry accents).
 */
function windowText(language: SmsLanguage, window: { from: Date; to: Date }): string {
  const time = (d: Date) => `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  const { from } = window;
  const day =
    language === "es"
      ? `${from.getDate()}/${from.getMonth() + 1}`
      : from.toLocaleDateString("en", { weekday: "short", day: "numeric", month: "short" });
  return `${day} ${time(from)}-${time(window.to)}`;
}
