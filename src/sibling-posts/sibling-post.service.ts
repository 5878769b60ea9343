import type { Database } from "../../db/database.ts";
import {
  findRemoteCrisesByIri,
  findSiblingPostByIri,
  listAnnouncedForCrisis,
  markSiblingPostForwarded,
  setAnnounceIri,
  upsertRemoteCrisis,
} from "../../db/queries/remote-crises.ts";
import { findRemoteActorById, findRemoteActorByIri, upsertRemoteActor } from "../../db/queries/remote-networks.ts";
import {
  deleteSiblingPost,
  listSiblingPosts,
  type SiblingPostRow,
  type SiblingPostWithOrigin,
  upsertSiblingPost,
} from "../../db/queries/sibling-posts.ts";
import { inTransaction } from "../../db/transaction.ts";
import { logger } from "../logging.ts";
import { activeMember, type Viewer } from "../members/viewer.ts";
import { findFollowedSender } from "../networks/followed-sender.ts";
import type { RemoteActorProfile } from "../networks/ports.ts";
import type { Notifier } from "../notifications/ports.ts";
import { ACTIVE_STATUSES } from "../posts/post.schema.ts";
import type { ForwardInput, RemoteCrisisInput, SiblingPostInput, SiblingPostPublisher } from "./ports.ts";

const log = logger("sibling-posts");

/** A sibling network's post, as this network's pages and API show it. */
export interface SiblingPostView {
  id: string;
  origin: { actor: string; name: string | null; handle: string | null };
  kind: SiblingPostInput["kind"];
  category: SiblingPostInput["category"];
  title: string;
  details: string;
  urgency: SiblingPostInput["urgency"];
  area: string;
  quantity: number | null;
  unit: string | null;
  untilDate: string | null;
  status: SiblingPostInput["status"];
  visibility: SiblingPostInput["visibility"];
  url: string | null;
  publishedAt: string;
  updatedAt: string;
  /** Forwarded to us by a sibling during a crisis. */
  forwarded: boolean;
  crisis: { id: string; title: string } | null;
}

/**
 * Nearby networks' posts. Only networks we follow (and whose follow they accepted) can
 * put posts here, and only posts whose ids are on their own host.
 */
export class SiblingPostService {
  readonly #db: Database;
  readonly #publisher: SiblingPostPublisher;
  readonly #notifier: Notifier;

  constructor(db: Database, publisher: SiblingPostPublisher, notifier: Notifier) {
    this.#db = db;
    this.#publisher = publisher;
    this.#notifier = notifier;
  }

