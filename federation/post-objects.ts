import type { Context } from "@fedify/fedify";
import { Hashtag, Intent, Measure, Note, Place, PropertyValue, Proposal, PUBLIC_COLLECTION } from "@fedify/vocab";
import { LanguageString, parseDecimal } from "@fedify/vocab-runtime";
import { Temporal } from "@js-temporal/polyfill";
import { CATEGORIES, type Category, LANGUAGE_CODE, MAX_QUANTITY, POST_KINDS, STATUSES, URGENCIES } from "../src/posts/post.schema.ts";
import type { PostView } from "../src/posts/post.view.ts";
import { postHashtags, postNoteHtml, type Translate } from "../src/posts/post-note.ts";
import type { SiblingPostInput } from "../src/sibling-posts/ports.ts";
import { cleanText } from "../src/text.ts";
import type { FederationData } from "./context.ts";

// Our posts as ActivityPub objects, built from the public view of a post (never from the
// row, so private details cannot slip in):
// - a Mastodon-readable `Note` in plain words with hashtags, for followers;
// - a FEP-0837 `Proposal` carrying every structured field, for sibling networks.

/** Stable, host-independent URIs for categories (listed in FEDERATION.md). */
export const categoryUri = (category: Category) => new URL(`urn:mycelium:category:${category}`);

export type { Translate };

export function noteUri(ctx: Context<FederationData>, postId: string): URL {
  return ctx.getObjectUri(Note, { id: postId });
}

export function proposalUri(ctx: Context<FederationData>, postId: string): URL {
  return ctx.getObjectUri(Proposal, { id: postId });
}

export function postPageUrl(ctx: Context<FederationData>, postId: string): URL {
  return new URL(`/posts/${postId}`, ctx.canonicalOrigin);
}

// biome-ignore lint/plugin: the polyfill's Instant is the one Fedify's declarations name as the global Temporal, which Node 24 lacks.
const instant = (iso: string) => Temporal.Instant.from(iso) as unknown as globalThis.Temporal.Instant;

export function buildNote(ctx: Context<FederationData>, post: PostView, t: Translate): Note {
  const actor = ctx.getActorUri(ctx.data.services.settings.handle);
  const tags = postHashtags(post, ctx.canonicalOrigin);
  const html = postNoteHtml(post, t, tags, postPageUrl(ctx, post.id).href);
  return new Note({
    id: noteUri(ctx, post.id),
    attribution: actor,
    // `content` for every reader, and `contentMap` in the post's language, which Mastodon
    // takes as the status's language (for screen readers' voices and language filters).
    contents: [html, new LanguageString(html, post.language)],
    url: postPageUrl(ctx, post.id),
    // The post's thread (FEP-7888): its Note, its Proposal and the replies to them belong together.
    contexts: [postPageUrl(ctx, post.id)],
    published: instant(post.createdAt),
    updated: post.updatedAt === post.createdAt ? null : instant(post.updatedAt),
    to: PUBLIC_COLLECTION,
    cc: ctx.getFollowersUri(ctx.data.services.settings.handle),
    tags: tags.map((tag) => new Hashtag({ name: `#${tag.name}`, href: new URL(tag.href) })),
  });
}

/** Fields FEP-0837 has no property for travel as PropertyValues (which Fedify keeps). */
export const EXTRA = {
  urgency: "mycelium:urgency",
  status: "mycelium:status",
  language: "mycelium:language",
  note: "mycelium:note",
  hops: "mycelium:hops",
  severity: "mycelium:severity",
  areas: "mycelium:areas",
  categories: "mycelium:categories",
  ended: "mycelium:ended",
} as const;

export function buildProposal(ctx: Context<FederationData>, post: PostView, recipients: URL[]): Proposal {
  const actor = ctx.getActorUri(ctx.data.services.settings.handle);
  const id = proposalUri(ctx, post.id);
  const until = post.neededBy ?? post.availableUntil;
  return new Proposal({
    id,
    attribution: actor,
    name: post.title,
    contents: post.details === "" ? [] : [post.details, new LanguageString(post.details, post.language)],
    mediaType: "text/plain",
    url: postPageUrl(ctx, post.id),
    contexts: [postPageUrl(ctx, post.id)],
    purpose: post.kind,
    publishes: new Intent({
      id: new URL("#intent", id),
      action: "transfer",
      resourceConformsTo: categoryUri(post.category),
      resourceQuantity:
        post.quantity === null ? null : new Measure({ unit: post.unit ?? "one", numericalValue: parseDecimal(String(post.quantity)) }),
    }),
    location: new Place({
      name: post.area,
      latitude: post.approxLocation?.latitude ?? null,
      longitude: post.approxLocation?.longitude ?? null,
      // The point is on a ~1 km grid: say so, in metres.
      accuracy: post.approxLocation ? 1000 : null,
    }),
    startTime: instant(post.createdAt),
    endTime: until ? instant(`${until}T23:59:59Z`) : null,
    published: instant(post.createdAt),
    updated: instant(post.updatedAt),
    attachments: [
      new PropertyValue({ name: EXTRA.urgency, value: post.urgency }),
      new PropertyValue({ name: EXTRA.status, value: post.status }),
      new PropertyValue({ name: EXTRA.language, value: post.language }),
      new PropertyValue({ name: EXTRA.note, value: noteUri(ctx, post.id).href }),
    ],
    tos: post.visibility === "public" ? [PUBLIC_COLLECTION] : recipients,
    ccs: post.visibility === "public" ? recipients : [],
  });
}

