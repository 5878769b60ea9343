import { z } from "zod";
import type { Database } from "../../db/database.ts";
import {
  allMatchesCompleted,
  findMatch,
  insertFeedback,
  insertMatch,
  listFeedback,
  listMatches,
  lockMatch,
  releaseQuantity,
  reserveQuantity,
  updateMatchRow,
  type MatchDetails,
  type MatchRow,
} from "../../db/queries/matches.ts";
import { findMemberByUsername } from "../../db/queries/members.ts";
import { findPost, findPostContacts, findPostsByIds, type PostRow } from "../../db/queries/posts.ts";
import { lockVolunteer } from "../../db/queries/volunteers.ts";
import { handoverMethod, matchParty } from "../../db/schema/index.ts";
import { executorFor, inTransaction } from "../../db/transaction.ts";
import { ConflictError, ForbiddenError, InvalidFieldsError, NotFoundError, UnauthenticatedError } from "../errors.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import type { Member } from "../members/member.service.ts";
import { activeMember, isCoordinator, requireMember, type Viewer } from "../members/viewer.ts";
import type { NetworkSettingsService } from "../networks/network-settings.service.ts";
import type { NotificationKind } from "../notifications/kinds.ts";
import type { Notifier } from "../notifications/ports.ts";
import { canView } from "../posts/post.policy.ts";
import type { PostService } from "../posts/post.service.ts";
import { toContactView, type ContactView } from "../posts/post.view.ts";
import { isUuid, parseOrThrow } from "../validation.ts";
import { actionsFor, MATCH_STATUSES, rolesOf, seesContacts, statusAllows, type MatchAction, type MatchRole, type MatchStatus } from "./match.policy.ts";
import { isAvailableOn } from "./availability.ts";

export { MATCH_STATUSES, type MatchStatus } from "./match.policy.ts";
export const NO_SHOW_PARTIES = matchParty.enumValues;
export const HANDOVER_METHODS = handoverMethod.enumValues;

export const createMatchSchema = z.object({
  request: z.uuid({ error: "use a request's id" }),
  offer: z.uuid({ error: "use an offer's id" }),
  quantity: z.number().int({ error: "use a whole number" }).min(1, { error: "use at least 1" }).max(1_000_000),
});

export const scheduleSchema = z
  .object({
    method: z.enum(HANDOVER_METHODS, { error: "choose pickup or delivery" }),
    windowStart: z.iso.datetime({ offset: true, local: true, error: "use a date and time" }),
    windowEnd: z.iso.datetime({ offset: true, local: true, error: "use a date and time" }),
  })
  .refine((w) => new Date(w.windowEnd) > new Date(w.windowStart), { path: ["windowEnd"], error: "must be after the start" });

const feedbackSchema = z.object({
  comment: z.string().trim().min(1, { error: "write a few words, or skip it" }).max(500, { error: "use at most 500 characters" }),
});

/** One side of a match as its counterpart sees it once the match is accepted. */
export interface PartyCard {
  member: { username: string; displayName: string | null } | null;
  contact: ContactView | null;
}

export interface MatchView {
  id: string;
  request: string;
  offer: string;
  requestTitle: string;
  offerTitle: string;
  requestArea: string;
  offerArea: string;
  quantity: number;
  status: MatchStatus;
  method: (typeof HANDOVER_METHODS)[number] | null;
  windowStart: string | null;
  windowEnd: string | null;
  volunteer: { username: string; displayName: string | null } | null;
  createdAt: string;
  updatedAt: string;
  /** What the viewer is to this match, and what they may do with it now. */
  roles: MatchRole[];
  actions: MatchAction[];
  /** Both sides' contacts: coordinators always; the parties and the volunteer once it is accepted. */
  parties: { requester: PartyCard; offerer: PartyCard } | null;
  /** Coordinators only. */
  noShow: (typeof NO_SHOW_PARTIES)[number] | null;
  /** Coordinators read everyone's; the others their own. */
  feedback: { side: string; comment: string; createdAt: string }[];
}

/**
 * Matching offers to requests, and the handover that follows. A match reserves its
 * quantity on both posts as soon as it is made (the database refuses an over-allocation),
 * and the posts' statuses follow: partially matched, matched, fulfilled once every match is
 * completed. Coordinators match; in peer-to-peer mode members also claim with their own posts.
 */
export class MatchService {
  readonly #db: Database;
  readonly #posts: PostService;
  readonly #settings: NetworkSettingsService;
  readonly #log: CoordinatorLogService;
  readonly #notifier: Notifier;

  constructor(db: Database, deps: { posts: PostService; settings: NetworkSettingsService; log: CoordinatorLogService; notifier: Notifier }) {
    this.#db = db;
    this.#posts = deps.posts;
    this.#settings = deps.settings;
    this.#log = deps.log;
    this.#notifier = deps.notifier;
  }