  async receive(origin: RemoteActorProfile, input: SiblingPostInput): Promise<boolean> {
    if (new URL(input.objectIri).origin !== new URL(origin.iri).origin) {
      log.warn("Ignoring {object} from {origin}: not on its host", { object: input.objectIri, origin: origin.iri });
      return false;
    }
    return inTransaction(this.#db, async (tx) => {
      const actor = await findFollowedSender(tx, origin.iri);
      if (actor === undefined) {
        log.info("Ignoring a post from {origin}, which we do not follow", { origin: origin.iri });
        return false;
      }
      await upsertRemoteActor(tx, origin);
      await this.#store(tx, actor.id, input);
      return true;
    });
  }

  async knowsCrisis(objectIri: string): Promise<boolean> {
    return (await findRemoteCrisesByIri(this.#db, [objectIri])).length > 0;
  }

  /** A sibling's crisis: kept for its title; when it ends, the needs forwarded in it close here. */
  async receiveCrisis(origin: RemoteActorProfile, input: RemoteCrisisInput): Promise<void> {
    if (new URL(input.objectIri).origin !== new URL(origin.iri).origin) return;
    await inTransaction(this.#db, async (tx) => {
      const actor = await findFollowedSender(tx, origin.iri);
      if (actor === undefined) return;
      await upsertRemoteCrisis(tx, { ...input, originId: actor.id });
      if (!input.ended) return;
      for (const post of await listAnnouncedForCrisis(tx, input.objectIri)) {
        await this.#publisher.undoAnnounce(tx, post.announceIri!, post.noteIri ?? post.objectIri);
        await setAnnounceIri(tx, post.id, null);
      }
    });
  }

  /**
   * A sibling asks for help with a need (its own, or one passed on from further away). We
   * list it as forwarded, announce it to our followers, and pass it on if hops remain. A
   * need that arrives again, by any path, changes nothing: it is shown once, and nothing
   * loops.
   */
  async receiveForward(
    forwarder: RemoteActorProfile,
    origin: RemoteActorProfile,
    need: SiblingPostInput,
    forward: ForwardInput,
  ): Promise<void> {
    if (new URL(need.objectIri).origin !== new URL(origin.iri).origin) return;
    await inTransaction(this.#db, async (tx) => {
      const via = await findFollowedSender(tx, forwarder.iri);
      if (via === undefined) {
        log.info("Ignoring a forwarded need from {actor}, which we do not follow", { actor: forwarder.iri });
        return;
      }
      const originActor = await upsertRemoteActor(tx, origin);
      const existing = await findSiblingPostByIri(tx, need.objectIri);
      if (existing?.forwardedAt) return;
      const stored = await this.#store(tx, originActor.id, need);
      await markSiblingPostForwarded(tx, stored.id, {
        forwardedCrisisIri: forward.crisisIri,
        forwardedById: via.id,
        hopsLeft: Math.max(0, forward.hopsLeft),
      });
      await this.#notifier.notify(
        tx,
        { coordinators: true },
        { kind: "need_forwarded", subjectId: stored.id, url: "/nearby", params: { title: need.title } },
      );
      if ((ACTIVE_STATUSES as readonly string[]).includes(need.status) && need.noteIri) {
        await setAnnounceIri(tx, stored.id, await this.#publisher.announceNeed(tx, need.noteIri));
      }
      if (forward.hopsLeft > 0) {
        await this.#publisher.passOn(tx, { ...forward, hopsLeft: forward.hopsLeft - 1 }, [forwarder.iri, origin.iri]);
      }
    });
  }

  /** Stores a post; a forwarded need that has closed stops being announced. */
  async #store(tx: Database, originId: string, input: SiblingPostInput) {
    const { approxLocation, ...rest } = input;
    await upsertSiblingPost(tx, {
      ...rest,
      originId,
      approxLatitude: approxLocation?.latitude ?? null,
      approxLongitude: approxLocation?.longitude ?? null,
    });
    const stored = (await findSiblingPostByIri(tx, input.objectIri))!;
    if (stored.announceIri !== null && !(ACTIVE_STATUSES as readonly string[]).includes(stored.status)) {
      await this.#closeForwarded(tx, stored);
    }
    return stored;
  }

  /** A forwarded need closed: stop announcing it, and tell whoever we passed it on to. */
  async #closeForwarded(tx: Database, post: SiblingPostRow): Promise<void> {
    if (post.announceIri !== null) {
      await this.#publisher.undoAnnounce(tx, post.announceIri, post.noteIri ?? post.objectIri);
      await setAnnounceIri(tx, post.id, null);
    }
    if (post.hopsLeft > 0) {
      const except = [post.originId, post.forwardedById].filter((id): id is string => id !== null);
      const exceptIris = [];
      for (const id of except) exceptIris.push((await findRemoteActorById(tx, id))?.iri ?? "");
      await this.#publisher.passOnClosure(tx, post.objectIri, exceptIris);
    }
  }

  /**
   * The network that forwarded us a need says it closed. `latest` is the need as its origin
   * now publishes it, or null if it no longer does (deleted, or not public): then it goes.
   */
  async receiveForwardClosed(forwarderIri: string, objectIri: string, latest: SiblingPostInput | null): Promise<void> {
    await inTransaction(this.#db, async (tx) => {
      const post = await findSiblingPostByIri(tx, objectIri);
      const forwarder = await findRemoteActorByIri(tx, forwarderIri);
      if (post === undefined || forwarder === undefined || post.forwardedById !== forwarder.id) return;
      if (latest === null || latest.objectIri !== objectIri) {
        await this.#closeForwarded(tx, post);
        await deleteSiblingPost(tx, post.originId, objectIri);
        return;
      }
      // What the origin says wins: if it still says "open", the need stays open here.
      await this.#store(tx, post.originId, latest);
    });
  }

  async remove(originIri: string, objectIri: string): Promise<void> {
    const actor = await findRemoteActorByIri(this.#db, originIri);
    if (actor !== undefined) await deleteSiblingPost(this.#db, actor.id, objectIri);
  }

  /** Open posts of nearby networks; members also see what siblings share with members. */
  async list(
    viewer: Viewer,
    options: {
      page?: number;
      perPage?: number;
      includeClosed?: boolean;
      kind?: SiblingPostView["kind"];
      category?: SiblingPostView["category"];
    } = {},
  ) {
    const page = options.page ?? 1;
    const perPage = options.perPage ?? 50;
    const { rows, total } = await listSiblingPosts(
      this.#db,
      {
        visibilities: activeMember(viewer) === null ? ["public"] : ["public", "members"],
        statuses: options.includeClosed ? [] : [...ACTIVE_STATUSES],
        kind: options.kind,
        category: options.category,
      },
      { offset: (page - 1) * perPage, limit: perPage },
    );
    return { items: rows.map(toSiblingPostView), page, perPage, total };
  }
}

function toSiblingPostView({
  post,
  originIri,
  originName,
  originHandle,
  crisisTitle,
  crisisEnded,
}: SiblingPostWithOrigin): SiblingPostView {
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
    forwarded: post.forwardedAt !== null && crisisEnded !== true,
    crisis: post.forwardedCrisisIri && crisisTitle ? { id: post.forwardedCrisisIri, title: crisisTitle } : null,
  };
}
