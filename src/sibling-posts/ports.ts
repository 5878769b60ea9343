import type { Database } from "../../db/database.ts";
import type { RemoteActorProfile } from "../networks/ports.ts";
import type { PostStatus } from "../posts/post.schema.ts";
import type { PostView } from "../posts/post.view.ts";

/** What a post says, the same for our own posts and a sibling's. */
type PostContent = Pick<PostView, "kind" | "category" | "title" | "details" | "quantity" | "unit" | "urgency" | "area" | "approxLocation">;

/** A sibling network's post as it arrived, already read from its ActivityPub form. */
export interface SiblingPostInput extends PostContent {
  objectIri: string;
  url: string | null;
  untilDate: string | null;
  language: string | null;
  visibility: "public" | "members";
  status: PostStatus;
  publishedAt: Date;
  updatedAt: Date;
  /** The origin's Mastodon-readable Note, when it says which. */
  noteIri: string | null;
}

/** A sibling's crisis as it arrived. */
export interface RemoteCrisisInput {
  objectIri: string;
  title: string;
  description: string;
  severity: "low" | "moderate" | "severe" | "extreme";
  areas: string[];
  categories: string[];
  ended: boolean;
}

/** A sibling asks us to help with one of its needs (or passes on another network's). */
export interface ForwardInput {
  /** The need's Proposal. */
  objectIri: string;
  crisisIri: string | null;
  /** How many more networks it may go to after us. */
  hopsLeft: number;
}

/**
 * What the sibling-post service tells the world: that a forwarded need is open here too (an Announce to
 * our followers, by reference to the origin's own Note), that it no longer is, and that it
 * goes on to our own siblings when the origin allowed more hops. Called inside the domain's
 * transaction `tx`, through which it reads who receives them; the implementation enqueues.
 */
export interface SiblingPostPublisher {
  announceNeed(tx: Database, noteIri: string): Promise<string>;
  undoAnnounce(tx: Database, announceIri: string, noteIri: string): Promise<void>;
  passOn(tx: Database, forward: ForwardInput, exceptActors: string[]): Promise<void>;
  /** Tells the networks we passed a need on to that it closed (they cannot hear it from its origin). */
  passOnClosure(tx: Database, objectIri: string, exceptActors: string[]): Promise<void>;
}

/** Help our member offers with a sibling's need, as it is sent to the need's network. */
export interface OutgoingResponseOffer {
  responseId: string;
  origin: RemoteActorProfile;
  proposalIri: string;
  message: string;
  quantity: number | null;
  unit: string | null;
}

export interface OutgoingResponsePublisher {
  /** Sends the origin network an Offer of a FEP-0837 Agreement that commits to its need. */
  sendOffer(offer: OutgoingResponseOffer): Promise<void>;
}
