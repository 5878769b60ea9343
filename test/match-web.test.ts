import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { localWindow, localWindowOn } from "./support/dates.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { approveVolunteer } from "./support/volunteers.ts";
import { visibleText } from "./support/web-client.ts";

let instance: TestInstance;
let admin: Person;
let coordinator: Person;
let requester: Person;
let offerer: Person;
let volunteer: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  await instance.services.areas.add("Riverside");
  admin = await makePerson(instance, "admin_ana", "admin");
  coordinator = await makePerson(instance, "coord_cy", "coordinator");
  requester = await makePerson(instance, "req_rita", "member");
  offerer = await makePerson(instance, "off_olga", "member");
  volunteer = await makePerson(instance, "vol_vic", "member", "Vic");
});
afterAll(() => instance?.destroy());

async function post(as: Person, body: Record<string, unknown>): Promise<string> {
  const created = await api(instance, "POST", "/posts", { as, body: { area: "East side", ...body } });
  expect(created.status).toBe(201);
  return created.body.id;
}

/** Follows a form's redirect and returns where it led. */
async function submit(as: Person, path: string, form: Record<string, string>): Promise<string> {
  const response = await as.web.post(path, form);
  expect(response.status, `${path} answered ${response.status}: ${(await response.clone().text()).slice(0, 300)}`).toBe(303);
  return response.headers.get("location")!;
}

