import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { anyBlockAmong } from "../../db/queries/blocks.ts";
import {
  allMatchesCompleted,
  findMatch,
  insertFeedback,
  insertMatch,
  listFeedback,
  listMatches,
  lockMatch,
  type MatchDetails,
  type MatchRow,
  releaseQuantity,
  reserveQuantity,
  updateMatchRow,
} from "../../db/queries/matches.ts";
import { findMemberByUsername } from "../../db/queries/members.ts";
import { findPost, findPostContacts, findPostsByIds, type PostRow } from "../../db/queries/posts.ts";
import { lockVolunteer } from "../../db/queries/volunteers.ts";
import { handoverMethod, matchParty } from "../../db/schema/index.ts";
import { inTransaction } from "../../db/transaction.ts";
import { windowProblems } from "../dates.ts";
import { ConflictError, ForbiddenError, InvalidFieldsError, NotFoundError, UnauthenticatedError } from "../errors.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import type { Member } from "../members/member.service.ts";
import { activeMember, isCoordinator, requireMember, type Viewer } from "../members/viewer.ts";
import type { NetworkSettingsService } from "../networks/network-settings.service.ts";
import type { NotificationKind } from "../notifications/kinds.ts";
import type { ContactNotice, ContactNotifier, Notifier } from "../notifications/ports.ts";
import { canView } from "../posts/post.policy.ts";
import { quantitySchema } from "../posts/post.schema.ts";
import { type ContactView, toContactView } from "../posts/post.view.ts";
import type { PostAnnouncer } from "../posts/post-announcer.ts";
import { isRestricted, requireUnrestricted } from "../safety/restrictions.ts";
import { isUuid, parseOrThrow, typedText } from "../validation.ts";
import { isAvailableOn } from "./availability.ts";
import {
  actionsFor,
  type ContactsShown,
  contactsShown,
  isApprovedVolunteer,
  isOfferedAsTask,
  MATCH_STATUSES,
  type MatchAction,
  type MatchRole,
  type MatchStatus,
  rolesOf,
  statusAllows,
} from "./match.policy.ts";

export { MATCH_STATUSES, type MatchStatus } from "./match.policy.ts";
export const NO_SHOW_PARTIES = matchParty.enumValues;
export const HANDOVER_METHODS = handoverMethod.enumValues;

export const createMatchSchema = z.object({
  request: z.uuid({ error: "use a request's id" }),
  offer: z.uuid({ error: "use an offer's id" }),
  quantity: quantitySchema,
});

/** zod's date-times are real calendar days already (no 30 February); the bounds are src/dates.ts's. */
const dateTime = z.iso.datetime({ offset: true, local: true, error: "use a date and time" });

/** A handover: its window within the bounds of src/dates.ts (a date-time without an offset is the server's local time). */
export const scheduleSchema = z
  .object({
    method: z.enum(HANDOVER_METHODS, { error: "choose pickup or delivery" }),
    windowStart: dateTime,
    windowEnd: dateTime,
  })
  .superRefine((w, ctx) => {
    for (const [field, message] of Object.entries(windowProblems(new Date(w.windowStart), new Date(w.windowEnd)) ?? {})) {
      ctx.addIssue({ code: "custom", path: [field], message });
    }
  });

