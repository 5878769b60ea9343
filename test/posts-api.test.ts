import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { dayFromNow } from "./support/dates.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";

let instance: TestInstance;
let author: Person;
let other: Person;
let coordinator: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  await instance.services.areas.add("Riverside");
  author = await makePerson(instance, "author_amal", "member");
  other = await makePerson(instance, "other_oscar", "member");
  coordinator = await makePerson(instance, "coord_chen", "coordinator");
});
afterAll(() => instance?.destroy());

const request = (extra: Record<string, unknown> = {}) => ({
  kind: "request",
  category: "food",
  title: "Two bags of groceries",
  area: "East side",
  ...extra,
});

describe(`the posts API (${testDriver})`, () => {
  it("creates a post with 201, its id, status and page URL", async () => {
    const created = await api(instance, "POST", "/posts", { as: author, body: request({ neededBy: dayFromNow(60) }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: "open",
      urgency: "normal",
      visibility: "public",
      neededBy: dayFromNow(60),
      availableUntil: null,
      url: `${instance.url}/posts/${created.body.id}`,
    });
    const page = await fetch(created.body.url);
    expect(page.status).toBe(200);
  });

  it("names every bad field and says why, with 400 for malformed input and 422 for unacceptable values", async () => {
    const malformed = await api(instance, "POST", "/posts", {
      as: author,
      body: { kind: "gift", category: "unicorns", title: "x", quantity: 1.5, area: "East side", visibility: "everyone" },
    });
    expect(malformed.status).toBe(400);
    expect(Object.keys(malformed.body.fields).sort()).toEqual(["category", "kind", "quantity", "title", "visibility"]);
    expect(malformed.body.fields.title).toBe("use at least 3 characters");

    const notJson = await fetch(`${instance.url}/api/posts`, {
      method: "POST",
      headers: { authorization: `Bearer ${author.token}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(notJson.status).toBe(400);

    const unknownArea = await api(instance, "POST", "/posts", { as: author, body: request({ area: "Atlantis" }) });
    expect(unknownArea.status).toBe(422);
    expect(unknownArea.body.fields).toEqual({ area: 'there is no service area called "Atlantis"' });

    const past = await api(instance, "POST", "/posts", { as: author, body: request({ neededBy: "2001-01-01" }) });
    expect(past.status).toBe(422);
    expect(past.body.fields).toEqual({ neededBy: "is in the past" });

    const wrongDate = await api(instance, "POST", "/posts", { as: author, body: request({ availableUntil: dayFromNow(30) }) });
    expect(wrongDate.status).toBe(422);
    expect(wrongDate.body.fields.availableUntil).toMatch(/a request has neededBy/);

    const badQuery = await api(instance, "GET", "/posts?urgency=extreme&page=0");
    expect(badQuery.status).toBe(400);
    expect(Object.keys(badQuery.body.fields).sort()).toEqual(["page", "urgency"]);
  });

  it("answers 401 for a bad token, 404 for an unknown id, 403 for someone else's post", async () => {
    const noToken = await api(instance, "POST", "/posts", { body: request() });
    expect(noToken.status).toBe(401);
    const bad = await fetch(`${instance.url}/api/posts`, { headers: { authorization: "Bearer nonsense" } });
    expect(bad.status).toBe(401);

    expect((await api(instance, "GET", "/posts/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await api(instance, "GET", "/posts/not-a-uuid")).status).toBe(404);

    const mine = await api(instance, "POST", "/posts", { as: author, body: request() });
    const edit = await api(instance, "PATCH", `/posts/${mine.body.id}`, { as: other, body: { title: "Hijacked title" } });
    expect(edit.status).toBe(403);
    expect((await api(instance, "GET", `/posts/${mine.body.id}`)).body.title).toBe("Two bags of groceries");
  });

  it("lets the author edit and withdraw, and only a coordinator mark fulfilled", async () => {
    const post = (await api(instance, "POST", "/posts", { as: author, body: request({ urgency: "low" }) })).body;
    const edited = await api(instance, "PATCH", `/posts/${post.id}`, { as: author, body: { title: "Three bags of groceries" } });
    expect(edited.status).toBe(200);
    // A change names only what changes: nothing else is reset to a default.
    expect(edited.body).toMatchObject({ title: "Three bags of groceries", urgency: "low", visibility: "public" });

    const fulfilByAuthor = await api(instance, "PATCH", `/posts/${post.id}`, { as: author, body: { status: "fulfilled" } });
    expect(fulfilByAuthor.status).toBe(403);
    const fulfilled = await api(instance, "PATCH", `/posts/${post.id}`, { as: coordinator, body: { status: "fulfilled" } });
    expect(fulfilled.body.status).toBe("fulfilled");
    const withdrawFulfilled = await api(instance, "PATCH", `/posts/${post.id}`, { as: author, body: { status: "withdrawn" } });
    expect(withdrawFulfilled.status).toBe(422);

    const other = (await api(instance, "POST", "/posts", { as: author, body: request() })).body;
    const withdrawn = await api(instance, "PATCH", `/posts/${other.id}`, { as: author, body: { status: "withdrawn" } });
    expect(withdrawn.body.status).toBe("withdrawn");
    // Withdrawn posts leave the board (which lists open posts) but can be listed by status.
    const open = (await api(instance, "GET", "/posts?perPage=100")).body.items.map((p: { id: string }) => p.id);
    expect(open).not.toContain(other.id);
    const listedWithdrawn = await api(instance, "GET", "/posts?status=withdrawn", { as: coordinator });
    expect(listedWithdrawn.body.items.map((p: { id: string }) => p.id)).toContain(other.id);
  });

  it("filters by kind, category, area, urgency and text, most urgent first, in pages", async () => {
    await api(instance, "POST", "/posts", {
      as: author,
      body: request({ title: "Wheelchair ramp loan", category: "tools", area: "Riverside", urgency: "critical" }),
    });
    await api(instance, "POST", "/posts", {
      as: author,
      body: { kind: "offer", category: "tools", title: "Ladder to lend", area: "Riverside" },
    });
    const riverside = await api(instance, "GET", "/posts?area=Riverside");
    expect(riverside.body.items.map((p: { title: string }) => p.title)).toEqual(["Wheelchair ramp loan", "Ladder to lend"]);
    expect((await api(instance, "GET", "/posts?kind=offer&category=tools")).body.items).toHaveLength(1);
    expect((await api(instance, "GET", "/posts?urgency=critical")).body.items[0].title).toBe("Wheelchair ramp loan");
    expect((await api(instance, "GET", "/posts?q=ladder")).body.items.map((p: { title: string }) => p.title)).toEqual(["Ladder to lend"]);
    expect((await api(instance, "GET", "/posts?area=Nowhere")).body.total).toBe(0);

    const first = await api(instance, "GET", "/posts?perPage=2&page=1");
    const second = await api(instance, "GET", "/posts?perPage=2&page=2");
    expect(first.body.items).toHaveLength(2);
    expect(first.body.total).toBeGreaterThan(2);
    expect(second.body.items[0].id).not.toBe(first.body.items[1].id);
    // The most urgent open post comes first.
    expect((await api(instance, "GET", "/posts")).body.items[0].urgency).toBe("critical");
  });

  it("expires posts past their time and lets the author renew them", async () => {
    const post = (await api(instance, "POST", "/posts", { as: author, body: request({ title: "Firewood for winter" }) })).body;
    await instance.database.db.execute(sql`UPDATE posts SET expires_at = now() - interval '1 minute' WHERE id = ${post.id}`);
    // Even before the sweep runs, a post past its time is off the board.
    expect((await api(instance, "GET", "/posts?q=firewood")).body.total).toBe(0);
    // The worker's sweep marks it expired (it runs every 300 ms in tests; run it now too).
    await instance.services.posts.expireDue();
    expect((await api(instance, "GET", `/posts/${post.id}`)).body.status).toBe("expired");

    const renewed = await api(instance, "PATCH", `/posts/${post.id}`, { as: author, body: { renew: true } });
    expect(renewed.body.status).toBe("open");
    expect(Date.parse(renewed.body.expiresAt)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect((await api(instance, "GET", "/posts?q=firewood")).body.total).toBe(1);
  });

  it("issues tokens at login and describes every operation in an OpenAPI 3.1 document", async () => {
    const login = await api(instance, "POST", "/tokens", { body: { username: "author_amal", password: "author_amal-secret-pw" } });
    expect(login.status).toBe(201);
    const me = await fetch(`${instance.url}/api/me`, { headers: { authorization: `Bearer ${login.body.token}` } });
    expect(await me.json()).toMatchObject({ username: "author_amal", role: "member" });
    const wrong = await api(instance, "POST", "/tokens", { body: { username: "author_amal", password: "nope-nope-nope" } });
    expect(wrong.status).toBe(401);

    const doc = await (await fetch(`${instance.url}/api/openapi.json`)).json();
    expect(doc.openapi).toBe("3.1.0");
    const operationIds = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((methods) =>
      Object.values(methods).map((op) => op.operationId),
    );
    expect(operationIds.sort()).toEqual(
      [
        "approveNetwork",
        "createMatch",
        "createPost",
        "createToken",
        "declareCrisis",
        "decideResponse",
        "deletePost",
        "endCrisis",
        "forwardPost",
        "getCrisis",
        "holdPost",
        "listCrises",
        "followNetwork",
        "getCurrentMember",
        "getPost",
        "listAreas",
        "listFeed",
        "listSiblingEvents",
        "listMatches",
        "listNetworks",
        "listPosts",
        "listResponses",
        "rejectNetwork",
        "respondToPost",
        "suggestMatches",
        "getMatch",
        "addMatchFeedback",
        "getDashboard",
        "getSummary",
        "listPossibleDuplicates",
        "updateMatch",
        "updatePost",
        "updateCurrentMember",
        "listNotifications",
        "markNotificationsRead",
        "getNotificationPreferences",
        "updateNotificationPreferences",
        "createWatch",
        "listWatches",
        "deleteWatch",
        "createReport",
        "listReports",
        "getReport",
        "updateReport",
        "hidePost",
        "restorePost",
        "blockMember",
        "unblockMember",
        "listBlocks",
        "createBlock",
        "deleteBlock",
        "createCase",
        "listCases",
        "getCase",
        "updateCase",
        "createRestriction",
        "deleteRestriction",
        "createPushSubscription",
        "deletePushSubscription",
        "getPushKey",
        "listConversations",
        "getConversation",
        "replyToConversation",
        "convertConversation",
        "createDecision",
        "listDecisions",
        "getDecision",
        "castVote",
        "closeDecision",
        "createLedgerEntry",
        "listLedgerEntries",
        "getBudgetSummary",
        "attachLedgerReceipt",
        "getLedgerReceipt",
        "listEvents",
        "createEvent",
        "getEvent",
        "updateEvent",
        "cancelEvent",
        "rsvpEvent",
        "listPages",
        "savePage",
        "getPage",
        "listPageRevisions",
        "getPageRevision",
        "restorePageRevision",
        "getPageDiff",
        "proposePageEdit",
        "listPageProposals",
        "getPageProposal",
        "acceptPageProposal",
        "declinePageProposal",
        "getHandbookSettings",
        "updateHandbookSettings",
        "getOrientation",
        "acceptAgreements",
        "createWorkingGroup",
        "listWorkingGroups",
        "getWorkingGroup",
        "joinWorkingGroup",
        "leaveWorkingGroup",
        "nameConvenor",
        "unnameConvenor",
        "createGroupTask",
        "updateGroupTask",
        "thankHandover",
        "listThanks",
      ].sort(),
    );
    expect(doc.paths["/posts"].post.requestBody.content["application/json"].schema).toBeDefined();
  });
});
