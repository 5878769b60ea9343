import type { ContactNotice } from "../notifications/ports.ts";
import { SMS_LANGUAGES, type SmsLanguage } from "./languages/index.ts";
import { inAlphabet } from "./replies.ts";

/** What happened to a post that someone known only by phone asked for or offered. */
export type PostNotice = ContactNotice;

/**
 * The texts for a post's news, in the language of the person's conversation: the code
 * and a time window at most, never an address or the other person's contact
 * (coordinators pass those on by hand, when allowed). Each fits one segment with any
 * date (test/sms-replies.test.ts tries every day of a year).
 */
export function postNoticeText(language: SmsLanguage, code: string, notice: PostNotice): string {
  const { notices } = SMS_LANGUAGES[language];
  if (notice.event === "matched") return inAlphabet(language, notices.matched(code));
  if (notice.event === "scheduled") return inAlphabet(language, notices.scheduled(code, windowText(language, notice.window)));
  return inAlphabet(language, notices.cancelled(code));
}

/**
 * "Thu, Dec 3 09:00-11:00", "3/12 09:00-11:00", "jeu. 3 déc. 09:00-11:00": the day
 * written by Intl in the language's way, in the network's time zone (TZ).
 */
function windowText(language: SmsLanguage, window: { from: Date; to: Date }): string {
  const { locale, day } = SMS_LANGUAGES[language];
  const time = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", numberingSystem: "latn" });
  const date = new Intl.DateTimeFormat(locale, { ...day, numberingSystem: "latn" });
  return `${date.format(window.from)} ${time.format(window.from)}-${time.format(window.to)}`;
}
