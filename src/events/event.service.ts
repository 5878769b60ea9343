import type { EventAttributes } from "ics";
import type { Database } from "../../db/database.ts";
import {
  attendingMemberIds,
  countRsvps,
  type EventRow,
  type EventWithNames,
  findEvent,
  findMemberRsvp,
  findRemoteRsvp,
  firstWaiting,
  insertEvent,
  listAgendaItems,
  listEventRows,
  listMemberEvents,
  listRsvpNames,
  lockEvent,
  missingDecisionIds,
  type NewEventRow,
  replaceAgenda,
  saveRsvp,
  setRsvpStatus,
  updateEventRow,
} from "../../db/queries/events.ts";
import { findRemoteActorById, findRemoteActorByIri, upsertRemoteActor } from "../../db/queries/remote-networks.ts";
import { findServiceAreaByName } from "../../db/queries/service-areas.ts";
import { inTransaction } from "../../db/transaction.ts";
import { eventTimeProblems } from "../dates.ts";
import { ConflictError, ForbiddenError, InvalidFieldsError, NotFoundError } from "../errors.ts";
import type { Member } from "../members/member.service.ts";
import { activeMember, isCoordinator, requireMember, type Viewer } from "../members/viewer.ts";
import type { NetworkSettingsService } from "../networks/network-settings.service.ts";
import type { RemoteActorProfile } from "../networks/ports.ts";
import type { Notifier } from "../notifications/ports.ts";
import { isUuid, parseOrThrow } from "../validation.ts";
import {
  type EventChange,
  type EventInput,
  eventChangeSchema,
  eventInputSchema,
  type RsvpResponse,
  type RsvpStatus,
  rsvpInputSchema,
} from "./event.schema.ts";
import { type EventView, toEventView } from "./event.view.ts";
import { calendarEntry, writeCalendarFile } from "./event-calendar.ts";
import type { EventPublisher } from "./ports.ts";

const EVENTS_LISTED = 100;

/** The fields whose change attendees are told of: when and where. */
const TIME_AND_PLACE = ["startsAt", "endsAt", "areaId", "place", "address", "onlineUrl"] as const;

/**
 * Assemblies and gatherings: coordinators (and members, where the network allows it)
 * create them; people answer going, maybe or not going, with a waiting list once an event
 * is full, and the longest-waiting person moves up when someone going leaves. Members-only
 * events are "not found" for everyone else, and the street address is shown only to
 * members unless the organiser made it public.
 */
export class EventService {
  readonly #db: Database;
  readonly #settings: NetworkSettingsService;
  readonly #notifier: Notifier;
  readonly #origin: URL;
  readonly #publisher: EventPublisher;

  constructor(db: Database, deps: { settings: NetworkSettingsService; notifier: Notifier; origin: URL; publisher: EventPublisher }) {
    this.#db = db;
    this.#publisher = deps.publisher;
    this.#settings = deps.settings;
    this.#notifier = deps.notifier;
    this.#origin = deps.origin;
  }

  async create(viewer: Viewer, input: EventInput | Record<string, unknown>): Promise<EventView> {
    const member = requireMember(viewer);
    if (!isCoordinator(member) && !(await this.#settings.profile()).membersCreateEvents) {
      throw new ForbiddenError("Only coordinators create events in this network.");
    }
    const fields = parseOrThrow(eventInputSchema, input);
    const values = await this.#rowValues(fields);
    const problems = eventTimeProblems(values.startsAt!, values.endsAt!);
    if (problems !== null) throw new InvalidFieldsError(problems);
    const row = await inTransaction(this.#db, async (tx) => {
      const inserted = await insertEvent(tx, { ...(values as NewEventRow), organiserId: member.id });
      if (inserted.visibility === "public") await this.#publisher.published(tx, await this.#publicView(tx, inserted.id), true, false);
      return inserted;
    });
    return this.get(viewer, row.id);
  }

