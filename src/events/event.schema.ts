import { z } from "zod";
import { eventKind, eventStatus, eventVisibility, rsvpStatus } from "../../db/schema/events.ts";
import { typedText } from "../validation.ts";

export const EVENT_KINDS = eventKind.enumValues;
export const EVENT_VISIBILITIES = eventVisibility.enumValues;
export const EVENT_STATUSES = eventStatus.enumValues;
export const RSVP_STATUSES = rsvpStatus.enumValues;
/** What a person answers; `waitlisted` is what they get when a full event says "going". */
export const RSVP_RESPONSES = ["going", "maybe", "not_going"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export type EventVisibility = (typeof EVENT_VISIBILITIES)[number];
export type EventStatus = (typeof EVENT_STATUSES)[number];
export type RsvpStatus = (typeof RSVP_STATUSES)[number];
export type RsvpResponse = (typeof RSVP_RESPONSES)[number];

export const MAX_CAPACITY = 100_000;

/** zod's date-times are real calendar days already; a date-time without an offset is the server's local time. */
const dateTime = z.iso.datetime({ offset: true, local: true, error: "use a date and time" });

/** An optional text field: empty means none. */
const optionalText = (max: number) => typedText({ max }).nullable().optional();

/** The fields of an event as createEvent takes them; updateEvent takes any of them. */
const eventFields = z.object({
  title: typedText({ min: 3, max: 120 }),
  description: typedText({ max: 4000, multiline: true }).default(""),
  kind: z.enum(EVENT_KINDS, { error: `use one of ${EVENT_KINDS.join(", ")}` }),
  startsAt: dateTime,
  endsAt: dateTime,
  area: typedText({ min: 1, max: 80, minError: "choose a service area" }),
  place: optionalText(200),
  address: optionalText(300),
  addressPublic: z.boolean().default(false),
  onlineUrl: z
    .url({ protocol: /^https?$/, error: "use an http:// or https:// link" })
    .max(500)
    .nullable()
    .optional(),
  capacity: z
    .number({ error: "use a number" })
    .int({ error: "use a whole number" })
    .min(1, { error: "use 1 or more, or leave it empty for no limit" })
    .max(MAX_CAPACITY, { error: `use at most ${MAX_CAPACITY}` })
    .nullable()
    .optional(),
  visibility: z.enum(EVENT_VISIBILITIES, { error: "use public or members" }),
});

export const eventInputSchema = eventFields;
export type EventInput = z.input<typeof eventInputSchema>;

/** An assembly's agenda item, optionally naming the decision it is about. */
const agendaItem = z.object({
  title: typedText({ min: 1, max: 200, minError: "name the item" }),
  decision: z.uuid({ error: "use a decision's id" }).nullable().optional(),
});

/** updateEvent: any fields, and for an assembly its agenda (the whole list, in order) and minutes. */
export const eventChangeSchema = eventFields
  .omit({ description: true, addressPublic: true })
  .extend({
    description: typedText({ max: 4000, multiline: true }),
    addressPublic: z.boolean(),
    agenda: z.array(agendaItem).max(50, { error: "use at most 50 items" }),
    minutes: typedText({ max: 20_000, multiline: true }).nullable(),
  })
  .partial();
export type EventChange = z.input<typeof eventChangeSchema>;

export const rsvpInputSchema = z.object({
  response: z.enum(RSVP_RESPONSES, { error: "use going, maybe or not_going" }),
});
