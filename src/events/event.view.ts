import type { AgendaItemRow, EventWithNames } from "../../db/queries/events.ts";
import type { EventKind, EventStatus, EventVisibility, RsvpStatus } from "./event.schema.ts";

/** An event as one viewer may see it. */
export interface EventView {
  id: string;
  title: string;
  description: string;
  kind: EventKind;
  startsAt: string;
  endsAt: string;
  area: string;
  place: string | null;
  /** The street address: null unless the viewer is a member or the organiser made it public. */
  address: string | null;
  addressPublic: boolean;
  onlineUrl: string | null;
  capacity: number | null;
  visibility: EventVisibility;
  status: EventStatus;
  /** The organiser's username, for members; null for the public. */
  organiser: string | null;
  goingCount: number;
  waitlistCount: number;
  maybeCount: number;
  /** The viewer's own answer, if they gave one. */
  myStatus: RsvpStatus | null;
  /** Whether the viewer may edit or cancel it (its organiser, or a coordinator). */
  canEdit: boolean;
  /** An assembly's agenda and minutes: members only (empty and null for the public). */
  agenda: { title: string; decision: string | null }[];
  minutes: string | null;
  /** Who answered, for those who may edit it: members by username, people elsewhere by handle. */
  attendees: { name: string; status: RsvpStatus }[] | null;
}

export interface ViewContext {
  member: boolean;
  counts: { going: number; waitlisted: number; maybe: number };
  myStatus: RsvpStatus | null;
  canEdit: boolean;
  agenda: AgendaItemRow[];
  attendees: EventView["attendees"];
}

export function toEventView({ event, area, organiser }: EventWithNames, context: ViewContext): EventView {
  return {
    id: event.id,
    title: event.title,
    description: event.description,
    kind: event.kind,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    area,
    place: event.place,
    address: context.member || event.addressPublic ? event.address : null,
    addressPublic: event.addressPublic,
    onlineUrl: event.onlineUrl,
    capacity: event.capacity,
    visibility: event.visibility,
    status: event.status,
    organiser: context.member ? organiser : null,
    goingCount: context.counts.going,
    waitlistCount: context.counts.waitlisted,
    maybeCount: context.counts.maybe,
    myStatus: context.myStatus,
    canEdit: context.canEdit,
    agenda: context.member ? context.agenda.map((item) => ({ title: item.title, decision: item.decisionId })) : [],
    minutes: context.member ? event.minutes : null,
    attendees: context.attendees,
  };
}
