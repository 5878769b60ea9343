import { escapeHtml } from "../text.ts";
import type { PostView } from "./post.view.ts";

// A post in plain words, as Mastodon shows it: what, where, by when, how urgent; the status
// once it is closed; hashtags; the link to its page. The federated Note and the statuses
// of the Mastodon client API both use it, so followers and members' apps read the same
// privacy-safe text (built from a post's public view, never from the row).

export type Translate = (key: string, values?: Record<string, unknown>) => string;

/** What the text is made of: our posts' public views, and sibling networks' posts alike. */
export type NoteFields = Pick<
  PostView,
  "kind" | "category" | "title" | "details" | "quantity" | "unit" | "urgency" | "area" | "neededBy" | "availableUntil" | "status"
>;

/** A hashtag (without its #) and the board filtered by it. */
export interface PostTag {
  name: string;
  href: string;
}

/** "East side" → "EastSide": a hashtag Mastodon can link. */
export function hashtagName(words: string): string {
  return words
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}\s_]/gu, "")
    .split(/[\s_]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

/** Each hashtag links to the board showing what it names: #MutualAid to the whole board. */
export function postHashtags(post: Pick<NoteFields, "kind" | "category" | "area">, origin: string | URL): PostTag[] {
  const board = (query: string) => new URL(query === "" ? "/" : `/?${query}`, origin).href;
  const tags: PostTag[] = [
    { name: "MutualAid", href: board("") },
    { name: post.kind === "offer" ? "Offer" : "Request", href: board(`kind=${post.kind}`) },
    { name: hashtagName(post.category), href: board(`category=${post.category}`) },
    { name: hashtagName(post.area), href: board(`area=${encodeURIComponent(post.area)}`) },
  ];
  return tags.filter((tag) => tag.name !== "");
}

export function postNoteHtml(post: NoteFields, t: Translate, tags: PostTag[], pageUrl: string): string {
  const p = (text: string) => `<p>${text}</p>`;
  const parts: string[] = [];
  if (post.status !== "open" && post.status !== "partially_matched") {
    parts.push(p(`<strong>${escapeHtml(t(`note.closed.${post.status}`))}</strong>`));
  }
  parts.push(p(`<strong>${escapeHtml(t(`kind.${post.kind}`))}</strong> · ${escapeHtml(post.title)}`));
  if (post.details) parts.push(p(escapeHtml(post.details).replaceAll("\n", "<br>")));
  const facts = [t(`category.${post.category}`), t("note.inArea", { area: post.area }), t(`urgency.${post.urgency}`)];
  if (post.quantity !== null) facts.push(t("post.quantity", { quantity: post.quantity, unit: post.unit ?? "" }).trim());
  if (post.neededBy) facts.push(t("post.neededBy", { date: post.neededBy }));
  if (post.availableUntil) facts.push(t("post.availableUntil", { date: post.availableUntil }));
  parts.push(p(escapeHtml(facts.join(" · "))));
  parts.push(p(hashtagLinks(tags)));
  parts.push(p(`<a href="${escapeHtml(pageUrl)}">${escapeHtml(pageUrl)}</a>`));
  return parts.join("");
}

/** Hashtags as Mastodon marks them up in a status's HTML. */
export function hashtagLinks(tags: PostTag[]): string {
  return tags
    .map((tag) => `<a href="${escapeHtml(tag.href)}" class="mention hashtag" rel="tag">#<span>${escapeHtml(tag.name)}</span></a>`)
    .join(" ");
}
