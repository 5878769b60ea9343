import type { Database } from "../../db/database.ts";
import {
  announceServerBlocksChanged,
  deleteServerBlock,
  insertServerBlock,
  listRemoteActorIris,
  listServerBlocks,
  listServerBlockTargets,
  type ServerBlockRow,
  severRemoteActors,
} from "../../db/queries/server-blocks.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ConflictError, InvalidFieldsError, NotFoundError } from "../errors.ts";
import { logger } from "../logging.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import type { Viewer } from "../members/viewer.ts";
import type { ActorDirectory } from "../networks/ports.ts";
import { isUuid, parseOrThrow } from "../validation.ts";
import { requireSafetyTeam } from "./report.policy.ts";
import {
  anyBlockCovers,
  type BlockTarget,
  blockCovers,
  normaliseDomain,
  type ServerBlockInput,
  type ServerBlockKind,
  serverBlockInputSchema,
} from "./server-block.policy.ts";

const log = logger("safety", "blocks");
/**
 * How long the blocks read are trusted without news of a change. Every process is told of
 * each change through the database (see `blocksChanged`); this only bounds how long a
 * process that missed the news (its listening connection was down) can go on without it.
 */
const TRUST_MS = 60_000;

export interface ServerBlockView {
  id: string;
  /** `domain` (a server and its subdomains) or `actor` (one remote account or network). */
  type: ServerBlockKind;
  /** The host, or the actor's IRI. */
  target: string;
  reason: string | null;
  createdBy: string | null;
  createdAt: string;
}

/** What a new block ended: follows each way and the stored posts it removed. */
export interface ServerBlockCreated extends ServerBlockView {
  removed: { followers: number; following: number; posts: number };
}

/**
 * Domain and actor blocks (coordinators). A block ends the blocked side's follows both
 * ways and removes the posts it sent us, in the transaction that makes it; from then on
 * the inbox refuses its activities and nothing is delivered to it (the adapters ask
 * `isBlocked`). Both making and lifting a block are in the coordinator log, naming the
 * server or actor, never the reason. `isBlocked` is asked on every inbox delivery, so the
 * blocks are read once and kept until a block is made or lifted, here or elsewhere.
 */
export class ServerBlockService {
  readonly #db: Database;
  readonly #log: CoordinatorLogService;
  readonly #directory: ActorDirectory;
  readonly #origin: URL;
  #targets: { list: Promise<BlockTarget[]>; until: number } | undefined;

  constructor(deps: { db: Database; log: CoordinatorLogService; directory: ActorDirectory; origin: URL }) {
    this.#db = deps.db;
    this.#log = deps.log;
    this.#directory = deps.directory;
    this.#origin = deps.origin;
  }

  async list(viewer: Viewer): Promise<ServerBlockView[]> {
    requireSafetyTeam(viewer);
    return (await listServerBlocks(this.#db)).map(({ block, createdBy }) => toView(block, createdBy));
  }

  async create(viewer: Viewer, input: ServerBlockInput | Record<string, unknown>): Promise<ServerBlockCreated> {
    const coordinator = requireSafetyTeam(viewer);
    const parsed = parseOrThrow(serverBlockInputSchema, input);
    const target = parsed.domain !== undefined ? this.#domainTarget(parsed.domain) : await this.#actorTarget(parsed.actor!);
    const reason = parsed.reason === undefined || parsed.reason === "" ? null : parsed.reason;
    const { block, removed } = await inTransaction(this.#db, async (tx) => {
      const row = await insertServerBlock(tx, { ...target, reason, createdById: coordinator.id });
      if (row === undefined) throw new ConflictError(`${target.target} is already blocked.`);
      const covered = (await listRemoteActorIris(tx)).filter((actor) => anyBlockCovers([target], actor.iri));
      const severed = await severRemoteActors(
        tx,
        covered.map((actor) => actor.id),
      );
      await this.#log.record(tx, coordinator, "server_blocked", { detail: target.target });
      await announceServerBlocksChanged(tx);
      return { block: row, removed: severed };
    });
    this.blocksChanged();
    log.info("Blocked {kind} {target}", { kind: block.kind, target: block.target });
    return { ...toView(block, coordinator.username), removed };
  }

  async delete(viewer: Viewer, id: string): Promise<void> {
    const coordinator = requireSafetyTeam(viewer);
    await inTransaction(this.#db, async (tx) => {
      const row = isUuid(id) ? await deleteServerBlock(tx, id) : undefined;
      if (row === undefined) throw new NotFoundError("No such block.");
      await this.#log.record(tx, coordinator, "server_unblocked", { detail: row.target });
      await announceServerBlocksChanged(tx);
    });
    this.blocksChanged();
  }

  /** Whether a block covers this actor (or any address on a blocked server). */
  async isBlocked(iri: string | URL, executor: Database = this.#db): Promise<boolean> {
    return anyBlockCovers(executor === this.#db ? await this.#currentTargets() : await listServerBlockTargets(executor), iri);
  }

  /** A block was made or lifted (in this process, or another one that said so through the database): read them again. */
  blocksChanged(): void {
    this.#targets = undefined;
  }

  #currentTargets(): Promise<BlockTarget[]> {
    if (this.#targets === undefined || this.#targets.until <= Date.now()) {
      const targets = { list: listServerBlockTargets(this.#db), until: Date.now() + TRUST_MS };
      this.#targets = targets;
      targets.list.catch(() => {
        if (this.#targets === targets) this.#targets = undefined;
      });
    }
    return this.#targets.list;
  }

  #domainTarget(domain: string): BlockTarget {
    const host = normaliseDomain(domain);
    if (host === null) throw new InvalidFieldsError({ domain: "give a server's host name, such as example.org" });
    if (blockCovers({ kind: "domain", target: host }, this.#origin)) {
      throw new InvalidFieldsError({ domain: "that is this server" });
    }
    return { kind: "domain", target: host };
  }

  async #actorTarget(actor: string): Promise<BlockTarget> {
    let iri: string;
    if (/^https?:\/\//i.test(actor)) {
      try {
        iri = new URL(actor).href;
      } catch {
        throw new InvalidFieldsError({ actor: "give an actor's URL (https://…) or handle (@name@host)" });
      }
    } else if (/^@?[^@\s]+@[^@\s]+$/.test(actor)) {
      const profile = await this.#directory.lookUp(actor);
      if (profile === null) throw new NotFoundError(`No ActivityPub actor was found at ${actor}.`);
      iri = profile.iri;
    } else {
      throw new InvalidFieldsError({ actor: "give an actor's URL (https://…) or handle (@name@host)" });
    }
    if (new URL(iri).origin === this.#origin.origin) throw new InvalidFieldsError({ actor: "that is on this server" });
    return { kind: "actor", target: iri };
  }
}

function toView(block: ServerBlockRow, createdBy: string | null): ServerBlockView {
  return {
    id: block.id,
    type: block.kind,
    target: block.target,
    reason: block.reason,
    createdBy,
    createdAt: block.createdAt.toISOString(),
  };
}
