import { z } from "zod";
import type { Database } from "../../db/database.ts";
import {
  allMatchesCompleted,
  findMatch,
  findSuggestions,
  insertMatch,
  listMatchesFor,
  releaseQuantity,
  reserveQuantity,
  setMatchStatus,
  type MatchRow,
} from "../../db/queries/matches.ts";
import { findPost, type PostRow } from "../../db/queries/posts.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ConflictError, ForbiddenError, InvalidFieldsError, NotFoundError } from "../errors.ts";
import type { Member } from "../members/member.service.ts";
import { activeMember, isCoordinator, type Viewer } from "../members/viewer.ts";
import { visibleTo } from "../posts/post.policy.ts";
import type { PostService } from "../posts/post.service.ts";
import type { PostView } from "../posts/post.view.ts";
import { isUuid, parseOrThrow } from "../validation.ts";

export const MATCH_STATUSES = ["proposed", "accepted", "scheduled", "completed", "cancelled"] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

/** Which status a match may move to from each: forward through the lifecycle, or cancelled. */
const NEXT: Record<MatchStatus, readonly MatchStatus[]> = {
  proposed: ["accepted", "cancelled"],
  accepted: ["scheduled", "completed", "cancelled"],
  scheduled: ["completed", "cancelled"],
  completed: [],
  cancelled: [],
};

export const createMatchSchema = z.object({
  request: z.uuid({ error: "use a request's id" }),
  offer: z.uuid({ error: "use an offer's id" }),
  quantity: z.number().int({ error: "use a whole number" }).min(1, { error: "use at least 1" }).max(1_000_000),
});

export interface Suggestion {
  post: PostView;
  /** Why it ranks where it does, as codes a page can word. */
  reasons: string[];
  distanceKm: number | null;
  available: number | null;
}

export interface MatchView {
  id: string;
  request: string;
  offer: string;
  quantity: number;
  status: MatchStatus;
  createdAt: string;
  updatedAt: string;
}

/**
 * Matching offers to requests. A match reserves its quantity on both posts as soon as it
 * is made (the database refuses an over-allocation), and the posts' statuses follow:
 * partially matched, matched, fulfilled once every match is completed.
 */
export class MatchService {
  readonly #db: Database;
  readonly #posts: PostService;

  constructor(db: Database, posts: PostService) {
    this.#db = db;
    this.#posts = posts;
  }

  async suggest(viewer: Viewer, postId: string, limit = 20): Promise<Suggestion[]> {
    const coordinator = requireCoordinator(viewer);
    const post = await this.#activePost(postId, "post");
    const rows = await findSuggestions(this.#db, post, visibleTo(coordinator), limit);
    const needed = post.quantity === null ? null : post.quantity - post.allocatedQuantity;
    const views = await Promise.all(rows.map((r) => this.#posts.get(coordinator, r.id)));
    return rows.map((row, i) => {
      const reasons = ["same_category"];
      if (row.same_area) reasons.push("same_area");
      if (row.distance_km !== null) reasons.push(`distance_km:${Math.round(Number(row.distance_km) * 10) / 10}`);
      if (row.available === null || needed === null || Number(row.available) >= needed) reasons.push("enough_quantity");
      else reasons.push("partial_quantity");
      if (row.urgency === "critical" || row.urgency === "high") reasons.push(`urgency:${row.urgency}`);
      reasons.push(`waiting_days:${Math.floor((Date.now() - new Date(row.created_at).getTime()) / 86_400_000)}`);
      return {
        post: views[i]!,
        reasons,
        distanceKm: row.distance_km === null ? null : Number(row.distance_km),
        available: row.available === null ? null : Number(row.available),
      };
    });
  }

  async create(viewer: Viewer, input: z.input<typeof createMatchSchema>): Promise<MatchView> {
    const coordinator = requireCoordinator(viewer);
    const fields = parseOrThrow(createMatchSchema, input);
    const request = await this.#activePost(fields.request, "request");
    const offer = await this.#activePost(fields.offer, "offer");
    if (request.kind !== "request") throw new InvalidFieldsError({ request: "is not a request" });
    if (offer.kind !== "offer") throw new InvalidFieldsError({ offer: "is not an offer" });
    if (request.category !== offer.category) throw new InvalidFieldsError({ offer: "is of another category" });
    const match = await inTransaction(this.#db, async (tx) => {
      // Offer first, request second, always in this order: two allocations never deadlock.
      const reservedOffer = await reserveQuantity(tx, offer.id, fields.quantity);
      if (reservedOffer === undefined) throw new ConflictError("The offer does not have that much left.");
      const reservedRequest = await reserveQuantity(tx, request.id, fields.quantity);
      if (reservedRequest === undefined) throw new ConflictError("The request does not need that much any more.");
      const row = await insertMatch(tx, {
        requestId: request.id,
        offerId: offer.id,
        quantity: fields.quantity,
        createdById: coordinator.id,
      });
      await this.#posts.followAllocation(tx, offer.id);
      await this.#posts.followAllocation(tx, request.id);
      return row;
    });
    return toView(match);
  }

  async update(viewer: Viewer, id: string, status: MatchStatus): Promise<MatchView> {
    requireCoordinator(viewer);
    if (!MATCH_STATUSES.includes(status)) throw new InvalidFieldsError({ status: `use one of ${MATCH_STATUSES.join(", ")}` });
    const match = isUuid(id) ? await findMatch(this.#db, id) : undefined;
    if (match === undefined) throw new NotFoundError("No such match.");
    if (!NEXT[match.status].includes(status)) {
      throw new ConflictError(`A ${match.status} match cannot become ${status}.`);
    }
    const updated = await inTransaction(this.#db, async (tx) => {
      const row = await setMatchStatus(tx, match.id, status);
      if (status === "cancelled") {
        await releaseQuantity(tx, match.offerId, match.quantity);
        await releaseQuantity(tx, match.requestId, match.quantity);
      }
      for (const postId of [match.offerId, match.requestId]) {
        if (status === "completed" && (await allMatchesCompleted(tx, postId))) await this.#posts.followAllocation(tx, postId, true);
        else await this.#posts.followAllocation(tx, postId);
      }
      return row;
    });
    return toView(updated);
  }

  async list(viewer: Viewer, postId?: string): Promise<MatchView[]> {
    requireCoordinator(viewer);
    if (postId !== undefined && !isUuid(postId)) throw new NotFoundError("No such post.");
    return (await listMatchesFor(this.#db, postId)).map(toView);
  }

  async #activePost(id: string, field: string): Promise<PostRow> {
    const row = isUuid(id) ? await findPost(this.#db, id) : undefined;
    if (row === undefined) throw new NotFoundError(`No such ${field}.`);
    if (row.post.status !== "open" && row.post.status !== "partially_matched") {
      throw new ConflictError(`That ${field} is ${row.post.status.replace("_", " ")}.`);
    }
    return row.post;
  }
}

function requireCoordinator(viewer: Viewer): Member {
  const member = activeMember(viewer);
  if (member === null || !isCoordinator(member)) throw new ForbiddenError("Only coordinators match offers and requests.");
  return member;
}

function toView(row: MatchRow): MatchView {
  return {
    id: row.id,
    request: row.requestId,
    offer: row.offerId,
    quantity: row.quantity,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
