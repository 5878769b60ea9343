import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Member } from "../src/members/member.service.ts";
import { testDriver } from "./support/database.ts";
import { eventually, startTestInstance, type TestInstance } from "./support/instance.ts";

let east: TestInstance;
let west: TestInstance;
let westCoordinator: Member;

beforeAll(async () => {
  [east, west] = await Promise.all([startTestInstance("eastside"), startTestInstance("westside")]);
  westCoordinator = await west.services.members.addMember({ username: "west_coord", role: "coordinator" });
});
afterAll(async () => {
  await Promise.all([east?.destroy(), west?.destroy()]);
});

describe(`two networks on 127.0.0.1 (${testDriver})`, () => {
  it("follow each other by actor URL, with signatures checked, and become siblings once both approve", async () => {
    const sent = await east.services.networks.follow(west.actorUrl);
    expect(sent).toMatchObject({ actor: west.actorUrl, type: "Group", following: "pending", sibling: false });

    // West receives a signed Follow from a Group: it waits for a coordinator.
    const pending = await eventually(async () =>
      (await west.services.networks.list()).find((n) => n.actor === east.actorUrl && n.follower === "pending"),
    );
    expect(pending).toMatchObject({ type: "Group", handle: `eastside@${new URL(east.url).host}`, following: null });
    const { items } = await west.services.notifications.list(westCoordinator, "en");
    expect(items).toContainEqual(
      expect.objectContaining({
        kind: "sibling_follow",
        text: "A network asks to follow us: eastside mutual aid.",
        url: `${west.url}/networks`,
      }),
    );
    const westAtEast = async () => (await east.services.networks.list()).find((n) => n.actor === west.actorUrl);
    const eastAtWest = async () => (await west.services.networks.list()).find((n) => n.actor === east.actorUrl);
    expect(await westAtEast()).toMatchObject({ following: "pending" });

    await west.services.networks.approveFollower(pending.id);
    await eventually(async () => (await east.services.networks.list()).find((n) => n.following === "accepted"));

    // And back the other way: siblings.
    await west.services.networks.follow(east.actorUrl);
    const westAsSeenByEast = await eventually(async () =>
      (await east.services.networks.list()).find((n) => n.actor === west.actorUrl && n.follower === "pending"),
    );
    await east.services.networks.approveFollower(westAsSeenByEast.id);
    await eventually(async () => (await west.services.networks.list()).find((n) => n.sibling));
    // (Other tests here meet other networks: only these two are looked at.)
    expect(await westAtEast()).toMatchObject({ sibling: true });
    expect(await eastAtWest()).toMatchObject({ sibling: true });

    // Each now lists the other in its public following collection.
    const following = await fetch(`${east.actorUrl}/following`, { headers: { accept: "application/activity+json" } });
    expect(await following.json()).toMatchObject({ totalItems: 1 });
  });

  it("refuses an unsigned activity at the inbox", async () => {
    const response = await fetch(`${west.actorUrl}/inbox`, {
      method: "POST",
      headers: { "content-type": "application/activity+json" },
      body: JSON.stringify({
        "@context": "https://www.w3.org/ns/activitystreams",
        id: "http://127.0.0.1:1/forged",
        type: "Follow",
        actor: east.actorUrl,
        object: west.actorUrl,
      }),
    });
    expect(response.status).toBe(401);
  });

  it("answers a rejected follow with Reject, and the follower sees it", async () => {
    const third = await startTestInstance("northside");
    try {
      await third.services.networks.follow(west.actorUrl);
      const pending = await eventually(async () =>
        (await west.services.networks.list()).find((n) => n.actor === third.actorUrl && n.follower === "pending"),
      );
      await west.services.networks.rejectFollower(pending.id);
      await eventually(async () => (await third.services.networks.list()).find((n) => n.following === "rejected"));
      await expect(west.services.networks.rejectFollower(pending.id)).rejects.toThrow("already rejected");
    } finally {
      await third.destroy();
    }
  });
});
