import type { Database } from "../../db/database.ts";
import type { RemoteActorProfile } from "../networks/ports.ts";
import type { PostView } from "./post.view.ts";

/**
 * Who may receive a post beyond this network's own pages:
 * - `everyone`: the network's followers (Mastodon and siblings alike);
 * - `siblings`: sibling networks only (members-only posts, when the settings allow);
 * - `none`: nobody.
 */
export type FederationAudience = "everyone" | "siblings" | "none";

/** A change to a post, with the audience before and after it (a new post has no before). */
export interface PostChange {
  /** The post as the public may see it: never private details. Null once deleted. */
  post: PostView | null;
  postId: string;
  before: FederationAudience;
  after: FederationAudience;
}

/**
 * Tells other servers about changes to posts. Called inside the domain's transaction `tx`
 * (it reads who receives them through it); the implementation enqueues, so nothing is sent
 * unless the change commits.
 */
export interface PostPublisher {
  postChanged(tx: Database, change: PostChange): Promise<void>;
  /** Sends a network that just became a sibling a post it missed. */
  introduce(post: PostView, audience: FederationAudience, sibling: RemoteActorProfile): Promise<void>;
}

/** Answers a sibling's offer of help (Accept or Reject of its Offer). */
export interface ResponsePublisher {
  answerOffer(helperNetwork: RemoteActorProfile, offerIri: string, accepted: boolean): Promise<void>;
}
