import type { Database } from "../../db/database.ts";
import { findFollowingByActor, findRemoteActorByIri, upsertRemoteActor } from "../../db/queries/remote-networks.ts";
import { deleteRemotePost, listRemotePosts, upsertRemotePost, type RemotePostWithOrigin } from "../../db/queries/remote-posts.ts";
import { inTransaction } from "../../db/transaction.ts";
import { logger } from "../logging.ts";
import { activeMember, type Viewer } from "../members/viewer.ts";
import type { RemoteActorProfile } from "../networks/ports.ts";
import { ACTIVE_STATUSES } from "../posts/post.schema.ts";
import type { RemotePostInput } from "./ports.ts";

const log = logger("feed");

/** A sibling network's post, as this network's pages and API show it. */
export interface FeedItem {
  id: string;
  origin: { actor: string; name: string | null; handle: string | null };
  kind: RemotePostInput["kind"];
  category: RemotePostInput["category"];
  title: string;
  details: string;
  urgency: RemotePostInput["urgency"];
  area: string;
  quantity: number | null;
  unit: string | null;
  untilDate: string | null;
  status: RemotePostInput["status"];
  visibility: RemotePostInput["visibility"];
  url: string | null;
  publishedAt: string;
  updatedAt: string;
}

/**
 * Nearby networks' posts. Only networks we follow (and whose follow they accepted) can
 * put posts here, and only posts whose ids are on their own host.
 */
export class FeedService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async receive(origin: RemoteActorProfile, input: RemotePostInput): Promise<boolean> {
    if (new URL(input.objectIri).origin !== new URL(origin.iri).origin) {
      log.warn("Ignoring {object} from {origin}: not on its host", { object: input.objectIri, origin: origin.iri });
      return false;
    }
    return inTransaction(this.#db, async (tx) => {
      const actor = await findRemoteActorByIri(tx, origin.iri);
      const follow = actor && (await findFollowingByActor(tx, actor.id));
      if (actor === undefined || follow?.state !== "accepted") {
        log.info("Ignoring a post from {origin}, which we do not follow", { origin: origin.iri });
        return false;
      }
      await upsertRemoteActor(tx, origin);
      const { approxLocation, ...rest } = input;
      await upsertRemotePost(tx, {
        ...rest,
        originId: actor.id,
        approxLatitude: approxLocation?.latitude ?? null,
        approxLongitude: approxLocation?.longitude ?? null,
      });
      return true;
    });
  }

  async remove(originIri: string, objectIri: string): Promise<void> {
    const actor = await findRemoteActorByIri(this.#db, originIri);
    if (actor !== undefined) await deleteRemotePost(this.#db, actor.id, objectIri);
  }

  /** Open posts of nearby networks; members also see what siblings share with members. */
  async list(viewer: Viewer, options: { page?: number; perPage?: number; includeClosed?: boolean } = {}) {
    const page = options.page ?? 1;
    const perPage = options.perPage ?? 50;
    const { rows, total } = await listRemotePosts(
      this.#db,
      {
        visibilities: activeMember(viewer) === null ? ["public"] : ["public", "members"],
        statuses: options.includeClosed ? [] : [...ACTIVE_STATUSES],
      },
      { offset: (page - 1) * perPage, limit: perPage },
    );
    return { items: rows.map(toFeedItem), page, perPage, total };
  }
}

function toFeedItem({ post, originIri, originName, originHandle }: RemotePostWithOrigin): FeedItem {
  return {
    id: post.id,
    origin: { actor: originIri, name: originName, handle: originHandle },
    kind: post.kind,
    category: post.category,
    title: post.title,
    details: post.details,
    urgency: post.urgency,
    area: post.area,
    quantity: post.quantity,
    unit: post.unit,
    untilDate: post.untilDate,
    status: post.status,
    visibility: post.visibility,
    url: post.url,
    publishedAt: post.publishedAt.toISOString(),
    updatedAt: post.updatedAt.toISOString(),
  };
}
