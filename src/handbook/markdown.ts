import MarkdownIt, { type Token } from "markdown-it";
import sanitizeHtml from "sanitize-html";

/** A heading the table of contents links to. */
export interface TocEntry {
  level: number;
  id: string;
  text: string;
}

export interface RenderedPage {
  /** Sanitised HTML, safe to put into a page as it is. */
  html: string;
  /** The page's second- and third-level headings, in order. */
  toc: TocEntry[];
}

/**
 * markdown-it with raw HTML off (it is shown as text) and its link check on (javascript:,
 * vbscript:, file: and data: links stay text). Images are off: a picture from another server
 * would tell it who reads the page. The sanitiser below is the second lock on the same door.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false }).disable("image");

/** What the sanitiser lets through: the tags markdown-it writes for text, lists, quotes, code, tables and links. */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "s",
    "code",
    "pre",
    "blockquote",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
  ],
  allowedAttributes: { a: ["href", "title", "rel"], h2: ["id"], h3: ["id"], h4: ["id"], h5: ["id"], h6: ["id"], ol: ["start"] },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: /^https?:/i.test(attribs.href ?? "") ? { ...attribs, rel: "nofollow noopener noreferrer" } : attribs,
    }),
  },
};

/**
 * A page's Markdown as HTML, with an id on every heading for the table of contents. The
 * page's title is its only first-level heading: a `#` heading in the text becomes a second-level one.
 */
export function renderPage(body: string): RenderedPage {
  const tokens = markdown.parse(body, {});
  const toc: TocEntry[] = [];
  const used = new Set<string>();
  tokens.forEach((token, index) => {
    if (token.type !== "heading_open" && token.type !== "heading_close") return;
    const level = Math.max(2, Number(token.tag.slice(1)));
    token.tag = `h${level}`;
    if (token.type === "heading_close") return;
    const text = inlineText(tokens[index + 1]);
    const id = uniqueId(anchorOf(text), used);
    token.attrSet("id", id);
    if (level <= 3) toc.push({ level, id, text });
  });
  return { html: sanitizeHtml(markdown.renderer.render(tokens, markdown.options, {}), SANITIZE), toc };
}

function inlineText(token: Token | undefined): string {
  return (token?.children ?? [])
    .filter((child) => child.type === "text" || child.type === "code_inline")
    .map((child) => child.content)
    .join("")
    .trim();
}

/** A heading's anchor: its words, lowercased, joined by hyphens, after "h-" so that no anchor takes the name of the page's own parts. */
function anchorOf(text: string): string {
  const words = text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
  return `h-${words || "section"}`;
}

function uniqueId(id: string, used: Set<string>): string {
  let candidate = id;
  for (let n = 2; used.has(candidate); n++) candidate = `${id}-${n}`;
  used.add(candidate);
  return candidate;
}
