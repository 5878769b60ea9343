import { createHash, randomBytes } from "node:crypto";
import type { EventAttributes } from "ics";
import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { listMatches } from "../../db/queries/matches.ts";
import { findMemberById, updateMember } from "../../db/queries/members.ts";
import {
  countTasks,
  findMemberByCalendarToken,
  listUntakenMatchIds,
  listVolunteerRoster,
  listVolunteers,
  releaseTasksOf,
} from "../../db/queries/volunteers.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.ts";
import type { EventService } from "../events/event.service.ts";
import { writeCalendarFile } from "../events/event-calendar.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import type { Member } from "../members/member.service.ts";
import { activeMember, isCoordinator, requireMember, type Viewer } from "../members/viewer.ts";
import { isUuid, parseOrThrow, typedText } from "../validation.ts";
import { isAvailableOn, maskToWeekdays, WEEKDAYS, type Weekday, weekdaysToMask } from "./availability.ts";
import { isApprovedVolunteer } from "./match.policy.ts";
import type { MatchService, MatchView } from "./match.service.ts";

/** Whether a member volunteers: not at all, asking a coordinator, or approved. */
export type VolunteerStatus = Member["volunteerStatus"];

export interface Availability {
  weekdays: Weekday[];
  note: string;
  /** The most tasks at once; 0 means not volunteering. */
  maxTasks: number;
  status: VolunteerStatus;
}

export interface TaskList {
  availability: Availability;
  /** Handovers given to this member, soonest first. */
  mine: MatchView[];
  /** Handovers opened to volunteers that nobody has taken, on the member's days; empty until they are approved, and at their limit. */
  open: MatchView[];
  atLimit: boolean;
  /** Whether a calendar feed URL exists (its secret is shown only once, when made). */
  hasCalendar: boolean;
}

export interface VolunteerSummary {
  id: string;
  username: string;
  displayName: string | null;
  availability: Availability;
  tasks: number;
}

const availabilitySchema = z.object({
  weekdays: z.array(z.enum(WEEKDAYS, { error: "use mon, tue, wed, thu, fri, sat or sun" })).max(7),
  note: typedText({ max: 200 }),
  maxTasks: z
    .number({ error: "use a number" })
    .int({ error: "use a whole number" })
    .min(0, { error: "use 0 or more" })
    .max(20, { error: "use at most 20" }),
});

const OPEN_TASKS_SHOWN = 50;

/**
 * Volunteers and their tasks: the days they are free and how many handovers they take at
 * once, the task list (which respects that limit), and a secret, revocable calendar feed.
 */
export class VolunteerService {
  readonly #db: Database;
  readonly #matches: MatchService;
  readonly #log: CoordinatorLogService;
  readonly #origin: URL;
  readonly #events: EventService;

  /** `events` adds the events a member is going to to their calendar feed. */
  constructor(db: Database, deps: { matches: MatchService; log: CoordinatorLogService; origin: URL; events: EventService }) {
    this.#events = deps.events;
    this.#db = db;
    this.#matches = deps.matches;
    this.#log = deps.log;
    this.#origin = deps.origin;
  }

