import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
import { testDriver } from "./support/database.ts";
import { eventually, startTestInstance, type TestInstance } from "./support/instance.ts";
import { makeSiblings } from "./support/networks.ts";
import { makePerson } from "./support/people.ts";

// The federation docs promise that an activity exists if and only if its change committed.
// These tests break the transaction in the middle (the database refuses one queued
// delivery, as a crash would stop the process there) and check that nothing of the change
// is left, then that doing it again delivers every post exactly once.

/** Small, so that a few posts cover what 1,000 would: an introduction of several pages. */
const PAGE = 2;

// The sharing-setting test's pair; the introduction test makes a pair of its own.
let east: TestInstance;
let north: TestInstance;

beforeAll(async () => {
  [east, north] = await Promise.all([
    startTestInstance("eastside", {}, undefined, { introductionPage: PAGE }),
    startTestInstance("northside"),
  ]);
  await east.services.areas.add("Sants");
}, 180_000);
afterAll(async () => {
  await Promise.all([east?.destroy(), north?.destroy()]);
});

/**
 * Runs `work` with the `failAt`-th delivery it queues on `instance` failing, as if the
 * process died there; resolves to the failure's cause. A sequence counts the deliveries,
 * because it is not rolled back with the transaction.
 */
async function crashedAt(instance: TestInstance, failAt: number, work: () => Promise<unknown>): Promise<string> {
  const db = instance.database.db;
  await db.execute(sql.raw(`CREATE SEQUENCE outbox_fault_count`));
  await db.execute(
    sql.raw(`CREATE FUNCTION outbox_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('outbox_fault_count') = ${failAt} THEN RAISE EXCEPTION 'injected crash while queueing'; END IF;
        RETURN NEW;
      END $$`),
  );
  await db.execute(sql.raw(`CREATE TRIGGER outbox_fault BEFORE INSERT ON fedify_messages FOR EACH ROW EXECUTE FUNCTION outbox_fault()`));
  try {
    await work();
    return "it did not fail";
  } catch (error) {
    return messagesOf(error).join("\n");
  } finally {
    await db.execute(sql.raw(`DROP TRIGGER outbox_fault ON fedify_messages`));
    await db.execute(sql.raw(`DROP FUNCTION outbox_fault()`));
    await db.execute(sql.raw(`DROP SEQUENCE outbox_fault_count`));
  }
}

/** An error's message and those of its causes (drizzle wraps the database's; Fedify aggregates several). */
function messagesOf(error: unknown): string[] {
  if (!(error instanceof Error)) return [String(error)];
  const inner = error instanceof AggregateError ? error.errors : [];
  return [error.message, ...[error.cause, ...inner].filter((e) => e !== undefined).flatMap(messagesOf)];
}

/** Creates handled by `instance`'s inbox: every delivery that reached it, duplicates included. */
async function createsReceived(instance: TestInstance): Promise<number> {
  const metric = await instance.metrics.registry.getSingleMetric("mycelium_inbox_activities_total")!.get();
  return metric.values.filter((v) => v.labels.activity === "Create" && v.labels.result === "handled").reduce((n, v) => n + v.value, 0);
}

/** Messages in `instance`'s queue, those a worker is handling included. */
async function queued(instance: TestInstance): Promise<number> {
  const [row] = await queryRows<{ n: number }>(instance.database.db, sql`SELECT count(*)::int AS n FROM fedify_messages`);
  return row!.n;
}

/** Every queue empty: every delivery made, every received activity handled. */
async function settled(...instances: TestInstance[]): Promise<boolean> {
  for (const instance of instances) if ((await queued(instance)) > 0) return false;
  return true;
}

async function titlesAt(instance: TestInstance, coordinator: string): Promise<string[]> {
  const viewer = await instance.services.members.getByUsername(coordinator);
  return (await instance.services.siblingPosts.list(viewer, { includeClosed: true })).items.map((p) => p.title);
}