describe(`matching on the web (${testDriver})`, () => {
  it("takes a match from the post page to a completed handover done by a volunteer", async () => {
    const request = await post(requester, {
      kind: "request",
      category: "meals",
      title: "Dinner for two",
      quantity: 2,
      contact: { phone: "600 123 456", address: "Avenida Oculta 9" },
    });
    const offer = await post(offerer, { kind: "offer", category: "meals", title: "Lentil stew", quantity: 6, area: "Riverside" });

    // The coordinator sees the offer suggested on the request's page and proposes the match.
    const requestPage = await coordinator.web.page(`/posts/${request}`);
    expect(visibleText(requestPage.html)).toContain("Offers that could meet this request");
    expect(requestPage.html).toContain(`value="${offer}"`);
    const matchPath = await submit(coordinator, "/matches", { request, offer, quantity: "2", back: request });
    expect(matchPath).toMatch(/^\/matches\/[0-9a-f-]{36}$/);

    // Before it is accepted, the offering member sees no contact; after, they do.
    expect(visibleText((await offerer.web.page(matchPath)).html)).toContain(
      "Contact details are shared with both sides once the match is accepted.",
    );
    await submit(offerer, `${matchPath}/status`, { status: "accepted" });
    expect(visibleText((await offerer.web.page(matchPath)).html)).toContain("Avenida Oculta 9");
    expect((await requester.web.page("/tasks")).html).toContain(matchPath);

    // A volunteer says when they can help and a coordinator approves them; the coordinator
    // schedules and opens the handover to volunteers; the volunteer takes it.
    await submit(volunteer, "/tasks/availability", { "day-wed": "on", maxTasks: "1", note: "after 5pm" });
    await submit(coordinator, `/members/${volunteer.id}/volunteer`, { decision: "approve" });
    await submit(coordinator, `${matchPath}/schedule`, { method: "delivery", ...localWindowOn(3) });
    expect((await coordinator.web.page(matchPath)).html).toContain(`action="${matchPath}/open"`);
    await submit(coordinator, `${matchPath}/open`, { open: "true" });
    const tasks = visibleText((await volunteer.web.page("/tasks")).html);
    expect(tasks).toContain("Lentil stew for a neighbour");
    expect(tasks).not.toContain("Dinner for two");
    expect(tasks).not.toContain("Avenida Oculta");
    await submit(volunteer, `${matchPath}/take`, {});
    const taken = visibleText((await volunteer.web.page("/tasks")).html);
    expect(taken).toContain("Lentil stew for Dinner for two");
    expect(taken).toContain("You have 1 tasks, the most you said you would take.");
    expect(visibleText((await volunteer.web.page(matchPath)).html)).toContain("Avenida Oculta 9");

    await submit(volunteer, `${matchPath}/status`, { status: "completed" });
    const bad = await requester.web.post(`${matchPath}/feedback`, { comment: "x".repeat(501) });
    expect(bad.status).toBe(422);
    expect(visibleText(await bad.text())).toContain("use at most 500 characters");
    await submit(requester, `${matchPath}/feedback`, { comment: "Delicious, thanks Vic" });
    expect(visibleText((await coordinator.web.page(matchPath)).html)).toContain("Delicious, thanks Vic");
  });

  it("refuses bad availability with the field named, and keeps what was typed", async () => {
    const response = await volunteer.web.post("/tasks/availability", { "day-mon": "on", maxTasks: "lots", note: "" });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('id="maxTasks-error"');
    expect(html).toContain('value="lots"');
    expect(html).toMatch(/id="day-mon" name="day-mon" checked/);
  });

  it("serves scheduled handovers in a secret calendar feed that can be replaced and turned off", async () => {
    // A volunteer of its own: the other tests' volunteer may already hold as many tasks as they offer.
    const volunteer = await makePerson(instance, "vol_cal", "member", "Cal");
    const request = await post(requester, {
      kind: "request",
      category: "goods",
      title: "Dinner for two plates",
      contact: { phone: "600 123 456" },
    });
    const offer = await post(offerer, { kind: "offer", category: "goods", title: "Lentil stew pots", area: "Riverside" });
    const match = (await api(instance, "POST", "/matches", { as: coordinator, body: { request, offer, quantity: 1 } })).body.id;
    await api(instance, "PATCH", `/matches/${match}`, { as: offerer, body: { status: "accepted" } });
    await approveVolunteer(instance, volunteer, coordinator, { weekdays: [], note: "", maxTasks: 5 });
    const window = { method: "delivery", ...localWindow(40) };
    expect((await api(instance, "PATCH", `/matches/${match}`, { as: coordinator, body: window })).status).toBe(200);
    expect((await api(instance, "PATCH", `/matches/${match}`, { as: coordinator, body: { volunteer: "vol_cal" } })).status).toBe(200);

    const made = await volunteer.web.post("/tasks/calendar", {});
    expect(made.status).toBe(200);
    const url = /(http:\/\/[^<\s]+\/calendar\/[A-Za-z0-9_-]+\.ics)/.exec(await made.text())![1]!;
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toContain("text/calendar");
    const ics = await feed.text();
    expect(ics).toContain("BEGIN:VEVENT");
    expect(ics).toContain("SUMMARY:Delivery: Lentil stew pots (Riverside → East side)");
    expect(ics).toMatch(new RegExp(`DTSTART:${window.windowStart.slice(0, 10).replaceAll("-", "")}T\\d{4}00Z`));
    for (const secret of ["Oculta", "600 123", "Dinner for two"]) expect(ics).not.toContain(secret);

    const replaced = /(http:\/\/[^<\s]+\/calendar\/[A-Za-z0-9_-]+\.ics)/.exec(
      await (await volunteer.web.post("/tasks/calendar", {})).text(),
    )![1]!;
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(replaced)).status).toBe(200);
    await submit(volunteer, "/tasks/calendar/revoke", {});
    expect((await fetch(replaced)).status).toBe(404);
    expect((await fetch(`${instance.url}/calendar/not-a-secret.ics`)).status).toBe(404);
  });

  it("lets a member claim an offer with their own request in peer-to-peer mode", async () => {
    const offer = await post(offerer, { kind: "offer", category: "tools", title: "Ladder to lend" });
    const request = await post(requester, { kind: "request", category: "tools", title: "Need a ladder" });
    expect((await requester.web.page(`/posts/${offer}`)).html).not.toContain("Claim this offer");
    await submit(admin, "/settings", { name: "eastside", summary: "", peerToPeerClaims: "on" });
    const page = await requester.web.page(`/posts/${offer}`);
    expect(visibleText(page.html)).toContain("Claim this offer");
    expect(page.html).toContain(`<option value="${request}">Need a ladder</option>`);
    const matchPath = await submit(requester, "/matches", { offer, request, quantity: "1", back: offer });
    expect(visibleText((await offerer.web.page(matchPath)).html)).toContain("Accept");
    await submit(offerer, `${matchPath}/status`, { status: "accepted" });
    await submit(admin, "/settings", { name: "eastside", summary: "" });
  });

  it("shows coordinators the resource picture, and the public only counts when switched on", async () => {
    await post(requester, { kind: "request", category: "paperwork", title: "Help with a housing benefit form", urgency: "high" });
    const dashboard = await coordinator.web.page("/dashboard");
    expect(dashboard.status).toBe(200);
    const text = visibleText(dashboard.html);
    expect(text).toContain("Gaps: 1 requests with no offer in their category");
    expect(text).toContain("Help with a housing benefit form");
    expect(dashboard.html).toContain('src="data:image/svg+xml;base64,');
    expect(dashboard.html).toMatch(/alt="Open requests and offers by category: [^"]*Paperwork and benefits 1 requests, 0 offers/);
    expect((await requester.web.get("/dashboard")).status).toBe(403);

    const api7 = await api(instance, "GET", "/dashboard", { as: coordinator });
    expect(api7.body.timeToMatch.days7.matched).toBeGreaterThanOrEqual(2);
    expect(api7.body.gaps.requests.map((r: { title: string }) => r.title)).toEqual(["Help with a housing benefit form"]);
    expect((await api(instance, "GET", "/dashboard", { as: requester })).status).toBe(403);

    expect((await fetch(`${instance.url}/summary`)).status).toBe(404);
    expect((await api(instance, "GET", "/summary")).status).toBe(404);
    await submit(admin, "/settings", { name: "eastside", summary: "", publicSummary: "on" });
    const summary = await fetch(`${instance.url}/summary`);
    expect(summary.status).toBe(200);
    const summaryText = visibleText(await summary.text());
    expect(summaryText).toContain("Open requests");
    for (const secret of ["housing benefit", "Dinner", "req_rita", "East side"]) expect(summaryText).not.toContain(secret);
    const counts = (await api(instance, "GET", "/summary")).body;
    expect(counts.byCategory).toContainEqual({ category: "paperwork", requests: 1, offers: 0 });
  });
});