/**
 * A sibling's Proposal as the domain's input; null if it is not one of ours (another
 * software's Proposal, or a malformed one).
 */
export async function readProposal(proposal: Proposal): Promise<SiblingPostInput | null> {
  if (proposal.id === null) return null;
  const kind = POST_KINDS.find((k) => k === proposal.purpose);
  const intent = proposal.publishes;
  const categorySlug = intent?.resourceConformsTo?.href.replace(/^urn:mycelium:category:/, "");
  const category = CATEGORIES.find((c) => c === categorySlug);
  const title = cleanText(proposal.name?.toString() ?? "")
    .trim()
    .slice(0, 120);
  const location = await proposal.getLocation().catch(() => null);
  const area =
    location instanceof Place
      ? cleanText(location.name?.toString() ?? "")
          .trim()
          .slice(0, 80)
      : undefined;
  if (kind === undefined || category === undefined || !title || !area) return null;

  const extras = await readExtras(proposal);
  const noteIri = extras.get(EXTRA.note);
  const quantity = intent?.resourceQuantity?.numericalValue;
  const numeric = quantity === undefined || quantity === null ? null : Math.round(Number(quantity));
  const unit = intent?.resourceQuantity?.unit ? cleanText(intent.resourceQuantity.unit) : null;
  const until = proposal.endTime?.toString().slice(0, 10) ?? null;
  const url = proposal.url instanceof URL ? proposal.url : (proposal.url?.href ?? null);
  const latitude = location instanceof Place ? location.latitude : null;
  const longitude = location instanceof Place ? location.longitude : null;
  const published = proposal.published ? new Date(proposal.published.epochMilliseconds) : new Date();
  const isPublic = proposal.toIds.some((to) => to.href === PUBLIC_COLLECTION.href);
  return {
    objectIri: proposal.id.href,
    // Only a web page on the sender's own host: anything else (javascript:, another site) is dropped.
    url: url !== null && /^https?:$/.test(url.protocol) && url.origin === proposal.id.origin ? url.href : null,
    kind,
    category,
    title,
    details: cleanText(proposal.content?.toString() ?? "").slice(0, 4000),
    quantity: numeric !== null && Number.isFinite(numeric) && numeric > 0 && numeric <= MAX_QUANTITY ? numeric : null,
    unit: unit === "one" ? null : (unit?.slice(0, 30) ?? null),
    urgency: URGENCIES.find((u) => u === extras.get(EXTRA.urgency)) ?? "normal",
    area,
    // Whatever the sender says, we keep no finer point than our own ~1 km grid.
    approxLocation:
      typeof latitude === "number" && typeof longitude === "number" && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180
        ? { latitude: Number(latitude.toFixed(2)), longitude: Number(longitude.toFixed(2)) }
        : null,
    untilDate: until !== null && /^\d{4}-\d{2}-\d{2}$/.test(until) ? until : null,
    language: LANGUAGE_CODE.test(extras.get(EXTRA.language) ?? "") ? extras.get(EXTRA.language)! : null,
    visibility: isPublic ? "public" : "members",
    status: STATUSES.find((s) => s === extras.get(EXTRA.status)) ?? "open",
    publishedAt: published,
    updatedAt: proposal.updated ? new Date(proposal.updated.epochMilliseconds) : published,
    // Only a Note on the same host as the Proposal: we will Announce it to our followers.
    noteIri: noteIri && URL.canParse(noteIri) && new URL(noteIri).origin === proposal.id.origin ? noteIri : null,
  };
}

/** Our extension fields, carried as PropertyValue attachments (which Fedify keeps). */
export async function readExtras(object: { getAttachments(): AsyncIterable<unknown> }): Promise<Map<string, string>> {
  const extras = new Map<string, string>();
  for await (const attachment of object.getAttachments()) {
    if (attachment instanceof PropertyValue && attachment.name !== null) {
      extras.set(cleanText(attachment.name.toString()), cleanText(attachment.value?.toString() ?? "").slice(0, 2000));
    }
  }
  return extras;
}
