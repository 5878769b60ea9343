import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import type { FakeMastodon } from "./support/fake-mastodon.ts";
import { eventually, type TestInstance } from "./support/instance.ts";
import { type SiblingPair, startSiblingPair } from "./support/networks.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { publishRequest } from "./support/posts.ts";

let pair: SiblingPair;
let east: TestInstance;
let west: TestInstance;
let mastodon: FakeMastodon;
let eastCoordinator: Person;
let westCoordinator: Person;

beforeAll(async () => {
  pair = await startSiblingPair();
  ({ east, west, mastodon } = pair);
  eastCoordinator = await makePerson(east, "coord_ella", "coordinator");
  westCoordinator = await makePerson(west, "coord_walt", "coordinator");
  await mastodon.addAccount("alice");
}, 120_000);
afterAll(() => pair?.destroy());

describe(`reports across servers as Flags (${testDriver})`, () => {
  it("forwards a report about a sibling's post as a Flag, which arrives as a report from our host, naming no reporter", async () => {
    const westAuthor = await makePerson(west, "author_wanda", "member");
    const reporter = await makePerson(east, "reporter_erik", "member");
    const westPost = await publishRequest(west, westAuthor, "Pay upfront for free firewood", "West side");
    const item = await eventually(async () =>
      (await api(east, "GET", "/feed", { as: reporter })).body.items?.find(
        (p: { title: string }) => p.title === "Pay upfront for free firewood",
      ),
    );

    const report = await api(east, "POST", "/reports", {
      as: reporter,
      body: { subject: { type: "remote_post", id: item.id }, reason: "scam", text: "Asks for money before delivery." },
    });
    expect(report.status).toBe(201);
    const notForwardable = await api(east, "POST", "/reports", {
      as: reporter,
      body: { subject: { type: "member", id: "coord_ella" }, reason: "other" },
    });
    const refused = await api(east, "PATCH", `/reports/${notForwardable.body.id}`, { as: eastCoordinator, body: { forward: true } });
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.body.fields)).toEqual(["forward"]);

    const forwarded = await api(east, "PATCH", `/reports/${report.body.id}`, { as: eastCoordinator, body: { forward: true } });
    expect(forwarded.status).toBe(200);
    expect(forwarded.body).toMatchObject({ status: "resolved", outcome: "forwarded" });

    const eastHost = new URL(east.url).host;
    const received = await eventually(async () =>
      (await api(west, "GET", "/reports", { as: westCoordinator })).body.find((r: { source: string }) => r.source === eastHost),
    );
    expect(received).toMatchObject({
      subject: { type: "post", id: westPost },
      reason: "other",
      text: "Asks for money before delivery.",
      status: "open",
      reporter: null,
    });
    const full = await api(west, "GET", `/reports/${received.id}`, { as: westCoordinator });
    expect(JSON.stringify(full.body)).not.toContain("reporter_erik");
    expect(JSON.stringify(full.body)).not.toContain(reporter.id);

    const log = await east.services.log.list(await east.services.members.getByUsername("coord_ella"));
    expect(log.map((e) => e.action)).toContain("report_forwarded");
    expect(JSON.stringify(log)).not.toContain("reporter_erik");
  });

  it("files a Mastodon-shaped Flag about our post as a report from that server, and ignores one about nothing of ours", async () => {
    const author = await makePerson(east, "author_emil", "member");
    const postId = await publishRequest(east, author, "Totally legit crypto giveaway", "East side");
    const noteId = `${east.url}/ap/notes/${postId}`;
    const flag = (objects: string[], content: string) => ({
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${mastodon.account("alice").actorUrl}#flags/${crypto.randomUUID()}`,
      type: "Flag",
      actor: mastodon.account("alice").actorUrl,
      object: objects,
      content,
    });

    const ignored = await mastodon.send("alice", east.actorUrl, flag(["https://elsewhere.example/notes/1"], "not yours"));
    expect(ignored.status).toBeLessThan(300);
    const sent = await mastodon.send("alice", east.actorUrl, flag([east.actorUrl, noteId], "Spam \u0007 link"));
    expect(sent.status).toBeLessThan(300);

    const mastodonHost = new URL(mastodon.account("alice").actorUrl).host;
    const reports = await eventually(async () => {
      const all = (await api(east, "GET", "/reports", { as: eastCoordinator })).body as {
        source: string;
        id: string;
        subject: { id: string };
        text: string;
      }[];
      const fromMastodon = all.filter((r) => r.source === mastodonHost);
      return fromMastodon.length > 0 ? fromMastodon : null;
    });
    expect(reports).toEqual([expect.objectContaining({ subject: { type: "post", id: postId }, text: "Spam  link", status: "open" })]);
    const notices = (await api(east, "GET", "/notifications", { as: eastCoordinator })).body.items as { kind: string; url: string }[];
    expect(notices.find((n) => n.url.endsWith(`/safety/${reports[0]!.id}`))?.kind).toBe("new_report");
  });
});
