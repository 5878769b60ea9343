import type { Context } from "@fedify/fedify";
import { type Actor, Application, Group, Organization, Person, type Recipient, Service } from "@fedify/vocab";
import type { RemoteActorProfile } from "../src/networks/ports.ts";
import { cleanText } from "../src/text.ts";
import type { FederationData } from "./context.ts";

const ACTOR_TYPES = [
  [Group, "Group"],
  [Organization, "Organization"],
  [Person, "Person"],
  [Service, "Service"],
  [Application, "Application"],
] as const;

/** What the domain keeps of a remote actor; null for an actor we cannot deliver to. */
export async function toRemoteActorProfile(ctx: Context<FederationData>, actor: Actor): Promise<RemoteActorProfile | null> {
  if (actor.id === null || actor.inboxId === null) return null;
  const username = actor.preferredUsername ? cleanText(actor.preferredUsername.toString()).slice(0, 100) : null;
  const name = actor.name ? cleanText(actor.name.toString()) : null;
  return {
    iri: actor.id.href,
    type: ACTOR_TYPES.find(([cls]) => actor instanceof cls)?.[1] ?? "Person",
    // The handle as Mastodon shows it (user@host of the actor's id), once WebFinger confirms it.
    handle: await ctx.data.handles.handleOf(actor, username),
    // Remote names are plain text to us; cap them so a hostile actor cannot flood a page.
    name: name === null ? null : name.slice(0, 200),
    inboxUrl: actor.inboxId.href,
    sharedInboxUrl: actor.endpoints?.sharedInbox?.href ?? null,
    url: actor.url instanceof URL ? actor.url.href : (actor.url?.href?.href ?? null),
  };
}

/** A remote actor as Fedify addresses a delivery to it (its shared inbox, when it has one). */
export function toRecipient(actor: RemoteActorProfile): Recipient {
  return {
    id: new URL(actor.iri),
    inboxId: new URL(actor.inboxUrl),
    endpoints: actor.sharedInboxUrl === null ? null : { sharedInbox: new URL(actor.sharedInboxUrl) },
  };
}
