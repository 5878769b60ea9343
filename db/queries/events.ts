import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { decisions, eventAgendaItems, eventRsvps, events, members, remoteActors, serviceAreas } from "../schema/index.ts";

export type EventRow = typeof events.$inferSelect;
export type NewEventRow = typeof events.$inferInsert;
export type RsvpRow = typeof eventRsvps.$inferSelect;
export type RsvpStatus = RsvpRow["status"];
export type AgendaItemRow = typeof eventAgendaItems.$inferSelect;

/** An event with its area's name and its organiser's username. */
export interface EventWithNames {
  event: EventRow;
  area: string;
  organiser: string | null;
}

function selectEvents(db: Database, where: SQL | undefined) {
  return db
    .select({ event: events, area: serviceAreas.name, organiser: members.username })
    .from(events)
    .innerJoin(serviceAreas, eq(serviceAreas.id, events.areaId))
    .leftJoin(members, eq(members.id, events.organiserId))
    .where(where);
}

export async function insertEvent(db: Database, values: NewEventRow): Promise<EventRow> {
  const [row] = await db.insert(events).values(values).returning();
  return row!;
}

export async function updateEventRow(db: Database, id: string, values: Partial<NewEventRow>): Promise<void> {
  await db
    .update(events)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(events.id, id));
}

export async function findEvent(db: Database, id: string): Promise<EventWithNames | undefined> {
  const [row] = await selectEvents(db, eq(events.id, id));
  return row;
}

/** Locks the event's row until the transaction ends: RSVPs to one event take turns, so none over-books it. */
export async function lockEvent(db: Database, id: string): Promise<EventRow | undefined> {
  const [row] = await db.select().from(events).where(eq(events.id, id)).for("update");
  return row;
}

/**
 * Events that have not ended (or, with `past`, those that have), soonest first (latest
 * first for past ones); `visibilities` narrows to what the viewer may see.
 */
export function listEventRows(
  db: Database,
  filter: { visibilities: EventRow["visibility"][]; past: boolean; now: Date },
  limit: number,
): Promise<EventWithNames[]> {
  const when = filter.past ? lt(events.endsAt, filter.now) : gte(events.endsAt, filter.now);
  return selectEvents(db, and(inArray(events.visibility, filter.visibilities), when))
    .orderBy(filter.past ? desc(events.startsAt) : asc(events.startsAt))
    .limit(limit);
}

/** How many are going and waiting, per event. */
export async function countRsvps(db: Database, eventId: string): Promise<{ going: number; waitlisted: number; maybe: number }> {
  const rows = await db
    .select({ status: eventRsvps.status, n: count() })
    .from(eventRsvps)
    .where(eq(eventRsvps.eventId, eventId))
    .groupBy(eventRsvps.status);
  const of = (status: RsvpStatus) => rows.find((r) => r.status === status)?.n ?? 0;
  return { going: of("going"), waitlisted: of("waitlisted"), maybe: of("maybe") };
}

export async function findMemberRsvp(db: Database, eventId: string, memberId: string): Promise<RsvpRow | undefined> {
  const [row] = await db
    .select()
    .from(eventRsvps)
    .where(and(eq(eventRsvps.eventId, eventId), eq(eventRsvps.memberId, memberId)));
  return row;
}

export async function findRemoteRsvp(db: Database, eventId: string, remoteActorId: string): Promise<RsvpRow | undefined> {
  const [row] = await db
    .select()
    .from(eventRsvps)
    .where(and(eq(eventRsvps.eventId, eventId), eq(eventRsvps.remoteActorId, remoteActorId)));
  return row;
}

/** A new answer, or a changed one; a new status restarts the person's place in the waiting list. */
export async function saveRsvp(
  db: Database,
  values: { eventId: string; memberId?: string; remoteActorId?: string; joinIri?: string; status: RsvpStatus },
): Promise<void> {
  const target = values.memberId !== undefined ? [eventRsvps.eventId, eventRsvps.memberId] : [eventRsvps.eventId, eventRsvps.remoteActorId];
  const joinIri = values.joinIri === undefined ? {} : { joinIri: values.joinIri };
  await db
    .insert(eventRsvps)
    .values(values)
    .onConflictDoUpdate({ target, set: { status: values.status, respondedAt: sql`now()`, ...joinIri } });
}

/** The one who has waited longest, if anyone waits. */
export async function firstWaiting(db: Database, eventId: string): Promise<RsvpRow | undefined> {
  const [row] = await db
    .select()
    .from(eventRsvps)
    .where(and(eq(eventRsvps.eventId, eventId), eq(eventRsvps.status, "waitlisted")))
    .orderBy(asc(eventRsvps.respondedAt), asc(eventRsvps.id))
    .limit(1);
  return row;
}

export async function setRsvpStatus(db: Database, id: string, status: RsvpStatus): Promise<void> {
  await db.update(eventRsvps).set({ status }).where(eq(eventRsvps.id, id));
}

/** Members who said they are going, waiting or maybe coming: the ones told of changes. */
export async function attendingMemberIds(db: Database, eventId: string): Promise<string[]> {
  const rows = await db
    .select({ memberId: eventRsvps.memberId })
    .from(eventRsvps)
    .where(
      and(eq(eventRsvps.eventId, eventId), isNotNull(eventRsvps.memberId), inArray(eventRsvps.status, ["going", "waitlisted", "maybe"])),
    );
  return rows.map((r) => r.memberId!);
}

/** Who answered, for organisers: members by username, remote people by handle (or IRI), in answer order. */
export function listRsvpNames(db: Database, eventId: string) {
  return db
    .select({ status: eventRsvps.status, username: members.username, actorHandle: remoteActors.handle, actorIri: remoteActors.iri })
    .from(eventRsvps)
    .leftJoin(members, eq(members.id, eventRsvps.memberId))
    .leftJoin(remoteActors, eq(remoteActors.id, eventRsvps.remoteActorId))
    .where(eq(eventRsvps.eventId, eventId))
    .orderBy(asc(eventRsvps.respondedAt));
}

/** The events a member is going to or may go to (for their calendar feed), from `since` on. */
export function listMemberEvents(db: Database, memberId: string, since: Date): Promise<EventWithNames[]> {
  return db
    .select({ event: events, area: serviceAreas.name, organiser: members.username })
    .from(eventRsvps)
    .innerJoin(events, eq(events.id, eventRsvps.eventId))
    .innerJoin(serviceAreas, eq(serviceAreas.id, events.areaId))
    .leftJoin(members, eq(members.id, events.organiserId))
    .where(and(eq(eventRsvps.memberId, memberId), inArray(eventRsvps.status, ["going", "maybe"]), gte(events.endsAt, since)))
    .orderBy(asc(events.startsAt));
}

export function listAgendaItems(db: Database, eventId: string): Promise<AgendaItemRow[]> {
  return db.select().from(eventAgendaItems).where(eq(eventAgendaItems.eventId, eventId)).orderBy(asc(eventAgendaItems.position));
}

/** Which of these decision ids name no decision. */
export async function missingDecisionIds(db: Database, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await db.select({ id: decisions.id }).from(decisions).where(inArray(decisions.id, ids));
  return ids.filter((id) => !found.some((row) => row.id === id));
}

/** Replaces the agenda with `items`, in their order. */
export async function replaceAgenda(db: Database, eventId: string, items: { title: string; decisionId: string | null }[]): Promise<void> {
  await db.delete(eventAgendaItems).where(eq(eventAgendaItems.eventId, eventId));
  if (items.length === 0) return;
  await db.insert(eventAgendaItems).values(items.map((item, position) => ({ eventId, position, ...item })));
}
