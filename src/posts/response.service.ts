import sanitizeHtml from "sanitize-html";
import type { Database } from "../../db/database.ts";
import { findPost } from "../../db/queries/posts.ts";
import { findFollowedActor, findRemoteActorById, findRemoteActorByIri, listRemoteNetworks } from "../../db/queries/remote-networks.ts";
import {
  deleteResponse,
  findResponse,
  insertReplyWithAuthor,
  insertResponse,
  listResponsesForPost,
  setResponseStatus,
} from "../../db/queries/sibling-posts.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ConflictError, ForbiddenError, InvalidFieldsError, NotFoundError } from "../errors.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import { activeMember, isCoordinator, type Viewer } from "../members/viewer.ts";
import { type RemoteActorProfile, toProfile } from "../networks/ports.ts";
import type { Notifier } from "../notifications/ports.ts";
import { cleanText, escapeHtml, truncate } from "../text.ts";
import { isUuid } from "../validation.ts";
import type { ResponsePublisher } from "./ports.ts";
import type { PostAnnouncer } from "./post-announcer.ts";

export interface ResponseView {
  id: string;
  postId: string;
  /** A reply from Mastodon and co., or help offered by a sibling network's member. */
  source: "reply" | "sibling";
  from: { actor: string; handle: string | null; name: string | null };
  /** Sanitised HTML. */
  contentHtml: string;
  url: string | null;
  quantity: number | null;
  status: "received" | "accepted" | "declined";
  receivedAt: string;
}

/** What remote HTML may keep: text structure and links, nothing that runs or loads. */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "a", "span", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre"],
  // rel is ours (set below, replacing any the sender wrote); without it here it was dropped.
  allowedAttributes: { a: ["href", "rel"] },
  allowedSchemes: ["http", "https"],
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener noreferrer" }) },
};

/** How much of a remote reply we keep, counted in its HTML as received. */
const MAX_REMOTE_HTML = 20_000;

/**
 * Cut first, then sanitise: sanitize-html drops a tag the cut left half-written and closes
 * the ones it left open, so what is stored is always whole. (Cutting sanitised HTML can
 * leave an open `<a href="…` that swallows the page's own markup after it.)
 */
export function sanitizeRemoteHtml(html: string): string {
  return cleanText(sanitizeHtml(truncate(html, MAX_REMOTE_HTML), SANITIZE));
}

/**
 * Answers to our posts from other servers (for now: replies from Mastodon). Coordinators
 * read them on the post's page; they are never shown publicly.
 */
export class ResponseService {
  readonly #db: Database;
  readonly #publisher: ResponsePublisher;
  readonly #log: CoordinatorLogService;
  readonly #announcer: PostAnnouncer;
  readonly #notifier: Notifier;

  constructor(
    db: Database,
    deps: { publisher: ResponsePublisher; log: CoordinatorLogService; announcer: PostAnnouncer; notifier: Notifier },
  ) {
    this.#notifier = deps.notifier;
    this.#db = db;
    this.#publisher = deps.publisher;
    this.#log = deps.log;
    this.#announcer = deps.announcer;
  }

