import { eventually, type TestInstance } from "./instance.ts";

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
