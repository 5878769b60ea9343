import type { Database } from "../../db/database.ts";
import { cancelOpenMatchesOf } from "../../db/queries/matches.ts";
import { findPost, listPostIdsByVisibility, listPostsAfter, type PostFilter, type PostRow, updatePostRow } from "../../db/queries/posts.ts";
import { acceptedHelp } from "../../db/queries/sibling-posts.ts";
import { sharesMembersOnlyWithSiblings } from "../networks/network-settings.service.ts";
import type { RemoteActorProfile } from "../networks/ports.ts";
import type { FederationAudience, PostPublisher } from "./ports.ts";
import { ACTIVE_STATUSES } from "./post.schema.ts";
import { toPostView } from "./post.view.ts";

/** A new sibling is sent the posts it missed this many at a time. */
const INTRODUCTION_PAGE = 500;

/**
 * Keeps what followers and siblings hold of our posts in step with the posts: tells the
 * publisher how a post stands after any change (its own status changes, those that matches
 * and accepted help make, a deletion), sends a new sibling every open post it may see, and
 * re-sends members-only posts when the sharing setting changes. Every method runs in the
 * caller's transaction, so the deliveries are queued only if the change commits.
 */
export class PostAnnouncer {
  readonly #publisher: PostPublisher;
  readonly #introductionPage: number;

  /** `introductionPage`: how many posts a new sibling is sent per query; tests make it small. */
  constructor(publisher: PostPublisher, introductionPage: number | undefined) {
    this.#publisher = publisher;
    this.#introductionPage = introductionPage ?? INTRODUCTION_PAGE;
  }

  /**
   * Help accepted from elsewhere counts toward a request: matched once the accepted
   * quantity covers it (or at once, if it named none), partially matched before that.
   */
  async countAcceptedHelp(tx: Database, postId: string): Promise<void> {
    const row = await findPost(tx, postId);
    if (row === undefined || !(ACTIVE_STATUSES as readonly string[]).includes(row.post.status)) return;
    const help = await acceptedHelp(tx, postId);
    const covered = row.post.quantity === null || help.quantity >= row.post.quantity;
    const status = help.count === 0 ? row.post.status : covered ? "matched" : "partially_matched";
    if (status === row.post.status) return;
    await updatePostRow(tx, postId, { status });
    await this.announce(tx, postId);
  }

  /**
   * A post's status follows what matches reserved of it: partially matched, matched once
   * its quantity is covered (or at the first match, if it named none), back to open when
   * everything is released; fulfilled when `completed` says every match is done.
   */
  async followAllocation(tx: Database, postId: string, completed = false): Promise<void> {
    const row = (await findPost(tx, postId))!;
    const { post } = row;
    if (post.status === "withdrawn" || post.status === "expired" || post.status === "fulfilled") return;
    const covered = post.allocatedQuantity > 0 && (post.quantity === null || post.allocatedQuantity >= post.quantity);
    const status = completed && covered ? "fulfilled" : covered ? "matched" : post.allocatedQuantity > 0 ? "partially_matched" : "open";
    if (status === post.status) return;
    await updatePostRow(tx, postId, { status });
    await this.announce(tx, postId);
  }

  /**
   * A network just became our sibling: send it every open post siblings may see, however
   * many. Runs in the transaction that made it a sibling, so the deliveries are queued if
   * and only if the follow is accepted.
   */
  async introduceTo(tx: Database, sibling: RemoteActorProfile): Promise<void> {
    const filter: PostFilter = { statuses: [...ACTIVE_STATUSES], visibilities: ["public", "members"], hideExpired: true };
    for (let after: string | null = null; ; ) {
      const rows = await listPostsAfter(tx, filter, after, this.#introductionPage);
      for (const row of rows) {
        const audience = row.post.federatedAudience;
        if (audience !== "none") await this.#publisher.introduce(toPostView(row, null, undefined), audience, sibling);
      }
      if (rows.length < this.#introductionPage) return;
      after = rows.at(-1)!.post.id;
    }
  }

  /**
   * Members-only posts whose audience the sharing setting just changed: siblings are sent
   * them, or told to drop them. Runs in the transaction that saves the setting.
   */
  async syncSharing(tx: Database): Promise<void> {
    for (const id of await listPostIdsByVisibility(tx, "members")) await this.announce(tx, id);
  }

  /**
   * Tells the publisher how a post now stands, and to whom it went last time (stored on the
   * post, so a change of settings in between cannot strand a copy anywhere).
   */
  async announce(tx: Database, id: string): Promise<void> {
    const row = (await findPost(tx, id))!;
    const before = row.post.federatedAudience;
    const after = await this.#audience(tx, row.post);
    if (before === "none" && after === "none") return;
    const unchangedAudience = before === after;
    await this.#publisher.postChanged(tx, { post: toPostView(row, null, undefined), postId: id, before, after });
    if (!unchangedAudience) await updatePostRow(tx, id, { federatedAudience: after });
  }

  /** A post going away cancels its unfinished matches, so the posts it was matched with are free again. */
  async cancelMatches(tx: Database, postId: string): Promise<void> {
    for (const other of await cancelOpenMatchesOf(tx, postId)) await this.followAllocation(tx, other);
  }

  /** A deleted post: whoever had it is told to drop it. */
  async gone(tx: Database, post: Pick<PostRow, "id" | "federatedAudience">): Promise<void> {
    await this.#publisher.postChanged(tx, { post: null, postId: post.id, before: post.federatedAudience, after: "none" });
  }

  /** Privacy rules for federation: public posts go out; members-only only to siblings, if allowed. */
  async #audience(tx: Database, post: Pick<PostRow, "visibility" | "hiddenAt">): Promise<FederationAudience> {
    if (post.hiddenAt !== null) return "none";
    if (post.visibility === "public") return "everyone";
    if (post.visibility === "members" && (await sharesMembersOnlyWithSiblings(tx))) return "siblings";
    return "none";
  }
}
