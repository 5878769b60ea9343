import { createRestAPIClient } from "masto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { mastodon, signInWithApp } from "./support/mastodon.ts";
import { Account, Status } from "./support/mastodon-entities.ts";
import { api, makePerson, type Person } from "./support/people.ts";

// The site's notices reach members' Mastodon apps as mentions from the network's account.

const Notification = z.strictObject({
  id: z.string().regex(/^\d+$/),
  type: z.literal("mention"),
  group_key: z.string(),
  created_at: z.string(),
  account: Account,
  status: Status,
});

let instance: TestInstance;
let member: Person;
let coordinator: Person;
let token: string;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  member = await makePerson(instance, "mona_member", "member");
  coordinator = await makePerson(instance, "coco_coord", "coordinator");
  token = await signInWithApp(instance, member, { scope: "read write" });
}, 120_000);
afterAll(() => instance?.destroy());

async function declareCrisis(title: string): Promise<string> {
  const declared = await api(instance, "POST", "/crises", {
    as: coordinator,
    body: { title, severity: "severe", areas: ["East side"], categories: ["food"] },
  });
  if (declared.status !== 201) throw new Error(`declaring answered ${declared.status}: ${JSON.stringify(declared.body)}`);
  return `${instance.url}/crises/${declared.body.id}`;
}

describe(`notifications in Mastodon apps (${testDriver})`, () => {
  it("shows a member's notices as mentions from the network, newest first, and pages them", async () => {
    const first = await declareCrisis("Heatwave");
    const second = await declareCrisis("River flood");
    const masto = createRestAPIClient({ url: instance.url, accessToken: token });
    const list = await masto.v1.notifications.list({ limit: 40 });
    const texts = list.map((n) => n.status?.content ?? "");
    const flood = texts.findIndex((t) => t.includes("River flood"));
    const heat = texts.findIndex((t) => t.includes("Heatwave"));
    expect(flood).toBeGreaterThanOrEqual(0);
    expect(heat).toBeGreaterThan(flood);
    expect(list[flood]).toMatchObject({ type: "mention", account: { group: true }, status: { url: second } });
    expect(list[heat]?.status?.url).toBe(first);

    const raw = await mastodon(instance, "/api/v1/notifications?limit=1", { token });
    expect(z.array(Notification).parse(raw.body)).toHaveLength(1);
    const older = await mastodon(instance, `/api/v1/notifications?max_id=${raw.body[0].id}`, { token });
    expect(older.body.every((n: { id: string }) => BigInt(n.id) < BigInt(raw.body[0].id))).toBe(true);

    const one = await masto.v1.notifications.$select(list[heat]!.id).fetch();
    expect(one.status?.content).toContain("Heatwave");
  });

  it("forgets a notice the app dismisses, and all of them when it clears", async () => {
    await declareCrisis("Storm");
    const masto = createRestAPIClient({ url: instance.url, accessToken: token });
    const storm = (await masto.v1.notifications.list()).find((n) => n.status?.content.includes("Storm"))!;
    await masto.v1.notifications.$select(storm.id).dismiss();
    expect((await masto.v1.notifications.list()).some((n) => n.id === storm.id)).toBe(false);
    expect((await mastodon(instance, `/api/v1/notifications/${storm.id}`, { token })).status).toBe(404);

    await masto.v1.notifications.clear();
    expect(await masto.v1.notifications.list()).toEqual([]);
    // The site's own page says the same.
    expect((await api(instance, "GET", "/notifications", { as: member })).body).toMatchObject({ items: [], unreadCount: 0 });
  });

  it("never shows one member's notices to another", async () => {
    await declareCrisis("Power cut");
    const coordinatorToken = await signInWithApp(instance, coordinator, { scope: "read" });
    const theirs = await mastodon(instance, "/api/v1/notifications", { token: coordinatorToken });
    // The declarer is not told of their own crisis; the member is.
    expect(JSON.stringify(theirs.body)).not.toContain("Power cut");
    const mine = await mastodon(instance, "/api/v1/notifications", { token });
    expect(JSON.stringify(mine.body)).toContain("Power cut");
    const someoneElses = mine.body[0].id;
    expect((await mastodon(instance, `/api/v1/notifications/${someoneElses}`, { token: coordinatorToken })).status).toBe(404);
  });
});
