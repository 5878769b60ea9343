import sanitizeHtml from "sanitize-html";
import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { findPost } from "../../db/queries/posts.ts";
import { findRemoteActorByIri, upsertRemoteActor } from "../../db/queries/remote-networks.ts";
import { deleteResponse, insertResponse, listResponsesForPost } from "../../db/queries/remote-posts.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import { isCoordinator, type Viewer } from "../members/viewer.ts";
import type { RemoteActorProfile } from "../networks/ports.ts";
import { cleanText } from "../text.ts";

export interface ResponseView {
  id: string;
  source: "reply";
  from: { actor: string; handle: string | null; name: string | null };
  /** Sanitised HTML. */
  contentHtml: string;
  url: string | null;
  receivedAt: string;
}

/** What remote HTML may keep: text structure and links, nothing that runs or loads. */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "a", "span", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre"],
  allowedAttributes: { a: ["href"] },
  allowedSchemes: ["http", "https"],
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener noreferrer" }) },
};

export function sanitizeRemoteHtml(html: string): string {
  return cleanText(sanitizeHtml(html, SANITIZE)).slice(0, 20_000);
}

/**
 * Answers to our posts from other servers (for now: replies from Mastodon). Coordinators
 * read them on the post's page; they are never shown publicly.
 */
export class ResponseService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async receiveReply(
    postId: string,
    actor: RemoteActorProfile,
    reply: { objectIri: string; contentHtml: string; url: string | null },
  ): Promise<boolean> {
    if (new URL(reply.objectIri).origin !== new URL(actor.iri).origin) return false;
    if (!z.uuid().safeParse(postId).success) return false;
    return inTransaction(this.#db, async (tx) => {
      if ((await findPost(tx, postId)) === undefined) return false;
      const stored = await upsertRemoteActor(tx, actor);
      await insertResponse(tx, {
        postId,
        source: "reply",
        actorId: stored.id,
        objectIri: reply.objectIri,
        contentHtml: sanitizeRemoteHtml(reply.contentHtml),
        url: reply.url,
      });
      return true;
    });
  }

  /** The author deleted their reply: so do we. */
  async removeReply(actorIri: string, objectIri: string): Promise<void> {
    const actor = await findRemoteActorByIri(this.#db, actorIri);
    if (actor !== undefined) await deleteResponse(this.#db, actor.id, objectIri);
  }

  async listForPost(viewer: Viewer, postId: string): Promise<ResponseView[]> {
    if (!isCoordinator(viewer)) throw new ForbiddenError("Only coordinators see responses.");
    if (!z.uuid().safeParse(postId).success || (await findPost(this.#db, postId)) === undefined) {
      throw new NotFoundError("No such post.");
    }
    const rows = await listResponsesForPost(this.#db, postId);
    return rows.map(({ response, actorIri, actorHandle, actorName }) => ({
      id: response.id,
      source: response.source,
      from: { actor: actorIri, handle: actorHandle, name: actorName },
      contentHtml: response.contentHtml,
      url: response.url,
      receivedAt: response.receivedAt.toISOString(),
    }));
  }
}
