import type { Context } from "@fedify/fedify";
import { Event, Hashtag, Note, PropertyValue, PUBLIC_COLLECTION } from "@fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import type { CrisisView } from "../src/crises/crisis.service.ts";
import { hashtagLinks, type PostTag } from "../src/posts/post-note.ts";
import type { RemoteCrisisInput } from "../src/sibling-posts/ports.ts";
import { cleanText, escapeHtml } from "../src/text.ts";
import type { FederationData } from "./context.ts";
import { EXTRA, readExtras, type Translate } from "./post-objects.ts";

const SEVERITIES = ["low", "moderate", "severe", "extreme"] as const;

/** A crisis's public announcement shares the Note dispatcher with posts, under this prefix. */
export const CRISIS_NOTE_PREFIX = "crisis-";

export const crisisNoteUri = (ctx: Context<FederationData>, id: string) => ctx.getObjectUri(Note, { id: `${CRISIS_NOTE_PREFIX}${id}` });
export const crisisEventUri = (ctx: Context<FederationData>, id: string) => ctx.getObjectUri(Event, { kind: "crises", id });

// biome-ignore lint/plugin: the polyfill's Instant is the one Fedify's declarations name as the global Temporal, which Node 24 lacks.
const instant = (iso: string) => Temporal.Instant.from(iso) as unknown as globalThis.Temporal.Instant;

/** The public announcement of a crisis, for Mastodon: #MutualAid #Crisis, where, what is needed, how severe. */
export function buildCrisisNote(ctx: Context<FederationData>, crisis: CrisisView, t: Translate): Note {
  const handle = ctx.data.services.settings.handle;
  const board = new URL(`/crises/${crisis.id}`, ctx.canonicalOrigin);
  const tags: PostTag[] = ["MutualAid", "Crisis"].map((name) => ({ name, href: new URL("/", ctx.canonicalOrigin).href }));
  const lines = [
    `<p><strong>${escapeHtml(crisis.active ? t("crisisNote.declared") : t("crisisNote.ended"))}</strong> ${escapeHtml(crisis.title)}</p>`,
    crisis.description ? `<p>${escapeHtml(crisis.description).replaceAll("\n", "<br>")}</p>` : "",
    `<p>${escapeHtml(
      [
        t("crisisNote.areas", { areas: crisis.areas.join(", ") }),
        t("crisisNote.needs", { categories: crisis.categories.map((c) => t(`category.${c}`)).join(", ") }),
        t(`severity.${crisis.severity}`),
      ].join(" · "),
    )}</p>`,
    `<p>${hashtagLinks(tags)}</p>`,
    `<p><a href="${escapeHtml(board.href)}">${escapeHtml(board.href)}</a></p>`,
  ];
  return new Note({
    id: crisisNoteUri(ctx, crisis.id),
    attribution: ctx.getActorUri(handle),
    content: lines.join(""),
    url: board,
    // The crisis's thread (FEP-7888), as a post's Note has its own.
    contexts: [board],
    published: instant(crisis.createdAt),
    updated: crisis.endedAt ? instant(crisis.endedAt) : null,
    to: PUBLIC_COLLECTION,
    cc: ctx.getFollowersUri(handle),
    tags: tags.map((tag) => new Hashtag({ name: `#${tag.name}`, href: new URL(tag.href) })),
  });
}

/** The structured form of a crisis, for sibling networks. */
export function buildCrisisEvent(ctx: Context<FederationData>, crisis: CrisisView): Event {
  return new Event({
    id: crisisEventUri(ctx, crisis.id),
    attribution: ctx.getActorUri(ctx.data.services.settings.handle),
    name: crisis.title,
    content: crisis.description || null,
    mediaType: "text/plain",
    url: new URL(`/crises/${crisis.id}`, ctx.canonicalOrigin),
    startTime: instant(crisis.createdAt),
    endTime: crisis.endedAt ? instant(crisis.endedAt) : crisis.endsAt ? instant(crisis.endsAt) : null,
    attachments: [
      new PropertyValue({ name: EXTRA.severity, value: crisis.severity }),
      new PropertyValue({ name: EXTRA.areas, value: JSON.stringify(crisis.areas) }),
      new PropertyValue({ name: EXTRA.categories, value: JSON.stringify(crisis.categories) }),
      new PropertyValue({ name: EXTRA.ended, value: String(!crisis.active) }),
    ],
    to: PUBLIC_COLLECTION,
  });
}

export async function readCrisisEvent(event: Event): Promise<RemoteCrisisInput | null> {
  const title = cleanText(event.name?.toString() ?? "")
    .trim()
    .slice(0, 120);
  if (event.id === null || !title) return null;
  const extras = await readExtras(event);
  // A network's public gathering is an Event too; only one with a severity is a crisis.
  if (!extras.has(EXTRA.severity)) return null;
  const list = (key: string): string[] => {
    try {
      const value: unknown = JSON.parse(extras.get(key) ?? "[]");
      return Array.isArray(value)
        ? value
            .filter((v): v is string => typeof v === "string")
            .map((v) => v.slice(0, 80))
            .slice(0, 50)
        : [];
    } catch {
      return [];
    }
  };
  return {
    objectIri: event.id.href,
    title,
    description: cleanText(event.content?.toString() ?? "").slice(0, 4000),
    severity: SEVERITIES.find((s) => s === extras.get(EXTRA.severity)) ?? "moderate",
    areas: list(EXTRA.areas),
    categories: list(EXTRA.categories),
    ended: extras.get(EXTRA.ended) === "true",
  };
}
