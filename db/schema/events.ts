import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { decisions } from "./decisions.ts";
import { serviceAreas } from "./instance.ts";
import { members } from "./members.ts";
import { remoteActors } from "./remote-networks.ts";

export const eventKind = pgEnum("event_kind", ["assembly", "distribution", "skill_share", "social", "training", "other"]);
export const eventVisibility = pgEnum("event_visibility", ["public", "members"]);
export const eventStatus = pgEnum("event_status", ["confirmed", "cancelled"]);
export const rsvpStatus = pgEnum("rsvp_status", ["going", "waitlisted", "maybe", "not_going"]);

/**
 * Assemblies and gatherings. The area and the named place are public with a public event;
 * the street address only to members, unless the organiser made it public (a food
 * distribution open to all).
 */
export const events = pgTable(
  "events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    kind: eventKind("kind").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    areaId: uuid("area_id")
      .notNull()
      .references(() => serviceAreas.id),
    /** A named place ("the community centre"). */
    place: text("place"),
    /** The street address: members only, unless `addressPublic`. */
    address: text("address"),
    addressPublic: boolean("address_public").notNull().default(false),
    onlineUrl: text("online_url"),
    /** The most people going; null for no limit. */
    capacity: integer("capacity"),
    visibility: eventVisibility("visibility").notNull(),
    status: eventStatus("status").notNull().default("confirmed"),
    organiserId: uuid("organiser_id").references(() => members.id, { onDelete: "set null" }),
    /** An assembly's minutes, written afterwards (members only). */
    minutes: text("minutes"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("events_starts_idx").on(t.startsAt),
    check("events_ends_after_start", sql`${t.endsAt} > ${t.startsAt}`),
    check("events_capacity_positive", sql`${t.capacity} IS NULL OR ${t.capacity} >= 1`),
  ],
);

/** An assembly's agenda, in order; an item may name the decision it is about. */
export const eventAgendaItems = pgTable(
  "event_agenda_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    decisionId: uuid("decision_id").references(() => decisions.id, { onDelete: "set null" }),
  },
  (t) => [index("event_agenda_items_event_idx").on(t.eventId, t.position)],
);

/**
 * Who answered an event's invitation: a member, or a remote person who sent a `Join` (shown
 * to organisers by handle only; `joinIri` is what our Accept answers). `respondedAt` orders
 * the waiting list.
 */
export const eventRsvps = pgTable(
  "event_rsvps",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    memberId: uuid("member_id").references(() => members.id, { onDelete: "cascade" }),
    remoteActorId: uuid("remote_actor_id").references(() => remoteActors.id, { onDelete: "cascade" }),
    joinIri: text("join_iri"),
    status: rsvpStatus("status").notNull(),
    respondedAt: timestamp("responded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("event_rsvps_member_unique").on(t.eventId, t.memberId),
    uniqueIndex("event_rsvps_remote_actor_unique").on(t.eventId, t.remoteActorId),
    index("event_rsvps_status_idx").on(t.eventId, t.status, t.respondedAt),
    check("event_rsvps_one_person", sql`(${t.memberId} IS NULL) <> (${t.remoteActorId} IS NULL)`),
  ],
);

/**
 * Public events of the sibling networks we follow, read from the Events they send (our own
 * shape, or Mobilizon's). Everything here was public where it came from.
 */
export const siblingEvents = pgTable(
  "sibling_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    originId: uuid("origin_id")
      .notNull()
      .references(() => remoteActors.id, { onDelete: "cascade" }),
    objectIri: text("object_iri").notNull().unique(),
    url: text("url"),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    /** The Place's name, and its street address when the organiser made it public. */
    place: text("place"),
    address: text("address"),
    capacity: integer("capacity"),
    remainingCapacity: integer("remaining_capacity"),
    online: boolean("online").notNull().default(false),
    status: eventStatus("status").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sibling_events_starts_idx").on(t.startsAt), index("sibling_events_origin_idx").on(t.originId)],
);
