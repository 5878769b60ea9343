import type { Context } from "@fedify/fedify";
import { type Activity, Create, Event, Note, Place, PUBLIC_COLLECTION, Update } from "@fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import sanitizeHtml from "sanitize-html";
import type { EventView } from "../src/events/event.view.ts";
import type { SiblingEventInput } from "../src/events/ports.ts";
import { cleanText, escapeHtml } from "../src/text.ts";
import type { FederationData } from "./context.ts";
import type { Translate } from "./post-objects.ts";

/** Our events share the Event dispatcher with crises: /ap/events/ID beside /ap/crises/ID. */
export const eventUri = (ctx: Context<FederationData>, id: string) => ctx.getObjectUri(Event, { kind: "events", id });
/** The short Note that tells Mastodon followers of a change (Mastodon ignores updates of Events). */
export const EVENT_NOTE_PREFIX = "event-";
export const eventNoteUri = (ctx: Context<FederationData>, id: string, stamp: number) =>
  ctx.getObjectUri(Note, { id: `${EVENT_NOTE_PREFIX}${id}-${stamp}` });

/** The terms of Mobilizon's vocabulary (and schema.org's) that Fedify's Event does not have. */
const MOBILIZON = {
  mz: "https://joinmobilizon.org/ns#",
  sc: "http://schema.org#",
  ical: "http://www.w3.org/2002/12/cal/ical#",
  joinMode: "mz:joinMode",
  participantCount: "mz:participantCount",
  isOnline: "mz:isOnline",
  maximumAttendeeCapacity: "sc:maximumAttendeeCapacity",
  remainingAttendeeCapacity: "sc:remainingAttendeeCapacity",
  PostalAddress: "sc:PostalAddress",
  address: "sc:address",
  streetAddress: "sc:streetAddress",
  addressLocality: "sc:addressLocality",
  status: "ical:status",
} as const;

type JsonObject = Record<string, unknown>;

// biome-ignore lint/plugin: the polyfill's Instant is the one Fedify's declarations name as the global Temporal, which Node 24 lacks.
const instant = (iso: string) => Temporal.Instant.from(iso) as unknown as globalThis.Temporal.Instant;

/**
 * An Event with Mobilizon's extension properties, which Fedify's vocabulary lacks. They are
 * written as compact terms with their own context (so Mobilizon, which reads plain keys,
 * and any JSON-LD processor read the same thing), and as full IRIs in the expanded form.
 */
export class MobilizonEvent extends Event {
  extensions: JsonObject = {};
  /** The PostalAddress inside `location`, when the address is public. */
  postalAddress: JsonObject | null = null;

  override clone(values: ConstructorParameters<typeof Event>[0] = {}, options: Parameters<Event["clone"]>[1] = {}): Event {
    const clone = super.clone(values, options);
    if (clone instanceof MobilizonEvent) {
      clone.extensions = this.extensions;
      clone.postalAddress = this.postalAddress;
    }
    return clone;
  }

  override async toJsonLd(options: Parameters<Event["toJsonLd"]>[0] = {}): Promise<unknown> {
    const json = await super.toJsonLd(options);
    if (options.format === "expand") return withExpandedTerms(json, this.extensions, this.postalAddress);
    const compact = json as JsonObject;
    const context = compact["@context"] === undefined ? [] : [compact["@context"]].flat();
    const location = compact.location as JsonObject | undefined;
    if (location !== undefined && this.postalAddress !== null) location.address = { type: "PostalAddress", ...this.postalAddress };
    return { ...compact, "@context": [...context, MOBILIZON], ...this.extensions };
  }
}

/** The same extension properties in expanded form, with full IRIs. */
function withExpandedTerms(json: unknown, extensions: JsonObject, postalAddress: JsonObject | null): unknown {
  const iri = (term: string) => {
    const [prefix, local] = (MOBILIZON[term as keyof typeof MOBILIZON] ?? "").split(":");
    return `${MOBILIZON[prefix as "mz" | "sc" | "ical"]}${local}`;
  };
  const nodes = Array.isArray(json) ? json : [json];
  const node = nodes[0] as JsonObject;
  for (const [term, value] of Object.entries(extensions)) node[iri(term)] = [{ "@value": value }];
  const location = (node["https://www.w3.org/ns/activitystreams#location"] as JsonObject[] | undefined)?.[0];
  if (location !== undefined && postalAddress !== null) {
    const address: JsonObject = { "@type": [iri("PostalAddress")] };
    for (const [term, value] of Object.entries(postalAddress)) address[iri(term)] = [{ "@value": value }];
    location[iri("address")] = [address];
  }
  return json;
}

// biome-ignore lint/suspicious/noExplicitAny: TypeScript requires a mixin's constructor to take any[].
type ActivityClass = new (...args: any[]) => Activity;

/** The Create or Update of an Event: its object keeps its own context (Mobilizon's terms) when compacted. */
function withEmbeddedEvent<T extends ActivityClass>(Base: T) {
  return class extends Base {
    event: MobilizonEvent | null = null;

    override clone(...args: Parameters<Activity["clone"]>): Activity {
      const clone = super.clone(...args);
      if ("event" in clone) clone.event = this.event;
      return clone;
    }

    override async toJsonLd(options: Parameters<Activity["toJsonLd"]>[0] = {}): Promise<unknown> {
      const json = await super.toJsonLd(options);
      if (options.format === "expand" || this.event === null) return json;
      return { ...(json as JsonObject), object: await this.event.toJsonLd(options) };
    }
  };
}
export const CreateEvent = withEmbeddedEvent(Create);
export const UpdateEvent = withEmbeddedEvent(Update);

