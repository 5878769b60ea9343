import type { PostView } from "../posts/post.view.ts";
import type { CrisisView } from "./crisis.service.ts";

/**
 * Tells other servers about crises and forwarded needs. Called inside the domain's
 * transaction; the implementation enqueues.
 */
export interface CrisisPublisher {
  /** A crisis was declared or ended: a public announcement, and the structured form for siblings. */
  crisisChanged(crisis: CrisisView, declared: boolean): Promise<void>;
  /** Asks sibling networks for help with one of our requests. */
  needForwarded(post: PostView, crisis: CrisisView | null, hops: number): Promise<void>;
}
