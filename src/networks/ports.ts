// What the networks domain needs from the outside world. federation/ implements both;
// the domain never sees ActivityPub objects.

import type { Database } from "../../db/database.ts";
import type { RemoteActorRow } from "../../db/queries/remote-networks.ts";

/** A remote actor as the domain keeps it. */
export interface RemoteActorProfile {
  iri: string;
  /** The ActivityStreams actor type: Group for a network, Person for most people. */
  type: string;
  /** `user@host`, when the actor has a preferred username. */
  handle: string | null;
  name: string | null;
  inboxUrl: string;
  sharedInboxUrl: string | null;
  url: string | null;
}

export interface ActorDirectory {
  /** Fetches an actor by URL or `@user@host` handle; null if there is none. */
  lookUp(actorUrlOrHandle: string): Promise<RemoteActorProfile | null>;
}

/**
 * Tells remote servers about changes. Called inside the domain's transaction: the
 * implementation enqueues, so nothing is sent unless the change commits.
 */
export interface NetworkPublisher {
  sendFollow(target: RemoteActorProfile, followId: string): Promise<void>;
  sendFollowAccepted(follower: RemoteActorProfile, followActivityIri: string): Promise<void>;
  sendFollowRejected(follower: RemoteActorProfile, followActivityIri: string): Promise<void>;
}

/** Sends a network that just became a sibling the posts it missed, in the transaction `tx` that made it one. */
export interface SiblingIntroducer {
  introduceTo(tx: Database, sibling: RemoteActorProfile): Promise<void>;
}

/** Sends members-only posts to siblings (or withdraws them) in the transaction `tx` that changed the sharing setting. */
export interface SharingSync {
  syncSharing(tx: Database): Promise<void>;
}

/** A stored remote actor as a profile, to address it again. */
export function toProfile(actor: RemoteActorRow): RemoteActorProfile {
  return {
    iri: actor.iri,
    type: actor.type,
    handle: actor.handle,
    name: actor.name,
    inboxUrl: actor.inboxUrl,
    sharedInboxUrl: actor.sharedInboxUrl,
    url: actor.url,
  };
}