  async create(viewer: Viewer, input: z.input<typeof createMatchSchema>): Promise<MatchView> {
    const member = requireMember(viewer);
    const fields = parseOrThrow(createMatchSchema, input);
    const request = await this.#activePost(fields.request, "request");
    const offer = await this.#activePost(fields.offer, "offer");
    if (request.kind !== "request") throw new InvalidFieldsError({ request: "is not a request" });
    if (offer.kind !== "offer") throw new InvalidFieldsError({ offer: "is not an offer" });
    const coordinator = isCoordinator(member);
    if (!coordinator) await this.#mayClaim(member, request, offer);
    if (request.category !== offer.category) throw new InvalidFieldsError({ offer: "is of another category" });
    const id = await inTransaction(this.#db, async (tx) => {
      // Offer first, request second, always in this order: two allocations never deadlock.
      const reservedOffer = await reserveQuantity(tx, offer.id, fields.quantity);
      if (reservedOffer === undefined) throw new ConflictError("The offer does not have that much left.");
      const reservedRequest = await reserveQuantity(tx, request.id, fields.quantity);
      if (reservedRequest === undefined) throw new ConflictError("The request does not need that much any more.");
      const row = await insertMatch(tx, { requestId: request.id, offerId: offer.id, quantity: fields.quantity, createdById: member.id });
      await this.#posts.followAllocation(tx, offer.id);
      await this.#posts.followAllocation(tx, request.id);
      if (coordinator) await this.#log.record(member, "match_proposed", { postId: request.id, detail: `${fields.quantity}` });
      await this.#tell(tx, row.id, coordinator ? "match_proposed" : "match_claimed", member.id);
      return row.id;
    });
    return this.get(viewer, id);
  }

  /** Moves a match along its lifecycle: accepted, completed or cancelled (scheduling has its own call). */
  async setStatus(viewer: Viewer, id: string, status: MatchStatus): Promise<MatchView> {
    if (!MATCH_STATUSES.includes(status)) throw new InvalidFieldsError({ status: `use one of ${MATCH_STATUSES.join(", ")}` });
    const action = ({ accepted: "accept", completed: "complete", cancelled: "cancel" } as const)[status as "accepted"];
    if (action === undefined) throw new InvalidFieldsError({ status: status === "scheduled" ? "schedule it with a method and a time window" : "cannot be set" });
    await this.#change(viewer, id, action, async (tx, match) => {
      await updateMatchRow(tx, match.id, { status });
      if (status === "cancelled") {
        await releaseQuantity(tx, match.offerId, match.quantity);
        await releaseQuantity(tx, match.requestId, match.quantity);
      }
      for (const postId of [match.offerId, match.requestId]) {
        const completed = status === "completed" && (await allMatchesCompleted(tx, postId));
        await this.#posts.followAllocation(tx, postId, completed);
      }
      await this.#tell(tx, match.id, `match_${status as "accepted" | "completed" | "cancelled"}`, viewer?.id ?? null);
    });
    return this.get(viewer, id);
  }

  /** Sets (or moves) the handover: pickup or delivery, in a time window. */
  async schedule(viewer: Viewer, id: string, input: { method?: string; windowStart?: string; windowEnd?: string }): Promise<MatchView> {
    const fields = parseOrThrow(scheduleSchema, input);
    await this.#change(viewer, id, "schedule", async (tx, match) => {
      const windowStart = new Date(fields.windowStart);
      if (match.volunteerId !== null) await this.#checkVolunteer(tx, match.volunteerId, windowStart, 0);
      await updateMatchRow(tx, match.id, { status: "scheduled", method: fields.method, windowStart, windowEnd: new Date(fields.windowEnd) });
      await this.#tell(tx, match.id, "match_scheduled", viewer?.id ?? null);
    });
    return this.get(viewer, id);
  }

  /**
   * Gives the handover to a volunteer (coordinators, by username), takes it (a volunteer,
   * their own username, while it has none), or gives it back (null). The volunteer's limit
   * and weekdays are checked with their row locked.
   */
  async assign(viewer: Viewer, id: string, username: string | null): Promise<MatchView> {
    const member = requireMember(viewer);
    const action: MatchAction = isCoordinator(member) ? "assign" : username === null ? "drop" : "take";
    if (action === "take" && username !== member.username) throw new ForbiddenError("Only coordinators give tasks to other people.");
    await this.#change(viewer, id, action, async (tx, match) => {
      if (username === null) {
        await updateMatchRow(tx, match.id, { volunteerId: null });
        return;
      }
      const volunteer = await findMemberByUsername(tx, username);
      if (volunteer === undefined || activeMember(volunteer) === null) throw new InvalidFieldsError({ volunteer: "is not an active member" });
      if (match.volunteerId === volunteer.id) return;
      await this.#checkVolunteer(tx, volunteer.id, match.windowStart, 1);
      await updateMatchRow(tx, match.id, { volunteerId: volunteer.id });
      if (action === "assign") {
        await this.#log.record(member, "volunteer_assigned", { subjectMemberId: volunteer.id, postId: match.requestId });
        await this.#notifier.notify(tx, { members: [volunteer.id] }, await this.#notice(tx, match.id, "task_assigned"), member.id);
      }
    });
    return this.get(viewer, id);
  }

  async recordNoShow(viewer: Viewer, id: string, party: string): Promise<MatchView> {
    if (!(NO_SHOW_PARTIES as readonly string[]).includes(party)) throw new InvalidFieldsError({ noShow: `use one of ${NO_SHOW_PARTIES.join(", ")}` });
    const member = requireMember(viewer);
    await this.#change(viewer, id, "no_show", async (tx, match) => {
      await updateMatchRow(tx, match.id, { noShow: party as MatchRow["noShow"] });
      await this.#log.record(member, "no_show_recorded", { postId: match.requestId });
    });
    return this.get(viewer, id);
  }

  /** Short, optional words once a match is completed; once per person. */
  async addFeedback(viewer: Viewer, id: string, input: { comment: string }): Promise<MatchView> {
    const member = requireMember(viewer);
    const { comment } = parseOrThrow(feedbackSchema, input);
    const details = await this.#details(id);
    const roles = rolesOf(member, details);
    if (roles.length === 0) throw new NotFoundError("No such match.");
    const feedbackGiven = (await listFeedback(this.#db, id)).some((f) => f.memberId === member.id);
    if (!actionsFor(member, roles, details, feedbackGiven).includes("feedback")) {
      throw new ConflictError("Feedback is asked of the people in a completed match, once.");
    }
    const side = roles.find((r) => r !== "coordinator")!;
    await insertFeedback(this.#db, { matchId: id, memberId: member.id, side, comment });
    return this.get(viewer, id);
  }

  async get(viewer: Viewer, id: string): Promise<MatchView> {
    const details = await this.#details(id);
    const roles = rolesOf(viewer, details);
    if (roles.length === 0) throw activeMember(viewer) === null ? new UnauthenticatedError("Sign in to see this match.") : new NotFoundError("No such match.");
    return this.#view(viewer, details, roles);
  }

  /** Coordinators see every match (or one post's); members the ones they are part of. */
  async list(viewer: Viewer, query: { post?: string; mine?: boolean } = {}): Promise<MatchView[]> {
    const member = requireMember(viewer);
    if (query.post !== undefined && !isUuid(query.post)) throw new NotFoundError("No such post.");
    const involving = query.mine || !isCoordinator(member) ? member.id : undefined;
    const rows = await listMatches(this.#db, { postId: query.post, involving });
    return Promise.all(rows.map((d) => this.#view(viewer, d, rolesOf(viewer, d))));
  }

  /** Matches waiting for a volunteer, as a volunteer sees them: no contacts until they take one. */
  async untaken(viewer: Viewer, ids: string[]): Promise<MatchView[]> {
    const rows = await Promise.all(ids.map((id) => this.#details(id)));
    return Promise.all(rows.map((d) => this.#view(viewer, d, rolesOf(viewer, d))));
  }

  /** Runs a change with the match's row locked, once the viewer may do `action` with it. */
  async #change(viewer: Viewer, id: string, action: MatchAction, apply: (tx: Database, match: MatchRow) => Promise<void>): Promise<void> {
    const member = requireMember(viewer);
    const details = await this.#details(id);
    await inTransaction(this.#db, async (tx) => {
      // Re-read under a row lock: two people acting on one match at once take turns.
      const current = { ...details, match: (await lockMatch(tx, details.match.id))! };
      const roles = rolesOf(member, current);
      if (!actionsFor(member, roles, current, false).includes(action)) {
        if (action === "take" && current.match.volunteerId !== null) throw new ConflictError("Someone has already taken this task.");
        if (roles.length === 0 && action !== "take") throw new NotFoundError("No such match.");
        if (!statusAllows(current.match.status, action)) {
          throw new ConflictError(`A ${current.match.status} match cannot be changed that way (${action.replace("_", " ")}).`);
        }
        throw new ForbiddenError("You may not do that with this match.");
      }
      await apply(tx, current.match);
    });
  }

  /**
   * Tells both posts' authors of a change to their match, and its volunteer of a change to
   * their task. The notice names the two posts' titles only: the match page shows the rest
   * to whoever may see it.
   */
  async #tell(tx: Database, matchId: string, kind: NotificationKind, actorId: string | null): Promise<void> {
    const details = (await findMatch(tx, matchId))!;
    const notice = await this.#notice(tx, matchId, kind, details);
    await this.#notifier.notify(tx, { members: [details.request.authorId, details.offer.authorId] }, notice, actorId);
    const volunteerId = details.match.volunteerId;
    const task = kind === "match_cancelled" ? "task_cancelled" : kind === "match_scheduled" ? "task_changed" : null;
    if (task !== null && volunteerId !== null) {
      await this.#notifier.notify(tx, { members: [volunteerId] }, { ...notice, kind: task }, actorId);
    }
  }

  async #notice(tx: Database, matchId: string, kind: NotificationKind, known?: MatchDetails) {
    const details = known ?? (await findMatch(tx, matchId))!;
    return { kind, subjectId: matchId, url: `/matches/${matchId}`, params: { request: details.request.title, offer: details.offer.title } };
  }

  async #checkVolunteer(tx: Database, volunteerId: string, windowStart: Date | null, newPlaces: number): Promise<void> {
    const locked = await lockVolunteer(tx, volunteerId);
    if (locked === undefined) throw new InvalidFieldsError({ volunteer: "is not a member" });
    const { member, tasks } = locked;
    if (member.maxTasks === 0) throw new ConflictError(`${member.username} has not offered to take tasks.`);
    if (tasks + newPlaces > member.maxTasks) throw new ConflictError(`${member.username} already has ${tasks} of at most ${member.maxTasks} tasks.`);
    if (windowStart !== null && !isAvailableOn(member.availableWeekdays, windowStart)) {
      throw new ConflictError(`${member.username} is not available on that day.`);
    }
  }

  async #mayClaim(member: Member, request: PostRow, offer: PostRow): Promise<void> {
    if (!(await this.#settings.profile()).peerToPeerClaims) throw new ForbiddenError("Only coordinators match offers and requests.");
    // One side must be the member's own post; the other, someone else's that they may see.
    const other = request.authorId === member.id ? offer : offer.authorId === member.id ? request : null;
    if (other === null) throw new ForbiddenError("Claim with one of your own posts.");
    if (!canView(member, other)) throw new NotFoundError(`No such ${other.kind}.`);
  }

  async #details(id: string): Promise<MatchDetails> {
    const details = isUuid(id) ? await findMatch(executorFor(this.#db), id) : undefined;
    if (details === undefined) throw new NotFoundError("No such match.");
    return details;
  }

  async #activePost(id: string, field: string): Promise<PostRow> {
    const row = isUuid(id) ? await findPost(this.#db, id) : undefined;
    if (row === undefined) throw new NotFoundError(`No such ${field}.`);
    if (row.post.status !== "open" && row.post.status !== "partially_matched") {
      throw new ConflictError(`That ${field} is ${row.post.status.replace("_", " ")}.`);
    }
    return row.post;
  }

  async #view(viewer: Viewer, details: MatchDetails, roles: MatchRole[]): Promise<MatchView> {
    const { match } = details;
    const coordinator = roles.includes("coordinator");
    const member = activeMember(viewer);
    const feedback = roles.length === 0 ? [] : await listFeedback(this.#db, match.id);
    const shown = coordinator ? feedback : feedback.filter((f) => f.memberId === member?.id);
    return {
      id: match.id,
      request: match.requestId,
      offer: match.offerId,
      requestTitle: details.request.title,
      offerTitle: details.offer.title,
      requestArea: details.request.area,
      offerArea: details.offer.area,
      quantity: match.quantity,
      status: match.status,
      method: match.method,
      windowStart: match.windowStart?.toISOString() ?? null,
      windowEnd: match.windowEnd?.toISOString() ?? null,
      volunteer: details.volunteer,
      createdAt: match.createdAt.toISOString(),
      updatedAt: match.updatedAt.toISOString(),
      roles,
      actions: actionsFor(viewer, roles, details, feedback.some((f) => f.memberId === member?.id)),
      parties: seesContacts(roles, match.status) ? await this.#parties(details) : null,
      noShow: coordinator ? match.noShow : null,
      feedback: shown.map((f) => ({ side: f.side, comment: f.comment, createdAt: f.createdAt.toISOString() })),
    };
  }

  /** Both sides as their counterparts see them: who wrote each post, and its contact. */
  async #parties({ match }: MatchDetails): Promise<{ requester: PartyCard; offerer: PartyCard }> {
    const ids = [match.requestId, match.offerId];
    const posts = new Map((await findPostsByIds(this.#db, ids)).map((row) => [row.post.id, row]));
    const contacts = new Map((await findPostContacts(this.#db, ids)).map((c) => [c.postId, c]));
    const card = (postId: string): PartyCard => {
      const row = posts.get(postId);
      return {
        member: row?.authorUsername == null ? null : { username: row.authorUsername, displayName: row.authorDisplayName },
        contact: toContactView(contacts.get(postId)),
      };
    };
    return { requester: card(match.requestId), offerer: card(match.offerId) };
  }
}
