import type { EventAttributes } from "ics";
import type { EventView } from "./event.view.ts";

/**
 * An event as a calendar entry: its page, place and address as the viewer may see them.
 * Used for the event's own .ics file and in members' calendar feeds.
 */
export function calendarEntry(event: EventView, origin: URL): EventAttributes {
  const url = new URL(`/events/${event.id}`, origin).href;
  const where = [event.place, event.address, event.area].filter((part): part is string => part !== null && part !== "").join(", ");
  return {
    uid: `event-${event.id}@${origin.host}`,
    start: new Date(event.startsAt).getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: new Date(event.endsAt).getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    title: event.title,
    description: [event.description, event.onlineUrl ?? "", url].filter((line) => line !== "").join("\n\n"),
    location: where,
    url,
    status: event.status === "cancelled" ? "CANCELLED" : "CONFIRMED",
  };
}

/**
 * Calendar entries as an .ics file named `name`. The ics package is loaded with the first
 * file asked for: few processes ever write one, and it holds about 1.5 MB once loaded.
 */
export async function writeCalendarFile(entries: EventAttributes[], name: string): Promise<string> {
  const { createEvents } = await import("ics");
  const { error, value } = createEvents(entries, { productId: "mycelium", calName: name });
  if (error || !value) throw error ?? new Error("Could not write the calendar.");
  return value;
}
