import { Event } from "@fedify/vocab";
import { getDocumentLoader } from "@fedify/vocab-runtime";
import { describe, expect, it } from "vitest";
import { readSiblingEvent } from "../federation/event-objects.ts";

// Reading a sibling's (or Mobilizon's) public Event into what the Nearby page shows, from
// the JSON that arrives: no HTTP, no database. Only the ActivityStreams context is used,
// which Fedify has built in; any other fetch fails the test.

const preloaded = getDocumentLoader();
const contextLoader = async (url: string) => {
  if (url !== "https://www.w3.org/ns/activitystreams") throw new Error(`a unit test must not fetch ${url}`);
  return preloaded(url);
};

/** An Event as Mobilizon publishes one: its own terms in an inline context, HTML content, a PostalAddress. */
function mobilizonEvent(): Record<string, any> {
  return {
    "@context": [
      "https://www.w3.org/ns/activitystreams",
      {
        mz: "https://joinmobilizon.org/ns#",
        sc: "http://schema.org#",
        ical: "http://www.w3.org/2002/12/cal/ical#",
        joinMode: "mz:joinMode",
        isOnline: "mz:isOnline",
        maximumAttendeeCapacity: "sc:maximumAttendeeCapacity",
        remainingAttendeeCapacity: "sc:remainingAttendeeCapacity",
        PostalAddress: "sc:PostalAddress",
        address: "sc:address",
        streetAddress: "sc:streetAddress",
        addressLocality: "sc:addressLocality",
        status: "ical:status",
      },
    ],
    id: "https://mobilizon.example/events/5a1e",
    type: "Event",
    attributedTo: "https://mobilizon.example/@pantry",
    name: "Community fridge restock",
    content: "<p>Bring <strong>fresh</strong> food &amp; jars.</p><p>Line two<br>line three</p><script>alert(1)</script>",
    startTime: "2026-12-05T10:00:00Z",
    endTime: "2026-12-05T12:00:00Z",
    url: "https://mobilizon.example/events/5a1e",
    location: {
      type: "Place",
      name: "Corner shop",
      address: { type: "PostalAddress", streetAddress: "12 High St", addressLocality: "Northtown" },
    },
    joinMode: "free",
    isOnline: false,
    maximumAttendeeCapacity: 40,
    remainingAttendeeCapacity: 12,
    status: "CONFIRMED",
  };
}

const read = async (json: Record<string, any>) =>
  readSiblingEvent(await Event.fromJsonLd(json, { contextLoader, documentLoader: contextLoader }));

describe("reading a sibling's public Event", () => {
  it("reads Mobilizon's time, place, address, capacity and status, and the content as plain text", async () => {
    expect(await read(mobilizonEvent())).toEqual({
      objectIri: "https://mobilizon.example/events/5a1e",
      url: "https://mobilizon.example/events/5a1e",
      title: "Community fridge restock",
      description: "Bring fresh food & jars.\n\nLine two\nline three",
      startsAt: new Date("2026-12-05T10:00:00Z"),
      endsAt: new Date("2026-12-05T12:00:00Z"),
      place: "Corner shop",
      address: "12 High St, Northtown",
      capacity: 40,
      remainingCapacity: 12,
      online: false,
      status: "confirmed",
    });
  });

  it("reads a cancellation written with a prefixed term, and keeps nothing it cannot trust", async () => {
    const json = mobilizonEvent();
    delete json.status;
    json["ical:status"] = "CANCELLED";
    json.maximumAttendeeCapacity = -3;
    json.remainingAttendeeCapacity = "many";
    json.endTime = "2026-12-05T09:00:00Z";
    json.url = "javascript:alert(1)";
    json.location = { type: "Place", name: "Hall", address: "  " };
    expect(await read(json)).toMatchObject({
      status: "cancelled",
      capacity: null,
      remainingCapacity: null,
      endsAt: null,
      url: null,
      place: "Hall",
      address: null,
    });
  });

  it("refuses an Event without a name or a start", async () => {
    expect(await read({ ...mobilizonEvent(), name: " " })).toBeNull();
    const { startTime: _, ...withoutStart } = mobilizonEvent();
    expect(await read(withoutStart)).toBeNull();
  });
});