  /** Upcoming events (not yet ended), soonest first; with `past`, those that ended, latest first. */
  async list(viewer: Viewer, options: { past?: boolean } = {}): Promise<EventView[]> {
    const member = activeMember(viewer);
    const rows = await listEventRows(
      this.#db,
      { visibilities: member ? ["public", "members"] : ["public"], past: options.past === true, now: new Date() },
      EVENTS_LISTED,
    );
    return Promise.all(rows.map((row) => this.#view(this.#db, viewer, row, false)));
  }

  async get(viewer: Viewer, id: string): Promise<EventView> {
    return this.#view(this.#db, viewer, await this.#visible(this.#db, viewer, id), true);
  }

  /** A public event as other servers see it; null if there is none, or it is for members only. */
  async findPublic(id: string): Promise<EventView | null> {
    const row = isUuid(id) ? await findEvent(this.#db, id) : undefined;
    return row === undefined || row.event.visibility !== "public" ? null : this.#view(this.#db, null, row, false);
  }

  /**
   * The organiser or a coordinator changes fields, an assembly's agenda or minutes. Those
   * coming are told when the time or the place changed; more room moves people up.
   */
  async update(viewer: Viewer, id: string, change: EventChange | Record<string, unknown>): Promise<EventView> {
    const member = requireMember(viewer);
    const parsed = parseOrThrow(eventChangeSchema, change);
    const { agenda, minutes, ...fields } = parsed;
    const values = await this.#rowValues(fields);
    await inTransaction(this.#db, async (tx) => {
      const event = await this.#editable(tx, member, id);
      // Unchanged times are fine (minutes are written after the event); new ones must be ahead.
      const retimed =
        !sameValue(values.startsAt ?? event.startsAt, event.startsAt) || !sameValue(values.endsAt ?? event.endsAt, event.endsAt);
      const problems = retimed ? eventTimeProblems(values.startsAt ?? event.startsAt, values.endsAt ?? event.endsAt) : null;
      if (problems !== null) throw new InvalidFieldsError(problems);
      if ((agenda !== undefined || minutes !== undefined) && event.kind !== "assembly" && (fields.kind ?? event.kind) !== "assembly") {
        throw new InvalidFieldsError({ [agenda !== undefined ? "agenda" : "minutes"]: "only an assembly has an agenda and minutes" });
      }
      await updateEventRow(tx, id, { ...values, ...(minutes !== undefined ? { minutes } : {}) });
      if (agenda !== undefined) {
        const unknown = await missingDecisionIds(
          tx,
          agenda.flatMap((item) => (item.decision ? [item.decision] : [])),
        );
        if (unknown.length > 0) throw new InvalidFieldsError({ agenda: `no decision has the id ${unknown[0]}` });
        await replaceAgenda(
          tx,
          id,
          agenda.map((item) => ({ title: item.title, decisionId: item.decision ?? null })),
        );
      }
      const moved = TIME_AND_PLACE.some((key) => values[key] !== undefined && !sameValue(values[key], event[key]));
      if (moved && event.status === "confirmed") await this.#tell(tx, event, "event_changed", member.id);
      const after = (await lockEvent(tx, id))!;
      await this.#moveUp(tx, after);
      if (after.visibility === "public")
        await this.#publisher.published(tx, await this.#publicView(tx, id), event.visibility !== "public", moved);
      else if (event.visibility === "public") await this.#publisher.withdrawn(tx, id);
    });
    return this.get(viewer, id);
  }

  /** The organiser or a coordinator cancels it; everyone coming, waiting or maybe coming is told. */
  async cancel(viewer: Viewer, id: string): Promise<EventView> {
    const member = requireMember(viewer);
    await inTransaction(this.#db, async (tx) => {
      const event = await this.#editable(tx, member, id);
      if (event.status === "cancelled") throw new ConflictError("The event is already cancelled.");
      await updateEventRow(tx, id, { status: "cancelled" });
      await this.#tell(tx, event, "event_cancelled", member.id);
      if (event.visibility === "public") await this.#publisher.published(tx, await this.#publicView(tx, id), false, true);
    });
    return this.get(viewer, id);
  }

  /**
   * A member's answer. "Going" to a full event puts them on the waiting list (where they
   * keep their place if they were already waiting); leaving moves the longest-waiting
   * person up. The event's row is locked meanwhile, so answers given at once never
   * over-book it.
   */
  async rsvp(viewer: Viewer, id: string, input: { response: RsvpResponse } | Record<string, unknown>): Promise<{ status: RsvpStatus }> {
    const member = requireMember(viewer);
    const { response } = parseOrThrow(rsvpInputSchema, input);
    return inTransaction(this.#db, async (tx) => {
      const found = await this.#visible(tx, member, id);
      const event = (await lockEvent(tx, found.event.id))!;
      if (event.status === "cancelled") throw new ConflictError("The event was cancelled.");
      if (event.endsAt.getTime() < Date.now()) throw new ConflictError("The event is over.");
      const current = (await findMemberRsvp(tx, id, member.id))?.status ?? null;
      const status = await this.#placeFor(tx, event, response, current);
      if (status !== current) await saveRsvp(tx, { eventId: id, memberId: member.id, status });
      if (current === "going" && status !== "going") await this.#moveUp(tx, event);
      return { status };
    });
  }

