// A network that approves our follow sends its Accept, then its posts, crises and events;
// the two can be handled here in either order. What comes first must be retried (the queue
// hands back a listener that throws), not dropped for good.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setFollowingState, upsertFollowing, upsertRemoteActor } from "../db/queries/remote-networks.ts";
import type { SiblingEventInput } from "../src/events/ports.ts";
import type { RemoteActorProfile } from "../src/networks/ports.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";

describe("what a network sends before its Accept is handled", () => {
  let instance: TestInstance;

  beforeAll(async () => {
    instance = await startTestInstance("riverside");
  });
  afterAll(() => instance?.destroy());

  function network(host: string): RemoteActorProfile {
    const iri = `https://${host}/actor`;
    return { iri, type: "Group", handle: `network@${host}`, name: host, inboxUrl: `${iri}/inbox`, sharedInboxUrl: null, url: null };
  }

  function gathering(host: string): SiblingEventInput {
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    return {
      objectIri: `https://${host}/events/1`,
      url: null,
      title: "Seed swap",
      description: "Bring seeds.",
      startsAt,
      endsAt: null,
      place: "The library",
      address: null,
      capacity: null,
      remainingCapacity: null,
      online: false,
      status: "confirmed",
    };
  }

  const listed = async () => (await instance.services.siblingEvents.listUpcoming()).map((event) => event.title);

  it("retries a sibling's event that arrives while our follow waits for its Accept, and keeps it once accepted", async () => {
    const hillside = network("hillside.example");
    const actor = await upsertRemoteActor(instance.database.db, hillside);
    const follow = await upsertFollowing(instance.database.db, actor.id);

    await expect(instance.services.siblingEvents.receive(hillside, gathering("hillside.example"))).rejects.toThrow(/tried again/);
    expect(await listed()).not.toContain("Seed swap");

    await setFollowingState(instance.database.db, follow.id, "accepted");
    expect(await instance.services.siblingEvents.receive(hillside, gathering("hillside.example"))).toBe(true);
    expect(await listed()).toContain("Seed swap");
  });

  it("ignores, without a retry, an event from a network we never followed or that refused us", async () => {
    const stranger = network("stranger.example");
    expect(await instance.services.siblingEvents.receive(stranger, gathering("stranger.example"))).toBe(false);

    const refusing = network("refusing.example");
    const actor = await upsertRemoteActor(instance.database.db, refusing);
    const follow = await upsertFollowing(instance.database.db, actor.id);
    await setFollowingState(instance.database.db, follow.id, "rejected");
    expect(await instance.services.siblingEvents.receive(refusing, gathering("refusing.example"))).toBe(false);
  });
});
