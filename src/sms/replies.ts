import type { Category, PostKind, PostStatus } from "../posts/post.schema.ts";
import { SMS_LANGUAGES, type SmsLanguage } from "./languages/index.ts";
import type { SmsReplies } from "./languages/language.ts";
import { cutToSegment, toGsm7 } from "./segments.ts";

/**
 * Everything the network texts back, in the sender's language (the texts are in
 * ./languages/). Each fits one SMS segment of its language's alphabet; what comes from
 * elsewhere (category names, areas) is folded to GSM-7 for GSM-7 languages and the
 * whole cut to one segment. Nothing here ever names an address or another person's contact.
 */
export function repliesIn(language: SmsLanguage): SmsReplies {
  return SMS_LANGUAGES[language].replies;
}

/** "Which area are you in? East side, Riverside", cut to one segment. */
export function askAreaReply(language: SmsLanguage, areas: readonly string[]): string {
  return smsText(language, `${repliesIn(language).askArea} ${areas.join(", ")}`);
}

/** The public title of a post that came in by SMS: "a neighbour in AREA", never who. */
export function intakeTitle(language: SmsLanguage, kind: PostKind, category: Category, area: string): string {
  const pack = SMS_LANGUAGES[language];
  return pack.title(kind, pack.categoryNames[category], area);
}

/** "R7K2 food: matched; K3M9 transport: open", cut to one segment. */
export function statusReply(language: SmsLanguage, items: readonly { code: string; category: Category; status: PostStatus }[]): string {
  if (items.length === 0) return repliesIn(language).noPosts;
  const { categoryNames, statusNames } = SMS_LANGUAGES[language];
  return smsText(language, items.map((i) => `${i.code} ${categoryNames[i.category]}: ${statusNames[i.status]}`).join("; "));
}

/** A text with parts of any length (areas, a list of posts), as it can be sent in one segment of the language's alphabet. */
function smsText(language: SmsLanguage, text: string): string {
  return cutToSegment(inAlphabet(language, text));
}

/** A text whose parts came from elsewhere (names, Intl dates), its letters folded to GSM-7 for a GSM-7 language. */
export function inAlphabet(language: SmsLanguage, text: string): string {
  return SMS_LANGUAGES[language].alphabet === "gsm7" ? toGsm7(text) : text;
}