const feedbackSchema = z.object({
  comment: typedText({ min: 1, max: 500, minError: "write a few words, or skip it", multiline: true }),
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
  /** A coordinator put the handover on approved volunteers' task lists. */
  openToVolunteers: boolean;
  createdAt: string;
  updatedAt: string;
  /** What the viewer is to this match, and what they may do with it now. */
  roles: MatchRole[];
  actions: MatchAction[];
  /**
   * Both sides' contacts: coordinators always; the parties once it is accepted; its
   * volunteer, while the handover is to be done, only what it needs (first names, phone,
   * e-mail, address; no notes).
   */
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
  readonly #announcer: PostAnnouncer;
  readonly #settings: NetworkSettingsService;
  readonly #log: CoordinatorLogService;
  readonly #notifier: Notifier;
  readonly #contacts: ContactNotifier;

  constructor(
    db: Database,
    deps: {
      announcer: PostAnnouncer;
      settings: NetworkSettingsService;
      log: CoordinatorLogService;
      notifier: Notifier;
      /** Texts the people behind SMS posts, who have no account. */
      contacts: ContactNotifier;
    },
  ) {
    this.#db = db;
    this.#announcer = deps.announcer;
    this.#settings = deps.settings;
    this.#log = deps.log;
    this.#notifier = deps.notifier;
    this.#contacts = deps.contacts;
  }

  async create(viewer: Viewer, input: z.input<typeof createMatchSchema>): Promise<MatchView> {
    const member = requireMember(viewer);
    const fields = parseOrThrow(createMatchSchema, input);
    const coordinator = isCoordinator(member);
    if (!coordinator && !(await this.#settings.profile()).peerToPeerClaims)
      throw new ForbiddenError("Only coordinators match offers and requests.");
    if (!coordinator) await requireUnrestricted(this.#db, member.id, "coordinated_matches_only");
    // Who may see a post comes before what state it is in: a post the caller may not see
    // is "no such" whatever its status, so that the answer tells nothing about it.
    const request = await this.#visiblePost(member, fields.request, "request");
    const offer = await this.#visiblePost(member, fields.offer, "offer");
    if (request.kind !== "request") throw new InvalidFieldsError({ request: "is not a request" });
    if (offer.kind !== "offer") throw new InvalidFieldsError({ offer: "is not an offer" });
    // A member claims with one of their own posts; the other is someone else's that they may see.
    if (!coordinator && request.authorId !== member.id && offer.authorId !== member.id)
      throw new ForbiddenError("Claim with one of your own posts.");
    for (const [post, field] of [
      [request, "request"],
      [offer, "offer"],
    ] as const) {
      if (post.status !== "open" && post.status !== "partially_matched")
        throw new ConflictError(`That ${field} is ${post.status.replace("_", " ")}.`);
    }
    if (request.category !== offer.category) throw new InvalidFieldsError({ offer: "is of another category" });
    // Members in a block are never matched; the wording names no block, so neither learns of it.
    if (await anyBlockAmong(this.#db, [request.authorId, offer.authorId]))
      throw new InvalidFieldsError({ offer: "cannot be matched with this request" });
    const id = await inTransaction(this.#db, async (tx) => {
      // Offer first, request second, always in this order: two allocations never deadlock.
      const reservedOffer = await reserveQuantity(tx, offer.id, fields.quantity);
      if (reservedOffer === undefined) throw new ConflictError("The offer does not have that much left.");
      const reservedRequest = await reserveQuantity(tx, request.id, fields.quantity);
      if (reservedRequest === undefined) throw new ConflictError("The request does not need that much any more.");
      const row = await insertMatch(tx, { requestId: request.id, offerId: offer.id, quantity: fields.quantity, createdById: member.id });
      await this.#announcer.followAllocation(tx, offer.id);
      await this.#announcer.followAllocation(tx, request.id);
      if (coordinator) await this.#log.record(tx, member, "match_proposed", { postId: request.id, detail: `${fields.quantity}` });
      await this.#tell(tx, row.id, coordinator ? "match_proposed" : "match_claimed", member.id);
      return row.id;
    });
    return this.get(viewer, id);
  }

  /**
   * Moves a match along its lifecycle: accepted, completed or cancelled (scheduling has its own call).
   * `status` comes from a form or the API: anything but a status one may set is refused here.
   */
  async setStatus(viewer: Viewer, id: string, requested: string): Promise<MatchView> {
    const status = MATCH_STATUSES.find((known) => known === requested);
    if (status === undefined) throw new InvalidFieldsError({ status: `use one of ${MATCH_STATUSES.join(", ")}` });
    const action = ({ accepted: "accept", completed: "complete", cancelled: "cancel" } as const)[status as "accepted"];
    if (action === undefined)
      throw new InvalidFieldsError({ status: status === "scheduled" ? "schedule it with a method and a time window" : "cannot be set" });
    await this.#change(viewer, id, action, async (tx, match) => {
      await updateMatchRow(tx, match.id, { status });
      if (status === "cancelled") {
        await releaseQuantity(tx, match.offerId, match.quantity);
        await releaseQuantity(tx, match.requestId, match.quantity);
      }
      for (const postId of [match.offerId, match.requestId]) {
        const completed = status === "completed" && (await allMatchesCompleted(tx, postId));
        await this.#announcer.followAllocation(tx, postId, completed);
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
      await updateMatchRow(tx, match.id, {
        status: "scheduled",
        method: fields.method,
        windowStart,
        windowEnd: new Date(fields.windowEnd),
      });
      await this.#tell(tx, match.id, "match_scheduled", viewer?.id ?? null);
    });
    return this.get(viewer, id);
  }

  /**
   * Gives the handover to a volunteer (coordinators, by username), takes it (an approved
   * volunteer, their own username, while it is open to volunteers and has none), or gives it
   * back (null). The volunteer's limit and weekdays are checked with their row locked; every
   * change of hands is in the coordinator log (who and which request, never a contact).
   */
  async assign(viewer: Viewer, id: string, username: string | null): Promise<MatchView> {
    const member = requireMember(viewer);
    const action: MatchAction = isCoordinator(member) ? "assign" : username === null ? "drop" : "take";
    if (action === "take") {
      if (username !== member.username) throw new ForbiddenError("Only coordinators give tasks to other people.");
      if (!isApprovedVolunteer(member)) throw new ForbiddenError("A coordinator has to approve you as a volunteer before you take tasks.");
      await requireUnrestricted(this.#db, member.id, "no_handovers");
    }
    await this.#change(viewer, id, action, async (tx, match) => {
      if (username === null) {
        if (match.volunteerId === null) return;
        await updateMatchRow(tx, match.id, { volunteerId: null });
        const logged = action === "drop" ? "task_given_back" : "volunteer_unassigned";
        await this.#log.record(tx, member, logged, { subjectMemberId: match.volunteerId, postId: match.requestId });
        return;
      }
      const volunteer = await findMemberByUsername(tx, username);
      if (volunteer === undefined || activeMember(volunteer) === null)
        throw new InvalidFieldsError({ volunteer: "is not an active member" });
      if (match.volunteerId === volunteer.id) return;
      if (await isRestricted(tx, volunteer.id, "no_handovers")) {
        throw new InvalidFieldsError({ volunteer: "cannot take on handovers for now (an agreement with the safety team)" });
      }
      const details = (await findMatch(tx, match.id))!;
      if (
        (await anyBlockAmong(tx, [volunteer.id, details.request.authorId])) ||
        (await anyBlockAmong(tx, [volunteer.id, details.offer.authorId]))
      ) {
        throw new InvalidFieldsError({ volunteer: "cannot take this handover" });
      }
      await this.#checkVolunteer(tx, volunteer.id, match.windowStart, 1);
      await updateMatchRow(tx, match.id, { volunteerId: volunteer.id });
      const logged = action === "take" ? "task_taken" : "volunteer_assigned";
      await this.#log.record(tx, member, logged, { subjectMemberId: volunteer.id, postId: match.requestId });
      if (action === "assign") {
        await this.#notifier.notify(tx, { members: [volunteer.id] }, await this.#notice(tx, match.id, "task_assigned"), member.id);
      }
    });
    if (action !== "drop") return this.get(viewer, id);
    // Having given it back, the volunteer may have no part in the match any more: they get
    // it as their task list showed it, without contacts.
    const details = await this.#details(id);
    return this.#view(viewer, details, rolesOf(viewer, details));
  }

  /** A coordinator puts the handover on approved volunteers' task lists, or takes it off. */
  async setOpenToVolunteers(viewer: Viewer, id: string, open: boolean): Promise<MatchView> {
    const member = requireMember(viewer);
    await this.#change(viewer, id, "open_task", async (tx, match) => {
      if (match.openToVolunteers === open) return;
      await updateMatchRow(tx, match.id, { openToVolunteers: open });
      await this.#log.record(tx, member, open ? "task_opened" : "task_closed", { postId: match.requestId });
      if (open && match.volunteerId === null) await this.#tellVolunteers(tx, match, member.id);
    });
    return this.get(viewer, id);
  }

  async recordNoShow(viewer: Viewer, id: string, party: string): Promise<MatchView> {
    if (!(NO_SHOW_PARTIES as readonly string[]).includes(party))
      throw new InvalidFieldsError({ noShow: `use one of ${NO_SHOW_PARTIES.join(", ")}` });
    const member = requireMember(viewer);
    await this.#change(viewer, id, "no_show", async (tx, match) => {
      await updateMatchRow(tx, match.id, { noShow: party as MatchRow["noShow"] });
      await this.#log.record(tx, member, "no_show_recorded", { postId: match.requestId });
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
    if (roles.length === 0)
      throw activeMember(viewer) === null ? new UnauthenticatedError("Sign in to see this match.") : new NotFoundError("No such match.");
    return this.#view(viewer, details, roles);
  }

  /** Coordinators see every match (or one post's); members the ones they are part of. */
  async list(viewer: Viewer, query: { post?: string; mine?: boolean } = {}): Promise<MatchView[]> {
    const member = requireMember(viewer);
    if (query.post !== undefined && !isUuid(query.post)) throw new NotFoundError("No such post.");
    const involving = query.mine || !isCoordinator(member) ? member.id : undefined;
    const rows = await listMatches(this.#db, { postId: query.post, involving });
    // A match someone no longer has a part in (a volunteer since removed) is not theirs to list.
    const theirs = rows.map((d) => ({ d, roles: rolesOf(viewer, d) })).filter(({ roles }) => roles.length > 0);
    return Promise.all(theirs.map(({ d, roles }) => this.#view(viewer, d, roles)));
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
        // Someone with no part in the match hears nothing about it (taken or not, its
        // status), unless it is offered to them as a task.
        if (roles.length === 0 && !(action === "take" && isOfferedAsTask(member, current))) throw new NotFoundError("No such match.");
        if (action === "take" && current.match.volunteerId !== null) throw new ConflictError("Someone has already taken this task.");
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
    // People who asked or offered by SMS have no account: they hear of the news that needs them by text.
    const { match } = details;
    const text: ContactNotice | null =
      kind === "match_accepted"
        ? { event: "matched" }
        : kind === "match_cancelled"
          ? { event: "cancelled" }
          : kind === "match_scheduled" && match.windowStart !== null && match.windowEnd !== null
            ? { event: "scheduled", window: { from: match.windowStart, to: match.windowEnd } }
            : null;
    const withoutAccount = [
      [match.requestId, details.request.authorId],
      [match.offerId, details.offer.authorId],
    ].flatMap(([postId, authorId]) => (authorId === null ? [postId!] : []));
    if (text !== null && withoutAccount.length > 0) await this.#contacts.notifyContacts(tx, withoutAccount, text);
  }

  /**
   * "A new open task on your days": approved volunteers free on the handover's weekday (any,
   * before it is scheduled) who may see both posts, are neither side, and are in no block
   * with either side.
   */
  async #tellVolunteers(tx: Database, match: MatchRow, actorId: string): Promise<void> {
    const details = (await findMatch(tx, match.id))!;
    const { request, offer } = details;
    const restricted = [request, offer].some((post) => post.visibility === "coordinators" || post.hiddenAt !== null);
    const weekdayBit = match.windowStart === null ? null : 1 << ((match.windowStart.getDay() + 6) % 7);
    await this.#notifier.notify(
      tx,
      {
        volunteers: {
          weekdayBit,
          apartFrom: [request.authorId, offer.authorId].filter((id): id is string => id !== null),
          coordinatorsOnly: restricted,
        },
      },
      { ...(await this.#notice(tx, match.id, "task_open", details)), url: "/tasks" },
      actorId,
    );
  }

  async #notice(tx: Database, matchId: string, kind: NotificationKind, known?: MatchDetails) {
    const details = known ?? (await findMatch(tx, matchId))!;
    return { kind, subjectId: matchId, url: `/matches/${matchId}`, params: { request: details.request.title, offer: details.offer.title } };
  }

  async #checkVolunteer(tx: Database, volunteerId: string, windowStart: Date | null, newPlaces: number): Promise<void> {
    const locked = await lockVolunteer(tx, volunteerId);
    if (locked === undefined) throw new InvalidFieldsError({ volunteer: "is not a member" });
    const { member, tasks } = locked;
    if (!isApprovedVolunteer(member)) throw new ConflictError(`${member.username} is not an approved volunteer.`);
    if (member.maxTasks === 0) throw new ConflictError(`${member.username} has not offered to take tasks.`);
    if (tasks + newPlaces > member.maxTasks)
      throw new ConflictError(`${member.username} already has ${tasks} of at most ${member.maxTasks} tasks.`);
    if (windowStart !== null && !isAvailableOn(member.availableWeekdays, windowStart)) {
      throw new ConflictError(`${member.username} is not available on that day.`);
    }
  }

  async #details(id: string): Promise<MatchDetails> {
    const details = isUuid(id) ? await findMatch(this.#db, id) : undefined;
    if (details === undefined) throw new NotFoundError("No such match.");
    return details;
  }

  async #visiblePost(member: Member, id: string, field: string): Promise<PostRow> {
    const row = isUuid(id) ? await findPost(this.#db, id) : undefined;
    if (row === undefined || !canView(member, row.post)) throw new NotFoundError(`No such ${field}.`);
    // A post the safety team hid is under review: nobody matches it meanwhile.
    if (row.post.hiddenAt !== null) throw new InvalidFieldsError({ [field]: "is hidden pending the safety team's review" });
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
      openToVolunteers: match.openToVolunteers,
      createdAt: match.createdAt.toISOString(),
      updatedAt: match.updatedAt.toISOString(),
      roles,
      actions: actionsFor(
        viewer,
        roles,
        details,
        feedback.some((f) => f.memberId === member?.id),
      ),
      parties: await this.#parties(details, contactsShown(roles, match.status)),
      noShow: coordinator ? match.noShow : null,
      feedback: shown.map((f) => ({ side: f.side, comment: f.comment, createdAt: f.createdAt.toISOString() })),
    };
  }

  /** Both sides as their counterparts see them (who wrote each post, and its contact), or as the volunteer needs them. */
  async #parties({ match }: MatchDetails, shown: ContactsShown): Promise<{ requester: PartyCard; offerer: PartyCard } | null> {
    if (shown === "none") return null;
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
    const seen = shown === "handover" ? forHandover : (c: PartyCard) => c;
    return { requester: seen(card(match.requestId)), offerer: seen(card(match.offerId)) };
  }
}

/** What a volunteer needs to hand over: a first name to ask for, how to reach them, where; not their notes. */
function forHandover(card: PartyCard): PartyCard {
  const firstName = (name: string | null | undefined) => name?.trim().split(/\s+/)[0] ?? null;
  return {
    member: card.member === null ? null : { username: card.member.username, displayName: firstName(card.member.displayName) },
    contact: card.contact === null ? null : { ...card.contact, name: firstName(card.contact.name), notes: null },
  };
}
