import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { findRemoteActorById } from "../../db/queries/remote-networks.ts";
import {
  findOutgoingResponse,
  findSiblingPostById,
  insertOutgoingResponse,
  listOutgoingResponses,
  setOutgoingResponseStatus,
} from "../../db/queries/sibling-posts.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ConflictError, NotFoundError, UnauthenticatedError } from "../errors.ts";
import { logger } from "../logging.ts";
import { activeMember, isCoordinator, type Viewer } from "../members/viewer.ts";
import { ACTIVE_STATUSES, quantitySchema } from "../posts/post.schema.ts";
import { isUuid, parseOrThrow, typedText } from "../validation.ts";
import type { OutgoingResponsePublisher } from "./ports.ts";

const log = logger("sibling-posts", "responses");

export const outgoingResponseSchema = z.object({
  message: typedText({ min: 3, max: 2000, multiline: true, requiredError: "is required" }),
  quantity: quantitySchema.nullable().optional(),
});
export type OutgoingResponseInput = z.input<typeof outgoingResponseSchema>;

/** An offer of help as the helper's own network shows it. */
export interface OutgoingResponseView {
  id: string;
  message: string;
  quantity: number | null;
  status: "received" | "accepted" | "declined";
  mine: boolean;
  createdAt: string;
  decidedAt: string | null;
}

/**
 * Our members' help for sibling networks' posts: the offer goes to the origin network, whose
 * coordinator accepts or declines it; the answer comes back here.
 */
export class OutgoingResponseService {
  readonly #db: Database;
  readonly #publisher: OutgoingResponsePublisher;

  constructor(db: Database, publisher: OutgoingResponsePublisher) {
    this.#db = db;
    this.#publisher = publisher;
  }

  async respond(viewer: Viewer, siblingPostId: string, input: OutgoingResponseInput): Promise<OutgoingResponseView> {
    const member = activeMember(viewer);
    if (member === null) throw new UnauthenticatedError("Sign in as an active member first.");
    const fields = parseOrThrow(outgoingResponseSchema, input);
    const post = isUuid(siblingPostId) ? await findSiblingPostById(this.#db, siblingPostId) : undefined;
    if (post === undefined || (post.visibility === "members" && member === null)) throw new NotFoundError("No such post.");
    if (!(ACTIVE_STATUSES as readonly string[]).includes(post.status)) throw new ConflictError("That post is no longer open.");
    const origin = (await findRemoteActorById(this.#db, post.originId))!;
    const row = await inTransaction(this.#db, async (tx) => {
      const stored = await insertOutgoingResponse(tx, {
        siblingPostId: post.id,
        memberId: member.id,
        message: fields.message,
        quantity: fields.quantity ?? null,
      });
      await this.#publisher.sendOffer({
        responseId: stored.id,
        origin: { ...origin, type: origin.type },
        proposalIri: post.objectIri,
        message: fields.message,
        quantity: stored.quantity,
        unit: post.unit,
      });
      return stored;
    });
    return toView(row, member.id);
  }

  /** The origin network accepted or declined our offer. Only the post's origin may answer. */
  async receiveAnswer(responseId: string, answeringActorIri: string, accepted: boolean): Promise<void> {
    const response = isUuid(responseId) ? await findOutgoingResponse(this.#db, responseId) : undefined;
    const post = response && (await findSiblingPostById(this.#db, response.siblingPostId));
    const origin = post && (await findRemoteActorById(this.#db, post.originId));
    if (response === undefined || origin?.iri !== answeringActorIri) {
      log.warn("Ignoring an answer from {actor} to {response}", { actor: answeringActorIri, response: responseId });
      return;
    }
    await setOutgoingResponseStatus(this.#db, response.id, accepted ? "accepted" : "declined");
  }

  /** Our offers for a sibling's post: a member sees their own, a coordinator all of them. */
  async list(viewer: Viewer, siblingPostId: string): Promise<OutgoingResponseView[]> {
    const member = activeMember(viewer);
    if (member === null) throw new UnauthenticatedError("Sign in as an active member first.");
    if (!isUuid(siblingPostId) || (await findSiblingPostById(this.#db, siblingPostId)) === undefined) {
      throw new NotFoundError("No such post.");
    }
    const rows = await listOutgoingResponses(this.#db, siblingPostId);
    return rows.filter((r) => isCoordinator(member) || r.memberId === member.id).map((r) => toView(r, member.id));
  }

  /** Whether an id names a sibling's post that we hold. */
  async holds(siblingPostId: string): Promise<boolean> {
    return isUuid(siblingPostId) && (await findSiblingPostById(this.#db, siblingPostId)) !== undefined;
  }
}

function toView(row: Awaited<ReturnType<typeof findOutgoingResponse>> & object, memberId: string): OutgoingResponseView {
  return {
    id: row.id,
    message: row.message,
    quantity: row.quantity,
    status: row.status,
    mine: row.memberId === memberId,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}
