import { z } from "zod";
import type { Database } from "../../db/database.ts";
import {
  type CrisisForwardStats,
  type CrisisRow,
  crisisForwardStats,
  crisisResponseStats,
  endCrisisRow,
  findCrisis,
  findForward,
  findRequestsDueForForwarding,
  insertCrisis,
  listActiveCrises,
  listCrises,
  listUnendedCrises,
  type SiblingResponseStats,
  saveForward,
} from "../../db/queries/crises.ts";
import { findPost } from "../../db/queries/posts.ts";
import { listRemoteNetworks, type RemoteNetworkRow } from "../../db/queries/remote-networks.ts";
import { findServiceAreaByName } from "../../db/queries/service-areas.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ConflictError, ForbiddenError, InvalidFieldsError, NotFoundError } from "../errors.ts";
import { logger } from "../logging.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import type { Member } from "../members/member.service.ts";
import { activeMember, isCoordinator, type Viewer } from "../members/viewer.ts";
import type { NetworkSettingsService } from "../networks/network-settings.service.ts";
import type { Notifier } from "../notifications/ports.ts";
import { CATEGORIES } from "../posts/post.schema.ts";
import { toPostView } from "../posts/post.view.ts";
import type { SharedState } from "../shared-state.ts";
import { isUuid, parseOrThrow, typedText } from "../validation.ts";
import type { CrisisPublisher } from "./ports.ts";

const log = logger("crises");

export const SEVERITIES = ["low", "moderate", "severe", "extreme"] as const;

export const crisisInputSchema = z.object({
  title: typedText({ min: 3, max: 120 }),
  description: typedText({ max: 4000, multiline: true }).default(""),
  areas: z
    .array(typedText({ min: 1, max: 80 }))
    .min(1, { error: "choose at least one area" })
    .max(50),
  categories: z.array(z.enum(CATEGORIES, { error: "choose categories from the list" })).min(1, { error: "choose at least one category" }),
  severity: z.enum(SEVERITIES, { error: `use one of ${SEVERITIES.join(", ")}` }),
  forwardDelayMinutes: z
    .number({ error: "use a number of minutes" })
    .int({ error: "use whole minutes" })
    .min(0, { error: "use 0 or more" })
    .max(10_080, { error: "use at most a week (10080)" })
    .default(120),
  maxHops: z.number().int().min(1, { error: "use 1 to 3" }).max(3, { error: "use 1 to 3" }).default(1),
  endsAt: z.iso.datetime({ offset: true, error: "use an ISO date and time" }).nullable().optional(),
});
export type CrisisInput = z.input<typeof crisisInputSchema>;

export interface CrisisView {
  id: string;
  title: string;
  description: string;
  areas: string[];
  categories: string[];
  severity: (typeof SEVERITIES)[number];
  forwardDelayMinutes: number;
  maxHops: number;
  endsAt: string | null;
  endedAt: string | null;
  active: boolean;
  createdAt: string;
}

export interface SiblingReport {
  network: { actor: string; name: string | null; handle: string | null };
  /** Every sibling receives every forwarded need. */
  needsForwarded: number;
  responsesReceived: number;
  responsesAccepted: number;
  /** Needs fulfilled with this network's accepted help. */
  needsFulfilled: number;
  medianMinutesToFirstResponse: number | null;
  medianMinutesToFulfilment: number | null;
}

export interface CrisisReport extends CrisisView {
  /** What forwarding achieved overall. */
  forwarding: CrisisForwardStats;
  /** And for each sibling network (and any other network that responded). */
  siblings: SiblingReport[];
}

export function toCrisisView(row: CrisisRow): CrisisView {
  const now = Date.now();
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    areas: row.areas,
    categories: row.categories,
    severity: row.severity,
    forwardDelayMinutes: row.forwardDelayMinutes,
    maxHops: row.maxHops,
    endsAt: row.endsAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    active: row.endedAt === null && (row.endsAt === null || row.endsAt.getTime() > now),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Crises: a coordinator declares one for areas and categories; while it lasts, unmet
 * requests there are forwarded to sibling networks, after the crisis's delay (critical
 * ones at once), unless a coordinator held them back.
 */
export class CrisisService {
  readonly #db: Database;
  readonly #publisher: CrisisPublisher;
  readonly #log: CoordinatorLogService;
  readonly #settings: NetworkSettingsService;
  readonly #notifier: Notifier;
  readonly #shared: SharedState;

