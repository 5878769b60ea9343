import { AsyncLocalStorage } from "node:async_hooks";
import { Add } from "@fedify/vocab";
import { configure, type LogRecord, reset } from "@logtape/logtape";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
import { testDriver } from "./support/database.ts";
import { FakeMastodon } from "./support/fake-mastodon.ts";
import { eventually, startTestInstance, type TestInstance } from "./support/instance.ts";
import { makePerson } from "./support/people.ts";
import { publishRequest } from "./support/posts.ts";

// What another ActivityPub server notices about us on the wire: how we name ourselves,
// what we do with activities we do not use, where our hashtags lead, how our Notes say
// which thread they belong to, and which remote handles we are willing to show.

let east: TestInstance;
let west: TestInstance;
let mastodon: FakeMastodon;
/** A Mastodon server that reads only the older draft's signatures. */
let olderMastodon: FakeMastodon;
const logs: LogRecord[] = [];

beforeAll(async () => {
  await configure({
    reset: true,
    contextLocalStorage: new AsyncLocalStorage(),
    sinks: { capture: (record) => logs.push(record) },
    loggers: [
      { category: ["mycelium"], lowestLevel: "debug", sinks: ["capture"] },
      { category: ["fedify"], lowestLevel: "warning", sinks: ["capture"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["capture"] },
    ],
  });
  [east, west] = await Promise.all([startTestInstance("eastside"), startTestInstance("westside")]);
  mastodon = new FakeMastodon();
  olderMastodon = new FakeMastodon({ draftSignaturesOnly: true });
  await Promise.all([mastodon.start(), olderMastodon.start()]);
  await east.services.areas.add("Poble-sec");
}, 180_000);
afterAll(async () => {
  await Promise.all([east?.destroy(), west?.destroy(), mastodon?.stop(), olderMastodon?.stop()]);
  await reset();
});

const text = (record: LogRecord) => record.message.map(String).join("");

/** How many activities of `type` the instance's inbox has handled (its metrics say). */
async function handled(instance: TestInstance, type: string): Promise<number> {
  const metric = await instance.metrics.registry.getSingleMetric("mycelium_inbox_activities_total")!.get();
  return metric.values.filter((v) => v.labels.activity === type && v.labels.result === "handled").reduce((n, v) => n + v.value, 0);
}

describe(`what other servers see of us (${testDriver})`, () => {
  it("ignores an activity it does not use (an Add) at debug level, without an error", async () => {
    const before = await handled(west, "Add");
    const ctx = east.federation.createContext(new URL(east.url), east.federationData());
    await ctx.sendActivity(
      { identifier: "eastside" },
      { id: new URL(west.actorUrl), inboxId: new URL(`${west.actorUrl}/inbox`) },
      new Add({
        id: new URL(`${east.actorUrl}#adds/${Date.now()}`),
        actor: new URL(east.actorUrl),
        object: new URL(west.actorUrl),
        target: new URL(`${east.actorUrl}/following`),
      }),
    );
    await eventually(async () => (await handled(west, "Add")) > before);
    expect(logs.filter((r) => r.level === "error" || r.level === "fatal").map(text)).toEqual([]);
    expect(logs.some((r) => r.level === "debug" && text(r).includes("Add, which we do not use"))).toBe(true);
  });

  it("names itself as Mycelium, its version and its URL in fetches, WebFinger lookups and deliveries", async () => {
    const account = await mastodon.addAccount("ua_reader");
    const since = mastodon.requests.length;
    await east.services.networks.follow(account.actorUrl);
    await eventually(async () => mastodon.requests.slice(since).some((r) => r.method === "POST"));
    const seen = mastodon.requests.slice(since);
    expect(seen.map((r) => r.method)).toEqual(expect.arrayContaining(["GET", "POST"]));
    expect(seen.some((r) => r.path === "/.well-known/webfinger")).toBe(true);
    expect(new Set(seen.map((r) => r.userAgent))).toEqual(new Set([`Mycelium/0.1.0 (+${east.url}/)`]));
  });

  it("reaches a server that reads only the older signature standard, and after the first delivery at one request each", async () => {
    const follower = await olderMastodon.addAccount("older_olga");
    const posts = () => olderMastodon.requests.filter((r) => r.method === "POST" && r.path === `/users/${follower.username}/inbox`);
    await olderMastodon.follow(follower.username, east.actorUrl);
    await eventually(async () => olderMastodon.received(follower.username, "Accept")[0]);
    // The Accept went out signed with RFC 9421 first, was refused, and went again with the draft.
    expect(posts().map((r) => r.signedWith)).toContain("rfc9421");
    expect(posts().at(-1)?.signedWith).toBe("draft");

    const accepted = posts().length;
    const author = await makePerson(east, "author_olga", "member");
    const id = await publishRequest(east, author, "A camping stove", "Poble-sec");
    const create = await eventually(async () =>
      olderMastodon.received(follower.username, "Create").find((c) => c.object.id === `${east.url}/ap/notes/${id}`),
    );
    expect(create.actor).toBe(east.actorUrl);
    await east.queue.whenIdle();
    // The server's standard is remembered: the post took one request, signed as it reads them.
    const forThePost = posts().slice(accepted);
    expect(forThePost.map((r) => r.signedWith)).toEqual(["draft"]);
    expect(olderMastodon.deliveries.filter((d) => d.to === follower.username).every((d) => d.signed)).toBe(true);
  });

  it("gives a busy server (503) the delivery again later, one request at a time", async () => {
    const follower = await mastodon.addAccount("busy_bea");
    const posts = () => mastodon.requests.filter((r) => r.method === "POST" && r.path === `/users/${follower.username}/inbox`);
    await mastodon.follow(follower.username, east.actorUrl);
    await eventually(async () => mastodon.received(follower.username, "Accept")[0]);
    const accepted = posts().length;

    mastodon.busyFor = 1;
    const author = await makePerson(east, "author_bea", "member");
    const id = await publishRequest(east, author, "A folding wheelchair", "Poble-sec");
    await eventually(async () => mastodon.received(follower.username, "Create").find((c) => c.object.id === `${east.url}/ap/notes/${id}`));
    // One refused while the server was busy, one taken on the queue's next try, both signed
    // as before. Fedify alone would have sent the second at once with the older standard and,
    // taken, remembered that standard for the server: a busy moment is not a refused signature.
    expect(
      posts()
        .slice(accepted)
        .map((r) => r.signedWith),
    ).toEqual(["rfc9421", "rfc9421"]);
  });

  it("queues a post to several servers with its activity and keys stored once, and each server gets the post", async () => {
    const db = east.database.db;
    // Records what the queue writes, since the deliveries are deleted once made.
    await db.execute(sql.raw(`CREATE TABLE queued_log (part_id uuid, inbox text, activity_id text, has_keys boolean)`));
    await db.execute(
      sql.raw(`CREATE FUNCTION log_queued() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_TABLE_NAME = 'fedify_message_parts' THEN
            INSERT INTO queued_log VALUES (NEW.id, NULL, NEW.part->'activity'->>'id', NEW.part ? 'keys');
          ELSE
            INSERT INTO queued_log VALUES (NEW.shared_part_id, NEW.message->>'inbox', NEW.message->'activity'->>'id', NEW.message ? 'keys');
          END IF;
          RETURN NEW;
        END $$`),
    );
    for (const table of ["fedify_message_parts", "fedify_messages"]) {
      await db.execute(sql.raw(`CREATE TRIGGER log_queued AFTER INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION log_queued()`));
    }
    try {
      const followers = [await mastodon.addAccount("shared_sam"), await olderMastodon.addAccount("shared_sol")];
      await Promise.all([
        mastodon.follow(followers[0]!.username, east.actorUrl),
        olderMastodon.follow(followers[1]!.username, east.actorUrl),
      ]);
      await eventually(async () => mastodon.received(followers[0]!.username, "Accept")[0]);
      await eventually(async () => olderMastodon.received(followers[1]!.username, "Accept")[0]);

      const author = await makePerson(east, "author_sam", "member");
      const id = await publishRequest(east, author, "A pressure cooker", "Poble-sec");
      const note = `${east.url}/ap/notes/${id}`;
      await eventually(async () => mastodon.received(followers[0]!.username, "Create").find((c) => c.object.id === note));
      await eventually(async () => olderMastodon.received(followers[1]!.username, "Create").find((c) => c.object.id === note));

      const log = await queryRows<{ partId: string | null; inbox: string | null; activityId: string | null; hasKeys: boolean }>(
        db,
        sql`SELECT part_id AS "partId", inbox, activity_id AS "activityId", has_keys AS "hasKeys" FROM queued_log`,
      );
      // The Create is in one part; the deliveries to both servers refer to it and hold no copy.
      const parts = log.filter((row) => row.inbox === null && row.activityId?.startsWith(`${note}#create/`));
      expect(parts).toHaveLength(1);
      expect(parts[0]!.hasKeys).toBe(true);
      const deliveries = log.filter((row) => row.partId === parts[0]!.partId && row.inbox !== null);
      // Other tests' followers may be there too: ours are on two servers.
      expect(deliveries.map((row) => row.inbox)).toEqual(
        expect.arrayContaining([`${mastodon.base}/users/shared_sam/inbox`, `${olderMastodon.base}/users/shared_sol/inbox`]),
      );
      expect(deliveries.every((row) => row.activityId === null && !row.hasKeys)).toBe(true);
    } finally {
      for (const table of ["fedify_message_parts", "fedify_messages"]) await db.execute(sql.raw(`DROP TRIGGER log_queued ON ${table}`));
      await db.execute(sql.raw(`DROP FUNCTION log_queued()`));
      await db.execute(sql.raw(`DROP TABLE queued_log`));
    }
  });

  it("gives each Note its post's thread as context, and hashtags that lead to the board showing the post", async () => {
    const author = await makePerson(east, "author_pau", "member");
    const id = await publishRequest(east, author, "Crutches for a week", "Poble-sec");
    const response = await fetch(`${east.url}/ap/notes/${id}`, { headers: { accept: "application/activity+json" } });
    const note = await response.json();
    expect(note.context).toBe(`${east.url}/posts/${id}`);
    const tags = (note.tag as { type: string; name: string; href: string }[]).filter((t) => t.type === "Hashtag");
    expect(tags.map((t) => t.name)).toEqual(expect.arrayContaining(["#MutualAid", "#Request", "#Food", "#Poblesec"]));
    for (const tag of tags) {
      expect(tag.href, tag.name).not.toMatch(/\?$/);
      const page = await fetch(tag.href, { headers: { accept: "text/html" } });
      expect(page.status, tag.href).toBe(200);
      expect(await page.text(), `${tag.name} leads to a page with the post`).toContain("Crutches for a week");
    }
  });

  it("shows a remote handle only when WebFinger confirms it, and the actor's URL otherwise", async () => {
    const honest = await mastodon.addAccount("honest_hana");
    const impostor = await mastodon.addAccount("claims_to_be_eve");
    mastodon.unconfirmedAccounts.add(impostor.username);
    await mastodon.follow(honest.username, east.actorUrl);
    await mastodon.follow(impostor.username, east.actorUrl);
    const followers = await eventually(async () => {
      const list = await east.services.networks.list();
      const both = [honest, impostor].map((a) => list.find((n) => n.actor === a.actorUrl));
      return both.every((n) => n !== undefined) ? both : null;
    });
    const host = new URL(mastodon.base).host;
    expect(followers[0]).toMatchObject({ handle: `honest_hana@${host}` });
    expect(followers[1]).toMatchObject({ handle: null });

    // Between two real instances, WebFinger confirms: West shows East by its handle.
    await east.services.networks.follow(west.actorUrl);
    const atWest = await eventually(async () => (await west.services.networks.list()).find((n) => n.actor === east.actorUrl));
    expect(atWest.handle).toBe(`eastside@${new URL(east.url).host}`);

    // The networks page shows the impostor by its actor URL, never by the name it claims.
    const admin = await makePerson(east, "admin_ona", "admin");
    const page = await admin.web.get("/networks");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(impostor.actorUrl);
    expect(html).not.toContain(`claims_to_be_eve@${host}`);
  });

  it("shows a remote person's new name as soon as their profile Update arrives, not minutes later", async () => {
    const coordinator = await makePerson(east, "coord_rename", "coordinator");
    const viewer = await east.services.members.getByUsername(coordinator.username);
    const postId = await publishRequest(east, coordinator, "Blankets for the night shelter", "Poble-sec");
    const noteId = `${east.url}/ap/notes/${postId}`;
    const replier = await mastodon.addAccount("mina_renames");
    const namesOnReplies = async (count: number) => {
      const list = await east.services.responses.listForPost(viewer, postId);
      return list.length === count ? list.map((r) => r.from.name) : null;
    };
    await mastodon.reply(replier.username, noteId, east.actorUrl, "<p>I have two.</p>");
    expect(await eventually(() => namesOnReplies(1))).toEqual(["Mina_renames"]);

    const before = await handled(east, "Update");
    await mastodon.rename(replier.username, "Mina (she/her)", east.actorUrl);
    await eventually(async () => (await handled(east, "Update")) > before);
    await mastodon.reply(replier.username, noteId, east.actorUrl, "<p>And a third, tomorrow.</p>");
    expect(await eventually(() => namesOnReplies(2))).toEqual(["Mina (she/her)", "Mina (she/her)"]);
  });
});
