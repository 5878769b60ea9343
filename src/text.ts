/** Escapes text for an HTML element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

/**
 * Remote text as we can store it: without NUL and other control characters (PostgreSQL
 * refuses NUL, and the rest only serves to confuse), keeping newlines and tabs, and
 * without bidirectional controls (see BIDI_CONTROLS).
 */
export function cleanText(text: string): string {
  return text.replace(CONTROLS_IN_TEXT_ALL, "").replace(BIDI_CONTROLS, "");
}

/**
 * Explicit bidirectional embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO, LRI,
 * RLI, FSI, PDI). They reorder the text after them, up to a whole line of someone else's
 * markup, so that a title can read as something it is not. We remove them from what
 * people type and from what other servers send, rather than isolating text on output:
 * the text also leaves through ActivityPub, CSV exports, calendars and e-mail, where no
 * <bdi> reaches, and ordinary right-to-left writing needs none of them (the implicit
 * marks LRM, RLM and ALM, which reorder nothing beyond their neighbours, are kept).
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** C0 controls other than tab and newline (and carriage return, which is made a newline), DEL, C1. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose.
const CONTROLS_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const CONTROLS_IN_TEXT_ALL = new RegExp(CONTROLS_IN_TEXT.source, "g");
/** Every control character, line breaks and tabs included: a single line has none. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose.
const CONTROLS_IN_LINE = /[\u0000-\u001F\u007F-\u009F]/;
/**
 * Text that shows nothing: white space, format characters (zero-width spaces and joiners,
 * word joiners, soft hyphens, bidirectional marks…), controls, and the blank letters
 * (Hangul fillers, the blank Braille pattern, the combining grapheme joiner). U+034F is in the
 * class on its own on purpose: it combines only by accident of its category.
 */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the class lists single invisible code points on purpose.
const INVISIBLE = /^[\s\p{Z}\p{Cf}\p{Cc}\u034F\u115F\u1160\u3164\uFFA0\u2800]*$/u;

/**
 * What a person typed, as it is checked and stored: without bidirectional controls,
 * trimmed, and in multi-line text with every line break a plain newline.
 */
export function normaliseTyped(text: string, multiline: boolean): string {
  const stripped = text.replace(BIDI_CONTROLS, "");
  return (multiline ? stripped.replace(/\r\n?/g, "\n") : stripped).trim();
}

/**
 * Why typed text (already normalised) cannot be accepted, or null: control characters
 * (a single line may not even hold a line break or a tab), or text that is not empty yet
 * shows nothing. Empty text is left to each field's own rule (required or optional).
 */
export function typedTextProblem(text: string, multiline: boolean): string | null {
  if ((multiline ? CONTROLS_IN_TEXT : CONTROLS_IN_LINE).test(text)) {
    return multiline
      ? "must not contain control characters (only text, line breaks and tabs)"
      : "must be one line of text, without control characters";
  }
  if (text !== "" && INVISIBLE.test(text)) return "must contain visible characters";
  return null;
}

/** At most `max` UTF-16 units of `text`, never ending in half of a surrogate pair (half an emoji). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