  constructor(
    db: Database,
    deps: {
      publisher: CrisisPublisher;
      log: CoordinatorLogService;
      settings: NetworkSettingsService;
      notifier: Notifier;
      shared: SharedState;
    },
  ) {
    this.#notifier = deps.notifier;
    this.#shared = deps.shared;
    this.#db = db;
    this.#publisher = deps.publisher;
    this.#log = deps.log;
    this.#settings = deps.settings;
  }

  /** `input` is checked here against crisisInputSchema, wherever it comes from (API, form, CLI). */
  async declare(viewer: Viewer, input: CrisisInput | Record<string, unknown>): Promise<CrisisView> {
    const coordinator = requireCoordinator(viewer);
    const fields = parseOrThrow(crisisInputSchema, input);
    const areas: string[] = [];
    for (const name of fields.areas) {
      const area = await findServiceAreaByName(this.#db, name);
      if (area === undefined) throw new InvalidFieldsError({ areas: `there is no service area called "${name}"` });
      areas.push(area.name);
    }
    const crisis = await inTransaction(this.#db, async (tx) => {
      const row = await insertCrisis(tx, {
        title: fields.title,
        description: fields.description,
        areas: [...new Set(areas)],
        categories: [...new Set(fields.categories)],
        severity: fields.severity,
        forwardDelayMinutes: fields.forwardDelayMinutes,
        maxHops: fields.maxHops,
        endsAt: fields.endsAt ? new Date(fields.endsAt) : null,
        declaredById: coordinator.id,
      });
      const view = toCrisisView(row);
      await this.#log.record(tx, coordinator, "crisis_declared", { detail: row.title });
      await this.#publisher.crisisChanged(tx, view, true);
      await this.#notifier.notify(
        tx,
        { everyone: true },
        { kind: "crisis_declared", subjectId: row.id, url: `/crises/${row.id}`, params: { title: row.title } },
        coordinator.id,
      );
      return view;
    });
    log.info("Crisis declared: {title}", { title: crisis.title });
    await this.forwardDue();
    return crisis;
  }

  async end(viewer: Viewer, id: string): Promise<CrisisView> {
    const coordinator = requireCoordinator(viewer);
    const existing = await this.#find(id);
    if (existing.endedAt !== null) throw new ConflictError("That crisis has already ended.");
    return inTransaction(this.#db, async (tx) => {
      const row = (await endCrisisRow(tx, existing.id))!;
      const view = toCrisisView(row);
      await this.#log.record(tx, coordinator, "crisis_ended", { detail: row.title });
      await this.#publisher.crisisChanged(tx, view, false);
      await this.#notifier.notify(
        tx,
        { everyone: true },
        { kind: "crisis_ended", subjectId: row.id, url: `/crises/${row.id}`, params: { title: row.title } },
        coordinator.id,
      );
      return view;
    });
  }

  async list(): Promise<CrisisView[]> {
    return (await listCrises(this.#db)).map(toCrisisView);
  }

  /** A crisis by id, or null (federation serves crises to anyone: they are public). */
  async find(id: string): Promise<CrisisView | null> {
    const row = isUuid(id) ? await findCrisis(this.#db, id) : undefined;
    return row === undefined ? null : toCrisisView(row);
  }

  /** Every page shows these: read from memory while no crisis changed (see SharedState). */
  async active(): Promise<CrisisView[]> {
    const unended = await this.#shared.get("crises.unended", () => listUnendedCrises(this.#db));
    const active = unended.map(toCrisisView).filter((crisis) => crisis.active);
    // A crisis set to end at a time leaves every page's banner then, with nothing written.
    for (const crisis of active) {
      if (crisis.endsAt !== null) this.#shared.changesAt(performance.now() + (Date.parse(crisis.endsAt) - Date.now()));
    }
    return active;
  }

  async get(id: string): Promise<CrisisReport> {
    const row = await this.#find(id);
    const forwarding = await crisisForwardStats(this.#db, row.id);
    const stats = await crisisResponseStats(this.#db, row.id);
    const siblings = siblingReports(await listRemoteNetworks(this.#db), stats, forwarding.forwarded);
    return { ...toCrisisView(row), forwarding, siblings };
  }

  /** Forwards every request that is due in an active crisis. Run by the worker, and on declaring. */
  async forwardDue(): Promise<number> {
    const visibilities: ("public" | "members")[] = (await this.#settings.profile()).shareMembersOnlyWithSiblings
      ? ["public", "members"]
      : ["public"];
    let forwarded = 0;
    for (const row of await listActiveCrises(this.#db)) {
      for (const postId of await findRequestsDueForForwarding(this.#db, row, visibilities)) {
        await this.#forward(postId, row, null);
        forwarded += 1;
      }
    }
    return forwarded;
  }

  /** A coordinator forwards a request by hand, within a crisis or not. */
  async forwardByHand(viewer: Viewer, postId: string, crisisId: string | null): Promise<void> {
    const coordinator = requireCoordinator(viewer);
    const row = crisisId === null ? null : await this.#find(crisisId);
    const post = isUuid(postId) ? await findPost(this.#db, postId) : undefined;
    if (post === undefined) throw new NotFoundError("No such post.");
    if (post.post.kind !== "request") throw new InvalidFieldsError({ post: "only requests are forwarded" });
    if (post.post.hiddenAt !== null)
      throw new InvalidFieldsError({ post: "a post hidden pending review is not forwarded; restore it first" });
    if (post.post.visibility === "coordinators") {
      throw new InvalidFieldsError({ post: "a coordinators-only request never leaves the network" });
    }
    if (post.post.visibility === "members" && !(await this.#settings.profile()).shareMembersOnlyWithSiblings) {
      throw new InvalidFieldsError({ post: "members-only requests are not shared with sibling networks (see the settings)" });
    }
    if ((await findForward(this.#db, postId))?.state === "forwarded") throw new ConflictError("That request was already forwarded.");
    await this.#forward(postId, row, coordinator);
  }

  /** A coordinator keeps a request from being forwarded automatically. */
  async holdBack(viewer: Viewer, postId: string): Promise<void> {
    const coordinator = requireCoordinator(viewer);
    if (!isUuid(postId) || (await findPost(this.#db, postId)) === undefined) {
      throw new NotFoundError("No such post.");
    }
    if ((await findForward(this.#db, postId))?.state === "forwarded") throw new ConflictError("That request was already forwarded.");
    await inTransaction(this.#db, async (tx) => {
      await saveForward(tx, { postId, crisisId: null, state: "held", decidedById: coordinator.id, forwardedAt: null });
      await this.#log.record(tx, coordinator, "post_held_back", { postId });
    });
  }

  async #forward(postId: string, crisis: CrisisRow | null, coordinator: Member | null): Promise<void> {
    await inTransaction(this.#db, async (tx) => {
      const row = (await findPost(tx, postId))!;
      // Hidden since it was found due (or by another coordinator meanwhile): it stays home.
      if (row.post.hiddenAt !== null) return;
      await saveForward(tx, {
        postId,
        crisisId: crisis?.id ?? null,
        state: "forwarded",
        decidedById: coordinator?.id ?? null,
        forwardedAt: new Date(),
      });
      if (coordinator !== null) await this.#log.record(tx, coordinator, "post_forwarded", { postId });
      await this.#publisher.needForwarded(tx, toPostView(row, null, undefined), crisis && toCrisisView(crisis), crisis?.maxHops ?? 1);
    });
  }

  async #find(id: string): Promise<CrisisRow> {
    const row = isUuid(id) ? await findCrisis(this.#db, id) : undefined;
    if (row === undefined) throw new NotFoundError("No such crisis.");
    return row;
  }
}

/**
 * One line per sibling (both follows accepted) and per any other network that responded:
 * every sibling got every forwarded need; a network that did not respond counts zero.
 */
export function siblingReports(
  networks: readonly RemoteNetworkRow[],
  responseStats: readonly SiblingResponseStats[],
  needsForwarded: number,
): SiblingReport[] {
  const byActor = new Map(responseStats.map((s) => [s.actorId, s]));
  return networks
    .filter((n) => (n.theyFollowUs === "accepted" && n.weFollowThem === "accepted") || byActor.has(n.actor.id))
    .map(({ actor }) => {
      const stats = byActor.get(actor.id);
      return {
        network: { actor: actor.iri, name: actor.name, handle: actor.handle },
        needsForwarded,
        responsesReceived: stats?.received ?? 0,
        responsesAccepted: stats?.accepted ?? 0,
        needsFulfilled: stats?.fulfilled ?? 0,
        medianMinutesToFirstResponse: stats?.medianMinutesToFirstResponse ?? null,
        medianMinutesToFulfilment: stats?.medianMinutesToFulfilment ?? null,
      };
    });
}

function requireCoordinator(viewer: Viewer): Member {
  const member = activeMember(viewer);
  if (member === null || !isCoordinator(member)) throw new ForbiddenError("Only coordinators manage crises.");
  return member;
}
