import { FakeMastodon } from "./fake-mastodon.ts";
import { eventually, startTestInstance, type TestInstance } from "./instance.ts";

/** Two networks become siblings: each follows the other and each coordinator approves. */
export async function makeSiblings(a: TestInstance, b: TestInstance): Promise<void> {
  await a.services.networks.follow(b.actorUrl);
  const atB = await eventually(async () =>
    (await b.services.networks.list()).find((n) => n.actor === a.actorUrl && n.follower === "pending"),
  );
  await b.services.networks.approveFollower(atB.id);
  await b.services.networks.follow(a.actorUrl);
  const atA = await eventually(async () =>
    (await a.services.networks.list()).find((n) => n.actor === b.actorUrl && n.follower === "pending"),
  );
  await a.services.networks.approveFollower(atA.id);
  await eventually(async () => (await a.services.networks.list()).find((n) => n.actor === b.actorUrl && n.sibling));
  await eventually(async () => (await b.services.networks.list()).find((n) => n.actor === a.actorUrl && n.sibling));
}

export interface SiblingPair {
  east: TestInstance;
  west: TestInstance;
  /** A Mastodon server beside them, for people elsewhere. */
  mastodon: FakeMastodon;
  destroy(): Promise<void>;
}

/** Two sibling networks, "eastside" (area "East side") and "westside" ("West side"), and a Mastodon server. */
export async function startSiblingPair(): Promise<SiblingPair> {
  const [east, west] = await Promise.all([startTestInstance("eastside"), startTestInstance("westside")]);
  const mastodon = new FakeMastodon();
  await mastodon.start();
  await east.services.areas.add("East side");
  await west.services.areas.add("West side");
  await makeSiblings(east, west);
  return { east, west, mastodon, destroy: async () => void (await Promise.all([east.destroy(), west.destroy(), mastodon.stop()])) };
}
