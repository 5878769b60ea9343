import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { makePerson, type Person } from "./support/people.ts";
import { visibleText, WebClient } from "./support/web-client.ts";

// The handbook and orientation on the web pages, with forms only (no JavaScript).

let instance: TestInstance;
let coordinator: Person;
let admin: Person;
let member: Person;

beforeAll(async () => {
  instance = await startTestInstance("handbookweb");
  coordinator = await makePerson(instance, "coord_lia", "coordinator");
  admin = await makePerson(instance, "admin_oto", "admin");
  member = await makePerson(instance, "member_pau", "member");
});
afterAll(() => instance?.destroy());

async function savedPage(slug: string, body: string, visibility = "members") {
  const response = await coordinator.web.post("/handbook", { slug, title: slug, body, visibility });
  expect(response.status, await response.clone().text()).toBe(303);
}

describe(`the handbook on the web (${testDriver})`, () => {
  it("everyone finds the starter pages from the menu; a members' page is a 404 to the public", async () => {
    const publicClient = new WebClient(instance.url, { "accept-language": "en" });
    const index = await publicClient.page("/handbook");
    expect(index.html).toContain('<a href="/handbook">Handbook</a>');
    expect(visibleText(index.html)).toContain("What to do in a crisis");
    await savedPage("pantry-keys", "Ask Ana.");
    expect((await publicClient.get("/handbook/pantry-keys")).status).toBe(404);
    expect(visibleText((await member.web.page("/handbook/pantry-keys")).html)).toContain("Ask Ana.");
  });

  it("a page shows its table of contents, and links between pages work", async () => {
    await savedPage("first-day", "## Before\n\nRead [the privacy rules](/handbook/privacy).\n\n## After\n\nRest.");
    const { html } = await member.web.page("/handbook/first-day");
    expect(html).toContain('<a href="#h-before">Before</a>');
    expect(html).toContain('<h2 id="h-before">Before</h2>');
    expect(html).toContain('<a href="/handbook/privacy">the privacy rules</a>');
  });

  it("a save over a newer revision keeps the writer's text and shows the current one beside it", async () => {
    await savedPage("rota", "Mondays: Ana.");
    const edit = await coordinator.web.page("/handbook/rota/edit");
    expect(edit.html).toContain('name="baseRevision" value="1"');
    await coordinator.web.post("/handbook", {
      slug: "rota",
      title: "rota",
      body: "Mondays: Ben.",
      visibility: "members",
      baseRevision: "1",
    });

    const stale = await coordinator.web.post("/handbook", {
      slug: "rota",
      title: "rota",
      body: "Mondays: Carla.",
      visibility: "members",
      baseRevision: "1",
    });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    const text = visibleText(html);
    expect(text).toContain("someone else saved this page while you were writing; it is now at revision 2");
    expect(html).toMatch(/<textarea[^>]*name="body"[^>]*>Mondays: Carla.<\/textarea>/);
    expect(text).toContain("The current text (revision 2)");
    expect(text).toContain("Mondays: Ben.");
    expect(html).toContain('name="baseRevision" value="2"');

    const again = await coordinator.web.post("/handbook", {
      slug: "rota",
      title: "rota",
      body: "Mondays: Carla.",
      visibility: "members",
      baseRevision: "2",
    });
    expect(again.status).toBe(303);
    expect(visibleText((await member.web.page("/handbook/rota")).html)).toContain("Mondays: Carla.");
  });

  it("the history compares two revisions with labelled insertions and deletions, and restores an old one", async () => {
    await savedPage("meeting-point", "The hall.\nBring water.");
    await coordinator.web.post("/handbook", {
      slug: "meeting-point",
      title: "meeting-point",
      body: "The park.\nBring water.",
      visibility: "members",
      baseRevision: "1",
      note: "moved",
    });
    const history = visibleText((await member.web.page("/handbook/meeting-point/history")).html);
    expect(history).toContain("Revision 2");
    expect(history).toContain("moved");
    const diff = (await member.web.page("/handbook/meeting-point/diff?from=1&to=2")).html;
    expect(diff).toContain("<del><strong>Removed:</strong> The hall.</del>");
    expect(diff).toContain("<ins><strong>Added:</strong> The park.</ins>");
    expect((await member.web.page("/handbook/meeting-point/revisions/1")).html).not.toContain("Restore revision 1");

    const restore = await coordinator.web.post("/handbook/meeting-point/revisions/1/restore", { baseRevision: "2" });
    expect(restore.status).toBe(303);
    const page = visibleText((await member.web.page("/handbook/meeting-point")).html);
    expect(page).toContain("The hall.");
    expect(page).toContain("Revision 3");
  });

  it("a member proposes an edit by form; a coordinator sees what it changes and accepts it", async () => {
    await savedPage("bikes", "Two bikes in the shed.");
    const form = await member.web.page("/handbook/bikes/propose");
    expect(form.html).toContain("Two bikes in the shed.");
    const sent = await member.web.post("/handbook/bikes/propose", {
      title: "bikes",
      body: "Three bikes in the shed.",
      baseRevision: "1",
      note: "we got one more",
    });
    expect(sent.status).toBe(303);
    const proposalPath = sent.headers.get("location")!;
    const seen = (await coordinator.web.page(proposalPath)).html;
    expect(seen).toContain("<ins><strong>Added:</strong> Three bikes in the shed.</ins>");
    expect(visibleText((await coordinator.web.page("/notifications")).html)).toContain(
      "A member proposed an edit to the handbook page “bikes”.",
    );
    const accepted = await coordinator.web.post(`${proposalPath}/accept`, {});
    expect(accepted.status).toBe(303);
    expect(visibleText((await member.web.page("/handbook/bikes/history")).html)).toContain("proposed, accepted by coord_lia");
  });

  it("raw HTML and script links in a page are shown as text, never run", async () => {
    await savedPage("tricky", '<script>alert("x")</script>\n\n[click](javascript:alert(1))', "public");
    const { html } = await new WebClient(instance.url).page("/handbook/tricky");
    expect(html).not.toContain('<script>alert("x")</script>');
    expect(html).not.toMatch(/href="javascript:/);
  });

  it("orientation: a new member is shown the welcome and the agreements, accepts them once, and is never kept from asking", async () => {
    const chosen = await admin.web.post("/handbook/settings", { welcomeSlug: "welcome", agreementsSlug: "agreements" });
    expect(chosen.status).toBe(303);
    const newcomer = await instance.services.members.addMember({ username: "new_rue", role: "member" });
    const link = await instance.services.accounts.createSetPasswordLink(newcomer);
    const web = new WebClient(instance.url, { "accept-language": "en" });
    const first = await web.post(link.url.pathname, { password: "new_rue-secret-pw" });
    expect(first.headers.get("location")).toBe("/welcome");

    const welcome = visibleText((await web.page("/welcome")).html);
    expect(welcome).toContain("Our agreements");
    const board = await web.page("/");
    expect(visibleText(board.html)).toContain("Please read the network's agreements and accept them.");
    const ask = await web.page("/posts/new");
    expect(ask.status).toBe(200);
    expect(ask.path).toBe("/posts/new");

    expect((await web.post("/welcome/accept", {})).status).toBe(303);
    expect(visibleText((await web.page("/welcome")).html)).toMatch(/You accepted the agreements on [A-Z][a-z]{2} \d{1,2}, \d{4}\./);
    expect(visibleText((await web.page("/")).html)).not.toContain("Please read the network's agreements");
    const members = visibleText((await coordinator.web.page("/members")).html);
    expect(members).toMatch(/new_rue.*accepted the agreements on [A-Z][a-z]{2} \d{1,2}, \d{4}/s);
  });

  it("a role's handover checklist shows beside the role on the members page and on its holder's account page", async () => {
    await savedPage("coordinator-handover", "- Hand over the keys\n- Share the phone");
    const chosen = await admin.web.post("/handbook/settings", { "handover-coordinator": "coordinator-handover", welcomeSlug: "welcome" });
    expect(chosen.status).toBe(303);
    expect((await admin.web.page("/members")).html).toContain(
      '<a href="/handbook/coordinator-handover">Handover checklist: coordinator</a>',
    );
    const account = (await coordinator.web.page("/account")).html;
    expect(account).toContain('<a href="/handbook/coordinator-handover">coordinator-handover</a>');
    expect((await member.web.page("/account")).html).not.toContain("coordinator-handover");
    const wrong = await admin.web.post("/handbook/settings", { "handover-treasurer": "no-such-page" });
    expect(wrong.status).toBe(422);
    expect(visibleText(await wrong.text())).toContain("there is no handbook page at this address");
  });
});