/** A public event in Mobilizon's shape; its `summary` says what, when and where, as Mastodon shows only that. */
export function buildEvent(ctx: Context<FederationData>, event: EventView, t: Translate): MobilizonEvent {
  const handle = ctx.data.services.settings.handle;
  const page = new URL(`/events/${event.id}`, ctx.canonicalOrigin);
  const where = [event.place, event.address, event.area].filter((part): part is string => Boolean(part)).join(", ");
  const when = new Date(event.startsAt).toUTCString();
  const summary = t("eventNote.summary", { title: event.title, when, where });
  const object = new MobilizonEvent({
    id: eventUri(ctx, event.id),
    attribution: ctx.getActorUri(handle),
    name: event.title,
    content: event.description ? `<p>${escapeHtml(event.description).replaceAll("\n", "<br>")}</p>` : null,
    summary: `<p>${escapeHtml(event.status === "cancelled" ? `${t("eventNote.cancelled")} ${summary}` : summary)}</p>`,
    url: page,
    startTime: instant(event.startsAt),
    endTime: instant(event.endsAt),
    location: new Place({ name: [event.place, event.area].filter(Boolean).join(", ") }),
    to: PUBLIC_COLLECTION,
    cc: ctx.getFollowersUri(handle),
  });
  object.extensions = {
    joinMode: "free",
    participantCount: event.goingCount,
    ...(event.capacity === null
      ? {}
      : { maximumAttendeeCapacity: event.capacity, remainingAttendeeCapacity: Math.max(0, event.capacity - event.goingCount) }),
    isOnline: event.onlineUrl !== null,
    status: event.status === "cancelled" ? "CANCELLED" : "CONFIRMED",
  };
  object.postalAddress = event.address === null ? null : { streetAddress: event.address, addressLocality: event.area };
  return object;
}

/** A short Note to followers when an event's time, place or status changed. */
export function buildEventNote(ctx: Context<FederationData>, event: EventView, t: Translate, stamp: number): Note {
  const handle = ctx.data.services.settings.handle;
  const page = new URL(`/events/${event.id}`, ctx.canonicalOrigin);
  const where = [event.place, event.address, event.area].filter(Boolean).join(", ");
  const text = t(event.status === "cancelled" ? "eventNote.cancelledNote" : "eventNote.changed", {
    title: event.title,
    when: new Date(event.startsAt).toUTCString(),
    where,
  });
  return new Note({
    id: eventNoteUri(ctx, event.id, stamp),
    attribution: ctx.getActorUri(handle),
    content: `<p>${escapeHtml(text)}</p><p><a href="${escapeHtml(page.href)}">${escapeHtml(page.href)}</a></p>`,
    url: page,
    contexts: [page],
    published: instant(new Date(stamp).toISOString()),
    to: PUBLIC_COLLECTION,
    cc: ctx.getFollowersUri(handle),
  });
}

/** A received Event's own property, written as a plain term (Mobilizon, us) or prefixed. */
function term(json: JsonObject, name: keyof typeof MOBILIZON): unknown {
  return json[name] ?? json[MOBILIZON[name]];
}

const count = (value: unknown) =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 1_000_000 ? (value as number) : null;
const shortText = (value: unknown, max: number) => (typeof value === "string" ? cleanText(value).trim().slice(0, max) || null : null);

/** HTML from elsewhere, as plain text: paragraphs and line breaks kept, every tag dropped. */
function plainText(html: string): string {
  const text = sanitizeHtml(html.replace(/<br\s*\/?>/gi, "\n").replace(/<\/p>/gi, "\n\n"), { allowedTags: [], allowedAttributes: {} });
  // sanitize-html escapes the text it keeps; this is plain text now, so undo that (&amp; last).
  const unescaped = text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&amp;", "&");
  return cleanText(unescaped)
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * A sibling's (or Mobilizon's) public event. Mobilizon's extension properties are not in
 * Fedify's vocabulary, so they are read from the JSON the sender wrote, which Fedify keeps.
 */
export async function readSiblingEvent(event: Event): Promise<SiblingEventInput | null> {
  const title = shortText(event.name?.toString(), 200);
  if (event.id === null || title === null || event.startTime === null) return null;
  const startsAt = new Date(event.startTime.epochMilliseconds);
  const endsAt = event.endTime === null ? null : new Date(event.endTime.epochMilliseconds);
  const json = ((await event.toJsonLd().catch(() => ({}))) ?? {}) as JsonObject;
  const location = [json.location].flat()[0];
  const address = typeof location === "object" && location !== null ? (term(location as JsonObject, "address") as unknown) : null;
  const street =
    typeof address === "string"
      ? shortText(address, 300)
      : typeof address === "object" && address !== null
        ? shortText(
            [term(address as JsonObject, "streetAddress"), term(address as JsonObject, "addressLocality")]
              .filter((part) => typeof part === "string" && part.trim() !== "")
              .join(", "),
            300,
          )
        : null;
  const url = event.url instanceof URL ? event.url : (event.url?.href ?? null);
  return {
    objectIri: event.id.href,
    url: url !== null && /^https?:$/.test(url.protocol) ? url.href : null,
    title,
    description: plainText(event.content?.toString() ?? "").slice(0, 4000),
    startsAt,
    endsAt: endsAt !== null && endsAt > startsAt ? endsAt : null,
    place: typeof location === "object" && location !== null ? shortText((location as JsonObject).name, 200) : null,
    address: street,
    capacity: count(term(json, "maximumAttendeeCapacity")),
    remainingCapacity: count(term(json, "remainingAttendeeCapacity")),
    online: term(json, "isOnline") === true,
    status: term(json, "status") === "CANCELLED" ? "cancelled" : "confirmed",
  };
}
