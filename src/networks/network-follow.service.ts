import type { Database } from "../../db/database.ts";
import {
  countAcceptedFollowers,
  deleteFollowerByActor,
  type FollowState,
  findFollower,
  findFollowing,
  findRemoteActorById,
  findRemoteActorByIri,
  listAcceptedFollowers,
  listAcceptedFollowing,
  listRemoteNetworks,
  type RemoteActorRow,
  setFollowerState,
  setFollowingState,
  upsertFollower,
  upsertFollowing,
  upsertRemoteActor,
} from "../../db/queries/remote-networks.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ConflictError, InvalidFieldsError, InvalidInputError, NotFoundError } from "../errors.ts";
import { logger } from "../logging.ts";
import type { Notifier } from "../notifications/ports.ts";
import { isUuid } from "../validation.ts";
import { type ActorDirectory, type NetworkPublisher, type RemoteActorProfile, type SiblingIntroducer, toProfile } from "./ports.ts";

const log = logger("networks");

/** Actor types that stand for a group of people rather than one person. */
const NETWORK_ACTOR_TYPES = new Set(["Group", "Organization"]);

export interface RemoteNetwork {
  /** Our id for the remote actor; `network approve ID` takes it. */
  id: string;
  actor: string;
  handle: string | null;
  name: string | null;
  type: string;
  /** Their follow of us: pending until a coordinator decides. */
  follower: FollowState | null;
  /** Our follow of them. */
  following: FollowState | null;
  /** Accepted both ways. */
  sibling: boolean;
}

/**
 * Follows between this network and remote actors. People are accepted as followers at
 * once; another network (a Group) waits for a coordinator, because siblings receive
 * more than the public does.
 */
export class NetworkFollowService {
  readonly #db: Database;
  readonly #publisher: NetworkPublisher;
  readonly #directory: ActorDirectory;
  readonly #introducer: SiblingIntroducer;
  readonly #notifier: Notifier;
  readonly #blocks: { isBlocked(iri: string): Promise<boolean> };

  /** `introducer` sends a new sibling the posts it missed. */
  constructor(deps: {
    db: Database;
    publisher: NetworkPublisher;
    directory: ActorDirectory;
    introducer: SiblingIntroducer;
    notifier: Notifier;
    /** Domain and actor blocks: a blocked network cannot be followed. */
    blocks: { isBlocked(iri: string): Promise<boolean> };
  }) {
    this.#blocks = deps.blocks;
    this.#notifier = deps.notifier;
    this.#db = deps.db;
    this.#publisher = deps.publisher;
    this.#directory = deps.directory;
    this.#introducer = deps.introducer;
  }

  /** Sends a Follow to the network at `actorUrlOrHandle`. */
  async follow(actorUrlOrHandle: string): Promise<RemoteNetwork> {
    const input = actorUrlOrHandle.trim();
    if (!/^https?:\/\/\S+$/.test(input) && !/^@?[^@\s]+@[^@\s]+$/.test(input)) {
      throw new InvalidInputError("actor", "expected an actor URL (https://…) or a handle (@name@host)");
    }
    // A blocked server is not even asked (a handle's server is where WebFinger would ask).
    const asked = input.startsWith("http") ? input : `https://${input.split("@").at(-1)}/`;
    const blocked = new InvalidFieldsError({ actor: "that server or actor is blocked; lift the block first" });
    if (await this.#blocks.isBlocked(asked)) throw blocked;
    const profile = await this.#directory.lookUp(input);
    if (profile === null) throw new NotFoundError(`No ActivityPub actor was found at ${input}.`);
    if (await this.#blocks.isBlocked(profile.iri)) throw blocked;
    await inTransaction(this.#db, async (tx) => {
      const actor = await upsertRemoteActor(tx, profile);
      const follow = await upsertFollowing(tx, actor.id);
      await this.#publisher.sendFollow(profile, follow.id);
    });
    log.info("Following {actor}", { actor: profile.iri });
    const [row] = await listRemoteNetworks(this.#db, { iri: profile.iri });
    return toRemoteNetwork(row!.actor, row!.theyFollowUs, row!.weFollowThem);
  }

  /** A Follow arrived from `profile`. */
  async receiveFollow(profile: RemoteActorProfile, followActivityIri: string): Promise<void> {
    await inTransaction(this.#db, async (tx) => {
      const actor = await upsertRemoteActor(tx, profile);
      const isNetwork = NETWORK_ACTOR_TYPES.has(profile.type);
      const follower = await upsertFollower(tx, {
        actorId: actor.id,
        followActivityIri,
        state: isNetwork ? "pending" : "accepted",
      });
      // A repeated Follow of an accepted follow is answered again: the first Accept may have been lost.
      if (follower.state === "accepted") await this.#publisher.sendFollowAccepted(profile, followActivityIri);
      if (follower.state === "rejected") await this.#publisher.sendFollowRejected(profile, followActivityIri);
      if (follower.state === "pending") {
        const network = profile.name ?? profile.handle ?? profile.iri;
        await this.#notifier.notify(
          tx,
          { coordinators: true },
          { kind: "sibling_follow", subjectId: actor.id, url: "/networks", params: { network } },
        );
      }
    });
    log.info("Follow from {actor}", { actor: profile.iri });
  }

