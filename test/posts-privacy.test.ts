import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { visibleText, WebClient } from "./support/web-client.ts";

let instance: TestInstance;
let requester: Person;
let neighbour: Person;
let coordinator: Person;
let publicWeb: WebClient;

const CONTACT = {
  name: "Maria Zapata-Lindqvist",
  phone: "+1 555 0101 999",
  email: "maria.zl@example.org",
  address: "12 Quillback Street, flat 3",
  notes: "Ring twice, the bell is broken",
};
const SECRETS = [...Object.values(CONTACT), "requester_ximena", "40.123456", "-3.987654"];

function expectNoSecrets(text: string, where: string) {
  for (const secret of SECRETS) expect(text, `${where} leaks "${secret}"`).not.toContain(secret);
}

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  await instance.services.areas.add("Riverside");
  requester = await makePerson(instance, "requester_ximena", "member", "Ximena Q");
  neighbour = await makePerson(instance, "neighbour_nia", "member");
  coordinator = await makePerson(instance, "coord_cora", "coordinator");
  publicWeb = new WebClient(instance.url, { "accept-language": "en" });
});
afterAll(() => instance?.destroy());

describe(`privacy of posts (${testDriver})`, () => {
  // The request every test here reads, made once before them (each test can run alone).
  let requestId: string;
  let created: Awaited<ReturnType<typeof api>>;
  beforeAll(async () => {
    created = await api(instance, "POST", "/posts", {
      as: requester,
      body: {
        kind: "request",
        category: "groceries",
        title: "Groceries for a family of four",
        details: "Rice and beans would help a lot.",
        quantity: 2,
        unit: "bags",
        urgency: "high",
        area: "East side",
        latitude: 40.123456,
        longitude: -3.987654,
        showAuthorName: true, // a request never shows a name, whatever is asked
        contact: CONTACT,
      },
    });
    requestId = created.body.id;
  });

  it("never shows a requester's identity, contact or exact place to the public or other members", async () => {
    expect(created.status).toBe(201);
    expect(created.body.approxLocation).toEqual({ latitude: 40.12, longitude: -3.99 });

    const board = await publicWeb.page("/");
    expect(visibleText(board.html)).toContain("A neighbour in East side");
    expectNoSecrets(board.html, "the public board");
    expect(board.html).not.toContain("Ximena Q");

    const page = await publicWeb.page(`/posts/${requestId}`);
    expect(page.status).toBe(200);
    expect(visibleText(page.html)).toContain("Groceries for a family of four");
    expectNoSecrets(page.html, "the public post page");
    expect(page.html).not.toContain("Ximena Q");

    const publicApi = await api(instance, "GET", `/posts/${requestId}`);
    expect(publicApi.body).toMatchObject({ author: null, private: null, area: "East side" });
    expectNoSecrets(JSON.stringify(publicApi.body), "getPost without a token");
    expectNoSecrets(JSON.stringify((await api(instance, "GET", "/posts")).body), "listPosts without a token");

    // Another member sees the post, but still not who asked or how to reach them.
    const asNeighbour = await api(instance, "GET", `/posts/${requestId}`, { as: neighbour });
    expect(asNeighbour.body).toMatchObject({ private: null, canEdit: false });
    expectNoSecrets(JSON.stringify(asNeighbour.body), "getPost as another member");
    expectNoSecrets((await neighbour.web.page(`/posts/${requestId}`)).html, "the post page for another member");
  });

  it("shows the contact to coordinators and to the author", async () => {
    const asCoordinator = await api(instance, "GET", `/posts/${requestId}`, { as: coordinator });
    expect(asCoordinator.body.private).toEqual({
      authorUsername: "requester_ximena",
      enteredForSomeoneElse: false,
      contact: CONTACT,
    });
    const coordinatorPage = visibleText((await coordinator.web.page(`/posts/${requestId}`)).html);
    expect(coordinatorPage).toContain(CONTACT.phone);
    expect(coordinatorPage).toContain(CONTACT.address);

    const asAuthor = await api(instance, "GET", `/posts/${requestId}`, { as: requester });
    expect(asAuthor.body).toMatchObject({ mine: true, canEdit: true, private: { contact: { name: CONTACT.name } } });
  });

  it("keeps the exact point out of the database: only the ~1 km grid is stored", async () => {
    const [row] = await queryRows(instance.database.db, sql`SELECT approx_latitude, approx_longitude FROM posts WHERE id = ${requestId}`);
    expect(row).toMatchObject({ approx_latitude: 40.12, approx_longitude: -3.99 });
  });

  it("shows an offer's author name only if the author chose to", async () => {
    // An offerer of its own: the requester's name must stay off the board whatever runs first.
    const offerer = await makePerson(instance, "offerer_olek", "member", "Olek P");
    const named = await api(instance, "POST", "/posts", {
      as: offerer,
      body: { kind: "offer", category: "meals", title: "Soup on Sundays", area: "East side", showAuthorName: true },
    });
    const anonymous = await api(instance, "POST", "/posts", {
      as: offerer,
      body: { kind: "offer", category: "meals", title: "Bread on Mondays", area: "East side" },
    });
    expect((await api(instance, "GET", `/posts/${named.body.id}`)).body.author).toEqual({ displayName: "Olek P" });
    expect(visibleText((await publicWeb.page(`/posts/${named.body.id}`)).html)).toContain("Offered by Olek P, East side");
    expect((await api(instance, "GET", `/posts/${anonymous.body.id}`)).body.author).toBeNull();
    expect((await publicWeb.page(`/posts/${anonymous.body.id}`)).html).not.toContain("Olek");
  });

  it("hides members-only and coordinators-only posts from everyone else, in pages, the API, search and exports", async () => {
    const membersOnly = await api(instance, "POST", "/posts", {
      as: requester,
      body: { kind: "request", category: "shelter", title: "Zebrafinch membersonly bed", area: "Riverside", visibility: "members" },
    });
    const coordinatorsOnly = await api(instance, "POST", "/posts", {
      as: requester,
      body: {
        kind: "request",
        category: "money",
        title: "Zebrafinch coordinatorsonly rent",
        area: "Riverside",
        visibility: "coordinators",
      },
    });
    const [m, k] = [membersOnly.body.id, coordinatorsOnly.body.id];

    // The public
    expect(visibleText((await publicWeb.page("/?q=Zebrafinch")).html)).not.toContain("Zebrafinch");
    expect((await publicWeb.page(`/posts/${m}`)).status).toBe(404);
    expect((await publicWeb.page(`/posts/${k}`)).status).toBe(404);
    expect((await api(instance, "GET", `/posts/${m}`)).status).toBe(404);
    expect((await api(instance, "GET", "/posts?q=Zebrafinch")).body.total).toBe(0);

    // Another member: members-only yes, coordinators-only no.
    const asMember = await api(instance, "GET", "/posts?q=Zebrafinch", { as: neighbour });
    expect(asMember.body.items.map((p: { id: string }) => p.id)).toEqual([m]);
    expect((await api(instance, "GET", `/posts/${k}`, { as: neighbour })).status).toBe(404);
    const memberBoard = visibleText((await neighbour.web.page("/?q=Zebrafinch")).html);
    expect(memberBoard).toContain("Zebrafinch membersonly bed");
    expect(memberBoard).not.toContain("coordinatorsonly");
    expect((await neighbour.web.get("/exports/posts.csv")).status).toBe(403);

    // The author still sees their own coordinators-only post.
    expect((await api(instance, "GET", `/posts/${k}`, { as: requester })).status).toBe(200);

    // Coordinators see both, and export both (without any contact details).
    const asCoordinator = await api(instance, "GET", "/posts?q=Zebrafinch", { as: coordinator });
    expect(asCoordinator.body.total).toBe(2);
    const csv = await (await coordinator.web.get("/exports/posts.csv")).text();
    expect(csv.split("\n")[0]).toBe("id,kind,category,title,area,urgency,status,quantity,unit,until,visibility,created,url");
    expect(csv).toContain("Zebrafinch coordinatorsonly rent");
    expectNoSecrets(csv, "the CSV export");
  });

  it("lets a coordinator take a request by phone for someone without an account, keeping their details private", async () => {
    const created = await api(instance, "POST", "/posts", {
      as: coordinator,
      body: {
        kind: "request",
        category: "medication_pickup",
        title: "Pick up a prescription",
        area: "Riverside",
        onBehalfOfSomeoneElse: true,
        contact: { name: "Mr. Okonkwo-Bellweather", phone: "+1 555 0199 777" },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.private).toMatchObject({ enteredForSomeoneElse: true, authorUsername: null });
    const publicView = JSON.stringify((await api(instance, "GET", `/posts/${created.body.id}`)).body);
    expect(publicView).not.toContain("Okonkwo");
    expect(publicView).not.toContain("555 0199");
    expect((await publicWeb.page("/")).html).not.toContain("Okonkwo");

    // A member cannot pretend to be a coordinator taking an intake.
    const refused = await api(instance, "POST", "/posts", {
      as: neighbour,
      body: { kind: "request", category: "food", title: "For my friend", area: "Riverside", onBehalfOfSomeoneElse: true },
    });
    expect(refused.status).toBe(403);

    // And the intake is in the coordinator log, which members read.
    const log = visibleText((await neighbour.web.page("/log")).html);
    expect(log).toContain("coord_cora");
    expect(log).toContain("entered a post for someone without an account");
  });
});