describe(`the outbox guarantee (${testDriver})`, () => {
  it("a crash while a new sibling is sent its posts leaves the follow pending; approving again sends every post once", async () => {
    // A pair of its own: what the other test here shares between its networks must not count.
    const [east, west] = await Promise.all([
      startTestInstance("eastside", {}, undefined, { introductionPage: PAGE }),
      startTestInstance("westside"),
    ]);
    try {
      await east.services.areas.add("Sants");
      const author = await makePerson(east, "author_ines", "coordinator");
      const viewer = await east.services.members.getByUsername(author.username);
      const titles = ["Rice", "Blankets", "Nappies", "Bread", "Water"].map((t) => `${t} for Sants`);
      for (const title of titles) {
        await east.services.posts.create(viewer, {
          kind: "request",
          category: "food",
          title,
          details: `${title}.`,
          urgency: "normal",
          area: "Sants",
          visibility: "public",
        });
      }
      await makePerson(west, "coord_wes", "coordinator");
      // East follows West and is accepted; then West follows East, and East's approval makes them siblings.
      await east.services.networks.follow(west.actorUrl);
      const eastAtWest = await eventually(async () =>
        (await west.services.networks.list()).find((n) => n.actor === east.actorUrl && n.follower === "pending"),
      );
      await west.services.networks.approveFollower(eastAtWest.id);
      await eventually(async () =>
        (await east.services.networks.list()).find((n) => n.actor === west.actorUrl && n.following === "accepted"),
      );
      await west.services.networks.follow(east.actorUrl);
      const westAtEast = await eventually(async () =>
        (await east.services.networks.list()).find((n) => n.actor === west.actorUrl && n.follower === "pending"),
      );
      await eventually(() => settled(east, west));
      const createsBefore = await createsReceived(west);

      // The Accept is the first delivery queued, then one Create per post: die at the fourth post, on the second page.
      expect(await crashedAt(east, 5, () => east.services.networks.approveFollower(westAtEast.id))).toMatch(/injected crash/);
      expect((await east.services.networks.list()).find((n) => n.actor === west.actorUrl)).toMatchObject({
        follower: "pending",
        sibling: false,
      });
      expect(await queued(east)).toBe(0);

      await east.services.networks.approveFollower(westAtEast.id);
      await eventually(async () => (await titlesAt(west, "coord_wes")).length === titles.length);
      await eventually(() => settled(east, west));
      expect((await titlesAt(west, "coord_wes")).sort()).toEqual([...titles].sort());
      expect((await createsReceived(west)) - createsBefore).toBe(titles.length);
    } finally {
      await Promise.all([east.destroy(), west.destroy()]);
    }
  }, 120_000);

  it("a crash while the sharing setting is saved leaves it unsaved; saving again sends every members-only post once", async () => {
    const admin = await makePerson(east, "admin_ada", "admin");
    const viewer = await east.services.members.getByUsername(admin.username);
    await makePerson(north, "coord_nor", "coordinator");
    await makeSiblings(east, north);
    const titles = ["Insulin run", "Wheelchair ramp", "Night shift cover"].map((t) => `${t} (members)`);
    for (const title of titles) {
      await east.services.posts.create(viewer, {
        kind: "request",
        category: "other",
        title,
        details: `${title}.`,
        urgency: "normal",
        area: "Sants",
        visibility: "members",
      });
    }
    await eventually(() => settled(east, north));
    const before = await titlesAt(north, "coord_nor");
    expect(before.filter((t) => titles.includes(t))).toEqual([]);
    const createsBefore = await createsReceived(north);
    const profile = await east.services.settings.profile();
    const sharing = {
      name: profile.name,
      summary: profile.summary,
      shareMembersOnlyWithSiblings: true,
      peerToPeerClaims: false,
      publicSummary: false,
    };

    expect(await crashedAt(east, 2, () => east.services.settings.update(viewer, sharing))).toMatch(/injected crash/);
    expect((await east.services.settings.profile()).shareMembersOnlyWithSiblings).toBe(false);
    expect(await queued(east)).toBe(0);

    await east.services.settings.update(viewer, sharing);
    await eventually(async () => (await titlesAt(north, "coord_nor")).filter((t) => titles.includes(t)).length === titles.length);
    await eventually(() => settled(east, north));
    expect((await titlesAt(north, "coord_nor")).filter((t) => titles.includes(t)).sort()).toEqual([...titles].sort());
    expect((await createsReceived(north)) - createsBefore).toBe(titles.length);
  }, 120_000);
});