  /**
   * A sibling network offers help with one of our posts (a FEP-0837 Offer of an Agreement):
   * kept for a coordinator to accept or decline. Only from networks we follow.
   */
  async receiveOffer(
    postId: string,
    network: RemoteActorProfile,
    offer: { objectIri: string; message: string; quantity: number | null },
  ): Promise<boolean> {
    if (new URL(offer.objectIri).origin !== new URL(network.iri).origin) return false;
    if (!isUuid(postId)) return false;
    return inTransaction(this.#db, async (tx) => {
      const actor = await findFollowedActor(tx, network.iri);
      if (actor === undefined) return false;
      const post = await findPost(tx, postId);
      if (post === undefined) return false;
      await this.#notifier.notify(
        tx,
        { coordinators: true },
        { kind: "help_offered", subjectId: postId, url: `/posts/${postId}`, params: { title: post.post.title } },
      );
      await insertResponse(tx, {
        postId,
        source: "sibling",
        actorId: actor.id,
        objectIri: offer.objectIri,
        contentHtml: `<p>${escapeHtml(truncate(cleanText(offer.message), 2000))}</p>`,
        url: null,
        quantity: offer.quantity,
      });
      return true;
    });
  }

  /**
   * A coordinator accepts or declines help from a sibling network. The answer travels back;
   * accepted help counts toward the post's quantity and status. The requester's contact
   * never travels: the coordinator passes it on to the helper by other means.
   */
  async decide(viewer: Viewer, responseId: string, decision: "accept" | "decline"): Promise<ResponseView> {
    const coordinator = activeMember(viewer);
    if (coordinator === null || !isCoordinator(coordinator)) throw new ForbiddenError("Only coordinators decide on responses.");
    const response = isUuid(responseId) ? await findResponse(this.#db, responseId) : undefined;
    if (response === undefined) throw new NotFoundError("No such response.");
    if (response.source !== "sibling") throw new InvalidFieldsError({ decision: "only help offered by a sibling network is decided" });
    if (response.status !== "received") throw new ConflictError(`That response was already ${response.status}.`);
    const status = decision === "accept" ? "accepted" : "declined";
    await inTransaction(this.#db, async (tx) => {
      await setResponseStatus(tx, response.id, status);
      const [network] = await listRemoteNetworks(tx, { id: response.actorId });
      const actor = network?.actor ?? (await findRemoteActorById(tx, response.actorId))!;
      await this.#publisher.answerOffer(toProfile(actor), response.objectIri, status === "accepted");
      await this.#log.record(tx, coordinator, status === "accepted" ? "response_accepted" : "response_declined", {
        postId: response.postId,
      });
      if (status === "accepted") await this.#announcer.countAcceptedHelp(tx, response.postId);
      const post = (await findPost(tx, response.postId))!.post;
      const notice = {
        kind: status === "accepted" ? "help_accepted" : "help_declined",
        subjectId: post.id,
        url: `/posts/${post.id}`,
        params: { title: post.title },
      } as const;
      await this.#notifier.notify(tx, { members: [post.authorId] }, notice, coordinator.id);
    });
    return (await this.listForPost(coordinator, response.postId)).find((r) => r.id === response.id)!;
  }

  async receiveReply(
    postId: string,
    actor: RemoteActorProfile,
    reply: { objectIri: string; contentHtml: string; url: string | null },
  ): Promise<boolean> {
    if (new URL(reply.objectIri).origin !== new URL(actor.iri).origin) return false;
    if (!isUuid(postId)) return false;
    // One statement checks the post and stores the reply with its author. Should the post go
    // while it runs, it fails (the reply's post must exist) and the retry finds the post gone.
    return await insertReplyWithAuthor(this.#db, actor, {
      postId,
      objectIri: reply.objectIri,
      contentHtml: sanitizeRemoteHtml(reply.contentHtml),
      url: reply.url,
    });
  }

  /** The author deleted their reply: so do we. */
  async removeReply(actorIri: string, objectIri: string): Promise<void> {
    const actor = await findRemoteActorByIri(this.#db, actorIri);
    if (actor !== undefined) await deleteResponse(this.#db, actor.id, objectIri);
  }

  async listForPost(viewer: Viewer, postId: string): Promise<ResponseView[]> {
    if (!isCoordinator(viewer)) throw new ForbiddenError("Only coordinators see responses.");
    if (!isUuid(postId) || (await findPost(this.#db, postId)) === undefined) {
      throw new NotFoundError("No such post.");
    }
    const rows = await listResponsesForPost(this.#db, postId);
    return rows.map(({ response, actorIri, actorHandle, actorName }) => ({
      id: response.id,
      postId: response.postId,
      source: response.source,
      from: { actor: actorIri, handle: actorHandle, name: actorName },
      contentHtml: response.contentHtml,
      url: response.url,
      quantity: response.quantity,
      status: response.status,
      receivedAt: response.receivedAt.toISOString(),
    }));
  }
}
