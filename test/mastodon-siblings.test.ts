import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { testDriver } from "./support/database.ts";
import { eventually, startTestInstance, type TestInstance } from "./support/instance.ts";
import { Status } from "./support/mastodon-entities.ts";
import { mastodon, signInWithApp } from "./support/mastodon.ts";
import { makeSiblings } from "./support/networks.ts";
import { api, makePerson, type Person } from "./support/people.ts";

let east: TestInstance;
let west: TestInstance;
let eastMember: Person;
let westMember: Person;
let token: string;

beforeAll(async () => {
  [east, west] = await Promise.all([startTestInstance("eastside"), startTestInstance("westside")]);
  await east.services.areas.add("East side");
  await west.services.areas.add("West end");
  await makeSiblings(east, west);
  eastMember = await makePerson(east, "mona_member", "member");
  westMember = await makePerson(west, "wes_member", "member");
  token = await signInWithApp(east, eastMember, { scope: "read" });
}, 180_000);
afterAll(async () => {
  await Promise.all([east?.destroy(), west?.destroy()]);
});

describe(`sibling networks' posts in a member's Mastodon app (${testDriver})`, () => {
  it("shows a sibling's post on home as a status of that network's Group account, but not on the public timeline", async () => {
    const created = await api(west, "POST", "/posts", {
      as: westMember,
      body: { kind: "request", category: "shelter", title: "Camp beds for the gym", area: "West end" },
    });
    expect(created.status).toBe(201);
    const home = await eventually(async () => {
      const answer = await mastodon(east, "/api/v1/timelines/home", { token });
      return (answer.body as { content: string }[]).some((s) => s.content.includes("Camp beds for the gym")) ? answer : null;
    });
    const status = z
      .array(Status)
      .parse(home.body)
      .find((s) => s.content.includes("Camp beds for the gym"))!;
    expect(status.account).toMatchObject({
      group: true,
      username: "westside",
      acct: `westside@${new URL(west.url).host}`,
      uri: west.actorUrl,
    });
    expect(status.account.id).not.toBe("1");
    expect(status.url).toBe(`${west.url}/posts/${created.body.id}`);
    expect(status.tags.map((t) => t.name)).toContain("westend");

    const one = await mastodon(east, `/api/v1/statuses/${status.id}`, { token });
    expect(one.body.id).toBe(status.id);
    const account = await mastodon(east, `/api/v1/accounts/${status.account.id}/statuses`, { token });
    expect(JSON.stringify(account.body)).toContain("Camp beds for the gym");
    const publicTimeline = await mastodon(east, "/api/v1/timelines/public?limit=40");
    expect(JSON.stringify(publicTimeline.body)).not.toContain("Camp beds for the gym");
  });
});
