import { InvalidFieldsError } from "../errors.ts";
import { CATEGORIES, type Category, type PostKind } from "../posts/post.schema.ts";
import { hashtagName } from "../posts/post-note.ts";

/** The one sentence an app shows when a status is not a post Mycelium can take. */
export const STATUS_FORMAT =
  "Start with #request or #offer, add a category hashtag such as #food or #transport " +
  "(and an area hashtag such as #EastSide if you like), then say what is needed or offered.";

export interface StatusPost {
  kind: PostKind;
  category: Category;
  title: string;
  details: string;
  /** The service area an area hashtag named, if any. */
  area: string | null;
}

const HASHTAG = /(^|[^\p{L}\p{N}_&#/)])#([\p{L}\p{N}_]+)/gu;

/**
 * Reads a status written in a Mastodon app as a post: `#request`/`#offer`, a category
 * hashtag, optionally an area hashtag; the rest of the text is the title (first line) and
 * the details. Anything else is refused with the format in one sentence.
 */
export function readStatusText(text: string, areaNames: readonly string[]): StatusPost {
  const tags = [...text.matchAll(HASHTAG)].map((m) => m[2]!.toLowerCase());
  const kinds = tags.filter((t): t is PostKind => t === "request" || t === "offer");
  const categories = CATEGORIES.filter((c) => tags.includes(hashtagName(c).toLowerCase()));
  if (new Set(kinds).size !== 1 || categories.length !== 1) throw new InvalidFieldsError({ status: STATUS_FORMAT });
  const area = areaNames.find((name) => tags.includes(hashtagName(name).toLowerCase())) ?? null;
  const lines = text
    .replace(HASHTAG, "$1")
    .split("\n")
    .map((line) => line.replace(/[ \t]+/g, " ").trim());
  const first = lines.findIndex((line) => line !== "");
  const title = first < 0 ? "" : lines[first]!;
  const details =
    first < 0
      ? ""
      : lines
          .slice(first + 1)
          .join("\n")
          .trim();
  return { kind: kinds[0]!, category: categories[0]!, title, details, area };
}
