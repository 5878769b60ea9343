import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateEventRow } from "../db/queries/events.ts";
import { testDriver } from "./support/database.ts";
import { localWindow } from "./support/dates.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { visibleText, WebClient } from "./support/web-client.ts";

let instance: TestInstance;
let coordinator: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  coordinator = await makePerson(instance, "coord_ona", "coordinator");
});
afterAll(() => instance?.destroy());

/** The form's fields for an event in `days` days, 10:00–11:00 server time. */
function eventForm(fields: Record<string, string>, days = 7): Record<string, string> {
  const { windowStart, windowEnd } = localWindow(days);
  const base = { title: "Seed swap", description: "", kind: "skill_share", area: "East side", visibility: "public" };
  return { ...base, startsAt: windowStart, endsAt: windowEnd, ...fields };
}

/** Creates an event through the form, as `who`; resolves to its path. */
async function createThroughForm(who: Person, fields: Record<string, string>): Promise<string> {
  const response = await who.web.post("/events", eventForm(fields));
  expect(response.status).toBe(303);
  return response.headers.get("location")!;
}

describe(`event pages (${testDriver})`, () => {
  it("lets a coordinator create an event that visitors see without its street address", async () => {
    const path = await createThroughForm(coordinator, { title: "Tool library open day", place: "The old garage", address: "9 Birch Lane" });
    const visitor = new WebClient(instance.url, { "accept-language": "en" });
    const page = visibleText((await visitor.page(path)).html);
    expect(page).toContain("Tool library open day");
    expect(page).toContain("The old garage");
    expect(page).not.toContain("9 Birch Lane");
    expect(page).toContain("Sign in to say whether you are coming.");
    expect(visibleText((await visitor.page("/events")).html)).toContain("Tool library open day");
    expect(visibleText((await coordinator.web.page(path)).html)).toContain("9 Birch Lane");

    const hidden = await createThroughForm(coordinator, { title: "Members' potluck", visibility: "members" });
    expect((await visitor.page(hidden)).status).toBe(404);
    expect(visibleText((await visitor.page("/events")).html)).not.toContain("Members' potluck");
  });

  it("shows what is wrong beside each field", async () => {
    const response = await coordinator.web.post("/events", eventForm({ title: "", capacity: "0", onlineUrl: "not a link" }));
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toMatch(/id="title-error"/);
    expect(html).toMatch(/id="capacity-error"/);
    expect(html).toMatch(/id="onlineUrl-error"/);
    expect(html).toContain('aria-describedby="capacity-hint capacity-error"');
  });

  it("answers with buttons: going, then the waiting list once it is full", async () => {
    const path = await createThroughForm(coordinator, { title: "Sewing circle", capacity: "1" });
    const first = await makePerson(instance, "sew_ida", "member");
    const second = await makePerson(instance, "sew_jo", "member");
    expect((await first.web.post(`${path}/rsvp`, { response: "going" })).status).toBe(303);
    expect(visibleText((await first.web.page(`${path}?answered=1`)).html)).toContain("You are going.");
    const full = visibleText((await second.web.page(path)).html);
    expect(full).toContain("1 of 1 places taken");
    expect(full).toContain("It is full");
    await second.web.post(`${path}/rsvp`, { response: "going" });
    expect(visibleText((await second.web.page(`${path}?answered=1`)).html)).toContain("You are on the waiting list.");
    // The organiser sees who answered, by username.
    const organiser = visibleText((await coordinator.web.page(path)).html);
    expect(organiser).toContain("sew_ida: going");
    expect(organiser).toContain("sew_jo: waiting list");
  });

  it("lets the organiser write an assembly's agenda and minutes, which members read", async () => {
    const path = await createThroughForm(coordinator, { title: "Spring assembly", kind: "assembly" });
    const edit = await coordinator.web.page(`${path}/edit`);
    expect(edit.html).toContain('name="agenda"');
    const { windowStart, windowEnd } = localWindow(7);
    const closesAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const proposal = { title: "Garden budget", body: "Seeds and compost.", process: "consent", closesAt };
    const decision = (await api(instance, "POST", "/decisions", { as: coordinator, body: proposal })).body.id;
    const saved = await coordinator.web.post(`${path}/edit`, {
      ...eventForm({ title: "Spring assembly", kind: "assembly", startsAt: windowStart, endsAt: windowEnd }),
      agenda: `Garden rota\nBudget ${decision}`,
      minutes: "The rota is agreed.",
    });
    expect(saved.status).toBe(303);
    const member = await makePerson(instance, "member_nia", "member");
    const html = (await member.web.page(path)).html;
    expect(visibleText(html)).toContain("Garden rota");
    expect(visibleText(html)).toContain("The rota is agreed.");
    expect(html).toContain(`href="/decisions/${decision}"`);
    const visitor = visibleText((await new WebClient(instance.url).page(path)).html);
    expect(visitor).not.toContain("Garden rota");
    expect(visitor).not.toContain("The rota is agreed.");
  });

  it("takes an assembly's minutes after it has ended", async () => {
    const path = await createThroughForm(coordinator, { title: "Winter assembly", kind: "assembly" });
    // A week goes by: the assembly took place.
    const start = new Date(Date.now() - 7 * 86_400_000);
    await updateEventRow(instance.database.db, path.split("/").pop()!, { startsAt: start, endsAt: new Date(start.getTime() + 3_600_000) });
    const edit = (await coordinator.web.page(`${path}/edit`)).html;
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(edit)?.[1] ?? "";
    const saved = await coordinator.web.post(`${path}/edit`, {
      ...eventForm({ title: "Winter assembly", kind: "assembly", startsAt: field("startsAt"), endsAt: field("endsAt") }),
      agenda: "",
      minutes: "Twelve came; the rota is agreed.",
    });
    expect(saved.status).toBe(303);
    expect(visibleText((await coordinator.web.page(path)).html)).toContain("Twelve came; the rota is agreed.");
  });

  it("lets members create events only when an admin allows it", async () => {
    const member = await makePerson(instance, "member_ola", "member");
    expect(visibleText((await member.web.page("/events")).html)).not.toContain("Create an event");
    expect((await member.web.post("/events", eventForm({ title: "Board games" }))).status).toBe(403);
  });
});