  /**
   * Saves when a member can help. Offering tasks for the first time asks the coordinators
   * to approve them as a volunteer; offering none while still asking withdraws the ask. An
   * approved volunteer who sets 0 pauses and stays approved.
   */
  async setAvailability(
    viewer: Viewer,
    input: { weekdays: string[]; note: string; maxTasks: number | string | null },
  ): Promise<Availability> {
    const member = requireMember(viewer);
    const fields = parseOrThrow(availabilitySchema, input);
    const status: VolunteerStatus =
      member.volunteerStatus === "none" && fields.maxTasks > 0
        ? "asked"
        : member.volunteerStatus === "asked" && fields.maxTasks === 0
          ? "none"
          : member.volunteerStatus;
    return inTransaction(this.#db, async (tx) => {
      const row = await updateMember(tx, member.id, {
        availableWeekdays: weekdaysToMask(fields.weekdays),
        availabilityNote: fields.note === "" ? null : fields.note,
        maxTasks: fields.maxTasks,
        volunteerStatus: status,
      });
      if (status !== member.volunteerStatus)
        await this.#log.record(tx, member, status === "asked" ? "volunteer_asked" : "volunteer_ask_withdrawn");
      return availabilityOf(row!);
    });
  }

  /** Members who asked to volunteer and approved volunteers, for coordinators. */
  async roster(viewer: Viewer): Promise<VolunteerSummary[]> {
    if (!isCoordinator(viewer)) throw new ForbiddenError("Only coordinators approve volunteers.");
    return this.#summaries(await listVolunteerRoster(this.#db));
  }

  /** A coordinator lets a member who asked take open handovers (and see their contacts once taken). */
  async approve(viewer: Viewer, memberId: string): Promise<void> {
    const { actor, subject } = await this.#decide(viewer, memberId);
    if (subject.volunteerStatus === "approved") return;
    if (subject.volunteerStatus !== "asked") throw new ConflictError(`${subject.username} has not asked to volunteer.`);
    await inTransaction(this.#db, async (tx) => {
      await updateMember(tx, subject.id, { volunteerStatus: "approved" });
      await this.#log.record(tx, actor, "volunteer_approved", { subjectMemberId: subject.id });
    });
  }

  /**
   * A coordinator ends a member's volunteering (or turns down their ask). The handovers they
   * hold go back to the coordinators, and they stop seeing them at once.
   */
  async remove(viewer: Viewer, memberId: string): Promise<void> {
    const { actor, subject } = await this.#decide(viewer, memberId);
    if (subject.volunteerStatus === "none") return;
    await inTransaction(this.#db, async (tx) => {
      await updateMember(tx, subject.id, { volunteerStatus: "none", maxTasks: 0 });
      const released = await releaseTasksOf(tx, subject.id);
      await this.#log.record(tx, actor, "volunteer_removed", {
        subjectMemberId: subject.id,
        detail: released > 0 ? `${released}` : undefined,
      });
    });
  }

  async #decide(viewer: Viewer, memberId: string): Promise<{ actor: Member; subject: Member }> {
    const actor = activeMember(viewer);
    if (actor === null || !isCoordinator(actor)) throw new ForbiddenError("Only coordinators approve volunteers.");
    const subject = isUuid(memberId) ? await findMemberById(this.#db, memberId) : undefined;
    if (subject === undefined) throw new NotFoundError("No such member.");
    return { actor, subject };
  }

  async tasks(viewer: Viewer): Promise<TaskList> {
    const member = requireMember(viewer);
    const mine = await this.#matches.list(member, { mine: true });
    const taken = mine.filter((m) => m.roles.includes("volunteer") && (m.status === "accepted" || m.status === "scheduled"));
    const count = await countTasks(this.#db, member.id);
    const atLimit = count >= member.maxTasks;
    let open: MatchView[] = [];
    if (!atLimit && isApprovedVolunteer(member)) {
      const ids = (await listUntakenMatchIds(this.#db, OPEN_TASKS_SHOWN)).map((r) => r.id);
      open = (await this.#matches.untaken(member, ids)).filter(
        (m) => m.actions.includes("take") && (m.windowStart === null || isAvailableOn(member.availableWeekdays, new Date(m.windowStart))),
      );
    }
    return {
      availability: availabilityOf(member),
      mine: taken.sort((a, b) => (a.windowStart ?? "9").localeCompare(b.windowStart ?? "9")),
      open,
      atLimit,
      hasCalendar: member.calendarTokenHash !== null,
    };
  }

  /** Who coordinators can give a handover to, with their days and how many tasks they hold. */
  async volunteers(): Promise<VolunteerSummary[]> {
    return this.#summaries(await listVolunteers(this.#db));
  }

  #summaries(rows: Member[]): Promise<VolunteerSummary[]> {
    return Promise.all(
      rows.map(async (m) => ({
        id: m.id,
        username: m.username,
        displayName: m.displayName,
        availability: availabilityOf(m),
        tasks: await countTasks(this.#db, m.id),
      })),
    );
  }

  /** Makes a new calendar feed URL; any earlier one stops working. */
  async createCalendarFeed(viewer: Viewer): Promise<URL> {
    const member = requireMember(viewer);
    const secret = randomBytes(32).toString("base64url");
    await updateMember(this.#db, member.id, { calendarTokenHash: hashSecret(secret) });
    return new URL(`/calendar/${secret}.ics`, this.#origin);
  }

  async revokeCalendarFeed(viewer: Viewer): Promise<void> {
    const member = requireMember(viewer);
    await updateMember(this.#db, member.id, { calendarTokenHash: null });
  }

  /**
   * The feed behind a secret URL: the member's scheduled handovers, and the events they are
   * going (or may go) to. A handover names the offer and the areas only; contacts stay
   * behind the sign-in on the match's page, because calendar
   * apps copy feeds to other companies' servers.
   */
  async calendar(secret: string): Promise<string> {
    const member = /^[A-Za-z0-9_-]{43}$/.test(secret) ? await findMemberByCalendarToken(this.#db, hashSecret(secret)) : undefined;
    if (member === undefined || activeMember(member) === null) throw new NotFoundError("No such calendar.");
    const rows = await listMatches(this.#db, { involving: member.id, statuses: ["scheduled"] });
    const events: EventAttributes[] = rows
      .filter((d) => d.match.windowStart !== null && d.match.windowEnd !== null)
      .map(({ match, offer, request }) => ({
        uid: `${match.id}@${this.#origin.host}`,
        start: match.windowStart!.getTime(),
        startInputType: "utc",
        startOutputType: "utc",
        end: match.windowEnd!.getTime(),
        endInputType: "utc",
        endOutputType: "utc",
        title: `${match.method === "delivery" ? "Delivery" : "Pickup"}: ${offer.title} (${offer.area} → ${request.area})`,
        description: `Details and contacts: ${new URL(`/matches/${match.id}`, this.#origin).href}`,
        url: new URL(`/matches/${match.id}`, this.#origin).href,
        status: "CONFIRMED",
      }));
    events.push(...(await this.#events.calendarEntriesOf(member)));
    return writeCalendarFile(events, "Mycelium tasks");
  }
}

function availabilityOf(member: Member): Availability {
  return {
    weekdays: maskToWeekdays(member.availableWeekdays),
    note: member.availabilityNote ?? "",
    maxTasks: member.maxTasks,
    status: member.volunteerStatus,
  };
}

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
