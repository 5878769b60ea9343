import type { Database } from "../../db/database.ts";
import type { PostView } from "../posts/post.view.ts";
import type { CrisisView } from "./crisis.service.ts";

/**
 * Tells other servers about crises and forwarded needs. Called inside the domain's
 * transaction `tx` (it reads who receives them through it); the implementation enqueues.
 */
export interface CrisisPublisher {
  /** A crisis was declared or ended: a public announcement, and the structured form for siblings. */
  crisisChanged(tx: Database, crisis: CrisisView, declared: boolean): Promise<void>;
  /** Asks sibling networks for help with one of our requests. */
  needForwarded(tx: Database, post: PostView, crisis: CrisisView | null, hops: number): Promise<void>;
}
