import type { Context } from "@fedify/fedify";
import { type Activity, isActor } from "@fedify/vocab";
import { ExpiringMap } from "../lib/expiring-map.ts";
import type { RemoteActorProfile } from "../src/networks/ports.ts";
import type { FederationData } from "./context.ts";
import { toRemoteActorProfile } from "./remote-actor.ts";

/**
 * How long a fetched actor is reused: as long as Fedify's own cache keeps a remote document
 * (5 minutes), so no process sees an actor staler than it already could.
 */
const TRUST_MS = 5 * 60 * 1000;
/** At most this many actors are remembered; the oldest go first. */
const REMEMBERED = 10_000;

/**
 * The profiles of the actors that send us activities, fetched once and reused for a few
 * minutes. Fedify fetches an inbox activity's actor afresh each time (signed with our key,
 * and never cached), which was the larger part of handling a reply. Each process keeps
 * its own copies; a copy is a remote document, which any process may hold that long.
 * Only actors that could be read are remembered: a failed fetch is tried again next time.
 * An actor's Update of itself forgets its copy at once (in the process that handles it).
 */
export class RemoteActorProfiles {
  readonly #profiles = new ExpiringMap<string, Promise<RemoteActorProfile | null>>({ limit: REMEMBERED, ms: TRUST_MS });

  /** The profile of `activity`'s actor, or null when it cannot be fetched or has no inbox. */
  actorOf(ctx: Context<FederationData>, activity: Activity): Promise<RemoteActorProfile | null> {
    const iri = activity.actorId?.href;
    const known = iri === undefined ? undefined : this.#profiles.get(iri);
    if (known !== undefined) return known;
    const profile = fetchProfile(ctx, activity);
    if (iri !== undefined) this.#remember(iri, profile);
    return profile;
  }

  /** Forgets what was kept of an actor (after it sent an Update of itself): the next activity fetches it again. */
  forget(iri: string): void {
    this.#profiles.delete(iri);
  }

  #remember(iri: string, profile: Promise<RemoteActorProfile | null>): void {
    this.#profiles.set(iri, profile);
    // Concurrent activities from one actor share the fetch under way; a failure is forgotten.
    profile.then(
      (found) => found === null && this.#forgetFailed(iri, profile),
      () => this.#forgetFailed(iri, profile),
    );
  }

  #forgetFailed(iri: string, profile: Promise<RemoteActorProfile | null>): void {
    if (this.#profiles.get(iri) === profile) this.#profiles.delete(iri);
  }
}

async function fetchProfile(ctx: Context<FederationData>, activity: Activity): Promise<RemoteActorProfile | null> {
  const actor = await activity.getActor(ctx).catch(() => null);
  return isActor(actor) ? await toRemoteActorProfile(ctx, actor) : null;
}
