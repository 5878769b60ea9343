import type { Database } from "../../db/database.ts";
import { findSuggestions } from "../../db/queries/matches.ts";
import { findPost, type PostRow } from "../../db/queries/posts.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.ts";
import { activeMember, isCoordinator, type Viewer } from "../members/viewer.ts";
import type { NetworkSettingsService } from "../networks/network-settings.service.ts";
import { canView, visibleTo } from "../posts/post.policy.ts";
import type { PostService } from "../posts/post.service.ts";
import type { PostView } from "../posts/post.view.ts";
import type { SiblingPostService, SiblingPostView } from "../sibling-posts/sibling-post.service.ts";
import { isUuid } from "../validation.ts";

export interface Suggestion {
  post: PostView;
  /** Why it ranks where it does, as codes a page can word. */
  reasons: string[];
  distanceKm: number | null;
  available: number | null;
}

export interface Suggestions {
  /** This network's open posts, best first; a match can be made with any of them. */
  suggestions: Suggestion[];
  /** Sibling networks' open posts of the other kind in the same category: ask them. */
  fromSiblings: SiblingPostView[];
}

const DAY_MS = 86_400_000;

/**
 * Ranked suggestions for an open post: for a request, open offers; for an offer, open
 * requests. Only the same category; same area and nearest first, then enough quantity,
 * then the most urgent and oldest needs. Coordinators ask for any post; in peer-to-peer
 * mode members ask for their own.
 */
export class SuggestionService {
  readonly #db: Database;
  readonly #posts: PostService;
  readonly #siblingPosts: SiblingPostService;
  readonly #settings: NetworkSettingsService;

  constructor(db: Database, deps: { posts: PostService; siblingPosts: SiblingPostService; settings: NetworkSettingsService }) {
    this.#db = db;
    this.#posts = deps.posts;
    this.#siblingPosts = deps.siblingPosts;
    this.#settings = deps.settings;
  }

  async suggest(viewer: Viewer, postId: string, limit = 20): Promise<Suggestions> {
    const row = isUuid(postId) ? await findPost(this.#db, postId) : undefined;
    // A post the caller may not see is "no such post", before any other answer about it.
    if (row === undefined || !canView(viewer, row.post)) throw new NotFoundError("No such post.");
    const post = row.post;
    await this.#mayAsk(viewer, post);
    if (post.status !== "open" && post.status !== "partially_matched")
      throw new ConflictError(`That post is ${post.status.replace("_", " ")}.`);
    const rows = await findSuggestions(this.#db, post, visibleTo(viewer), limit);
    const needed = post.quantity === null ? null : post.quantity - post.allocatedQuantity;
    const views = new Map(
      (
        await this.#posts.getMany(
          viewer,
          rows.map((r) => r.id),
        )
      ).map((v) => [v.id, v]),
    );
    const suggestions = rows.map((row) => {
      const available = row.available === null ? null : Number(row.available);
      const distanceKm = row.distance_km === null ? null : Number(row.distance_km);
      const reasons = ["same_category"];
      if (row.same_area) reasons.push("same_area");
      if (distanceKm !== null) reasons.push(`distance_km:${Math.round(distanceKm * 10) / 10}`);
      reasons.push(available === null || needed === null || available >= needed ? "enough_quantity" : "partial_quantity");
      if (row.urgency === "critical" || row.urgency === "high") reasons.push(`urgency:${row.urgency}`);
      reasons.push(`waiting_days:${Math.floor((Date.now() - new Date(row.created_at).getTime()) / DAY_MS)}`);
      return { post: views.get(row.id)!, reasons, distanceKm, available };
    });
    const otherKind = post.kind === "request" ? "offer" : "request";
    const siblings = await this.#siblingPosts.list(viewer, { kind: otherKind, category: post.category, perPage: limit });
    return { suggestions, fromSiblings: siblings.items };
  }

  async #mayAsk(viewer: Viewer, post: PostRow): Promise<void> {
    if (isCoordinator(viewer)) return;
    const member = activeMember(viewer);
    const ownPost = member !== null && post.authorId === member.id;
    if (!ownPost || !(await this.#settings.profile()).peerToPeerClaims) {
      throw new ForbiddenError("Only coordinators match offers and requests.");
    }
  }
}