  /** An Undo(Follow) arrived: the actor stops following us. */
  async receiveUnfollow(actorIri: string, followActivityIri: string | undefined): Promise<void> {
    const actor = await findRemoteActorByIri(this.#db, actorIri);
    if (actor !== undefined) await deleteFollowerByActor(this.#db, actor.id, followActivityIri);
  }

  /** A coordinator accepts a pending follow from another network. */
  async approveFollower(remoteActorId: string): Promise<RemoteNetwork> {
    return this.#decideFollower(remoteActorId, "accepted");
  }

  /** A coordinator refuses a follow from another network. */
  async rejectFollower(remoteActorId: string): Promise<RemoteNetwork> {
    return this.#decideFollower(remoteActorId, "rejected");
  }

  /** The remote actor answered our Follow. Answers from anyone but its target are ignored. */
  async receiveFollowAnswer(followId: string, answeringActorIri: string, accepted: boolean): Promise<void> {
    const follow = await findFollowing(this.#db, followId);
    const target = follow && (await findRemoteActorById(this.#db, follow.actorId));
    if (follow === undefined || target?.iri !== answeringActorIri) {
      log.warn("Ignoring an answer from {actor} to an unknown follow {followId}", { actor: answeringActorIri, followId });
      return;
    }
    // One transaction: a new sibling's introduction is queued if and only if the follow is accepted.
    await inTransaction(this.#db, async (tx) => {
      await setFollowingState(tx, follow.id, accepted ? "accepted" : "rejected");
      if (accepted) await this.#introduceIfSibling(tx, target.iri);
    });
    log.info("{actor} {answer} our follow", { actor: answeringActorIri, answer: accepted ? "accepted" : "rejected" });
  }

  /**
   * Who receives what we address to our followers. The reads below take the caller's
   * transaction when there is one: publishers address activities from inside it.
   */
  async acceptedFollowers(executor: Database = this.#db): Promise<RemoteActorProfile[]> {
    return (await listAcceptedFollowers(executor)).map(toProfile);
  }

  countAcceptedFollowers(executor: Database = this.#db): Promise<number> {
    return countAcceptedFollowers(executor);
  }

  /** Networks that follow us and that we follow, both accepted. */
  async siblings(executor: Database = this.#db): Promise<RemoteActorProfile[]> {
    const rows = await listRemoteNetworks(executor);
    return rows.filter((r) => r.theyFollowUs === "accepted" && r.weFollowThem === "accepted").map((r) => toProfile(r.actor));
  }

  async acceptedFollowing(executor: Database = this.#db): Promise<RemoteActorProfile[]> {
    return (await listAcceptedFollowing(executor)).map(toProfile);
  }

  async list(): Promise<RemoteNetwork[]> {
    const rows = await listRemoteNetworks(this.#db);
    return rows.map((row) => toRemoteNetwork(row.actor, row.theyFollowUs, row.weFollowThem));
  }

  async #decideFollower(remoteActorId: string, state: "accepted" | "rejected"): Promise<RemoteNetwork> {
    const [row] = isUuid(remoteActorId) ? await listRemoteNetworks(this.#db, { id: remoteActorId }) : [];
    if (row?.followerId == null) throw new NotFoundError(`No follow request from a network with the id ${remoteActorId}.`);
    if (row.theyFollowUs === state) throw new ConflictError(`That follow is already ${state}.`);
    await inTransaction(this.#db, async (tx) => {
      const follower = (await findFollower(tx, row.followerId!))!;
      await setFollowerState(tx, follower.id, state);
      const profile = toProfile(row.actor);
      if (state === "accepted") await this.#publisher.sendFollowAccepted(profile, follower.followActivityIri);
      else await this.#publisher.sendFollowRejected(profile, follower.followActivityIri);
      if (state === "accepted") await this.#introduceIfSibling(tx, row.actor.iri);
    });
    return toRemoteNetwork(row.actor, state, row.weFollowThem);
  }

  async #introduceIfSibling(tx: Database, iri: string): Promise<void> {
    const [row] = await listRemoteNetworks(tx, { iri });
    if (row?.theyFollowUs === "accepted" && row.weFollowThem === "accepted") await this.#introducer.introduceTo(tx, toProfile(row.actor));
  }
}

function toRemoteNetwork(actor: RemoteActorRow, follower: FollowState | null, following: FollowState | null): RemoteNetwork {
  return {
    id: actor.id,
    actor: actor.iri,
    handle: actor.handle,
    name: actor.name,
    type: actor.type,
    follower,
    following,
    sibling: follower === "accepted" && following === "accepted",
  };
}