  /**
   * A remote person's `Join` of a public event (Mobilizon sends one): going while there is
   * room (answered with an Accept), else on the waiting list (accepted when they move up).
   * A members-only, cancelled, past or unknown event is refused (a Reject).
   */
  async receiveJoin(eventId: string, actor: RemoteActorProfile, joinIri: string): Promise<void> {
    await inTransaction(this.#db, async (tx) => {
      const event = isUuid(eventId) ? await lockEvent(tx, eventId) : undefined;
      const open = event !== undefined && event.visibility === "public" && event.status === "confirmed" && event.endsAt > new Date();
      if (!open) return this.#publisher.joinAnswered(tx, { eventId, actor, joinIri, accepted: false });
      const remote = await upsertRemoteActor(tx, actor);
      const current = (await findRemoteRsvp(tx, eventId, remote.id))?.status ?? null;
      const status = await this.#placeFor(tx, event, "going", current);
      await saveRsvp(tx, { eventId, remoteActorId: remote.id, joinIri, status });
      if (status === "going") await this.#publisher.joinAnswered(tx, { eventId, actor, joinIri, accepted: true });
    });
  }

  /** A remote person's `Leave` (or `Undo` of their Join): their place goes to whoever waited longest. */
  async receiveLeave(eventId: string, actorIri: string): Promise<void> {
    await inTransaction(this.#db, async (tx) => {
      const event = isUuid(eventId) ? await lockEvent(tx, eventId) : undefined;
      const remote = await findRemoteActorByIri(tx, actorIri);
      if (event === undefined || remote === undefined) return;
      const rsvp = await findRemoteRsvp(tx, eventId, remote.id);
      if (rsvp === undefined || rsvp.status === "not_going") return;
      await setRsvpStatus(tx, rsvp.id, "not_going");
      if (rsvp.status === "going") await this.#moveUp(tx, event);
    });
  }

  /** The event as a calendar file, with what the viewer may see of it. */
  async calendarFile(viewer: Viewer, id: string): Promise<string> {
    return writeCalendarFile([calendarEntry(await this.get(viewer, id), this.#origin)], "Mycelium event");
  }

  /** The events a member is going to (or may go to), as entries of their calendar feed. */
  async calendarEntriesOf(member: Member): Promise<EventAttributes[]> {
    const rows = await listMemberEvents(this.#db, member.id, new Date(Date.now() - 86_400_000));
    const views = await Promise.all(rows.map((row) => this.#view(this.#db, member, row, false)));
    return views.map((view) => calendarEntry(view, this.#origin));
  }

  /** What `status` a "going"/"maybe"/"not going" answer gives, with `event` locked. */
  async #placeFor(tx: Database, event: EventRow, response: RsvpResponse, current: RsvpStatus | null): Promise<RsvpStatus> {
    if (response !== "going") return response;
    if (current === "going" || current === "waitlisted") return current;
    if (event.capacity === null) return "going";
    return (await countRsvps(tx, event.id)).going < event.capacity ? "going" : "waitlisted";
  }

  /** Moves the longest-waiting people up while there is room, and tells each member. */
  async #moveUp(tx: Database, event: EventRow): Promise<void> {
    if (event.status === "cancelled") return;
    let going = (await countRsvps(tx, event.id)).going;
    while (event.capacity === null || going < event.capacity) {
      const next = await firstWaiting(tx, event.id);
      if (next === undefined) return;
      await setRsvpStatus(tx, next.id, "going");
      going++;
      if (next.memberId !== null) {
        await this.#notifier.notify(tx, { members: [next.memberId] }, this.#notice(event, "event_promoted"));
      }
      const actor = next.remoteActorId === null ? undefined : await findRemoteActorById(tx, next.remoteActorId);
      if (actor !== undefined && next.joinIri !== null) {
        await this.#publisher.joinAnswered(tx, { eventId: event.id, actor, joinIri: next.joinIri, accepted: true });
      }
    }
  }

  async #tell(tx: Database, event: EventRow, kind: "event_changed" | "event_cancelled", except: string): Promise<void> {
    const members = await attendingMemberIds(tx, event.id);
    if (members.length > 0) await this.#notifier.notify(tx, { members }, this.#notice(event, kind), except);
  }

  #notice(event: EventRow, kind: "event_changed" | "event_cancelled" | "event_promoted") {
    return { kind, subjectId: event.id, url: `/events/${event.id}`, params: { title: event.title } };
  }

  /** The event, if the viewer may see it: members-only ones are "not found" to everyone else. */
  async #visible(tx: Database, viewer: Viewer, id: string): Promise<EventWithNames> {
    const row = isUuid(id) ? await findEvent(tx, id) : undefined;
    if (row === undefined || (row.event.visibility === "members" && activeMember(viewer) === null)) {
      throw new NotFoundError("No such event.");
    }
    return row;
  }

  /** The event, locked, if `member` may change it: its organiser or a coordinator. */
  async #editable(tx: Database, member: Member, id: string): Promise<EventRow> {
    await this.#visible(tx, member, id);
    const event = (await lockEvent(tx, id))!;
    if (event.organiserId !== member.id && !isCoordinator(member)) {
      throw new ForbiddenError("Only the event's organiser or a coordinator can change it.");
    }
    return event;
  }

  /** Row values from checked fields: the area by name, times as dates, empty texts as none. */
  async #rowValues(fields: Partial<ReturnType<typeof eventInputSchema.parse>>): Promise<Partial<NewEventRow>> {
    const { area, startsAt, endsAt, ...rest } = fields;
    const values: Partial<NewEventRow> = { ...rest };
    for (const key of ["place", "address", "onlineUrl"] as const) if (values[key] === "") values[key] = null;
    if (startsAt !== undefined) values.startsAt = new Date(startsAt);
    if (endsAt !== undefined) values.endsAt = new Date(endsAt);
    if (area !== undefined) {
      const found = await findServiceAreaByName(this.#db, area);
      if (found === undefined) throw new InvalidFieldsError({ area: `there is no service area called "${area}"` });
      values.areaId = found.id;
    }
    return values;
  }

  /** What the public (and other servers) see of an event. */
  async #publicView(tx: Database, id: string): Promise<EventView> {
    return this.#view(tx, null, (await findEvent(tx, id))!, false);
  }

  async #view(tx: Database, viewer: Viewer, row: EventWithNames, full: boolean): Promise<EventView> {
    const member = activeMember(viewer);
    const canEdit = member !== null && (row.event.organiserId === member.id || isCoordinator(member));
    const names = full && canEdit ? await listRsvpNames(tx, row.event.id) : null;
    return toEventView(row, {
      member: member !== null,
      counts: await countRsvps(tx, row.event.id),
      myStatus: member === null ? null : ((await findMemberRsvp(tx, row.event.id, member.id))?.status ?? null),
      canEdit,
      agenda: full && member !== null ? await listAgendaItems(tx, row.event.id) : [],
      attendees: names?.map((n) => ({ name: n.username ?? n.actorHandle ?? n.actorIri ?? "", status: n.status })) ?? null,
    });
  }
}

/** Equal, times to the minute (forms give times without seconds). */
function sameValue(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? Math.floor(a.getTime() / 60_000) === Math.floor(b.getTime() / 60_000) : a === b;
}
