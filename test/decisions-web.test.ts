import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { makePerson, type Person } from "./support/people.ts";
import { visibleText, WebClient } from "./support/web-client.ts";

// Deciding together on the web pages, with forms only (no JavaScript), as a member would.

let instance: TestInstance;
let starter: Person;
let voter: Person;
let coordinator: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  starter = await makePerson(instance, "rosa_starts", "member");
  voter = await makePerson(instance, "omar_votes", "member");
  coordinator = await makePerson(instance, "coord_kim", "coordinator");
});
afterAll(() => instance?.destroy());

/** A datetime-local value, as the form's field sends it. */
function local(daysAhead: number): string {
  const d = new Date(Date.now() + daysAhead * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

async function startByForm(person: Person, fields: Record<string, string>): Promise<string> {
  const response = await person.web.post("/decisions", { body: "Please say what you think.", closesAt: local(5), ...fields });
  expect(response.status, await response.clone().text()).toBe(303);
  return response.headers.get("location")!;
}

describe(`decisions on the web (${testDriver})`, () => {
  it("are for members only: the menu links them for members, and the public is sent to sign in", async () => {
    const board = await starter.web.page("/");
    expect(board.html).toContain('<a href="/decisions">Decisions</a>');
    expect((await new WebClient(instance.url).page("/")).html).not.toContain('href="/decisions"');
    const anonymous = await new WebClient(instance.url).get("/decisions/log");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe("/sign-in?next=%2Fdecisions%2Flog");
  });

  it("starts a decision with the form, naming what is wrong, and lists it as open", async () => {
    const form = await starter.web.page("/decisions/new");
    expect(visibleText(form.html)).toContain("Go ahead unless someone objects");
    const wrong = await starter.web.post("/decisions", {
      title: "Bikes",
      body: "",
      process: "ranked",
      options: "Only one",
      closesAt: "",
      quorum: "150",
    });
    expect(wrong.status).toBe(422);
    const text = visibleText(await wrong.text());
    for (const message of ["say what is proposed", "use a date and time", "use a percentage from 0 to 100"])
      expect(text).toContain(message);

    const path = await startByForm(starter, { title: "Fix the shared bikes", process: "consent" });
    const list = visibleText((await voter.web.page("/decisions")).html);
    expect(list).toMatch(/Open\s+Fix the shared bikes\s+Consent · closes .* · 0 votes · you have not voted/);
    expect(path).toMatch(/^\/decisions\/[0-9a-f-]{36}$/);
  });

  it("votes with the form: an objection asks for a reason, and the vote can be changed", async () => {
    const path = await startByForm(starter, { title: "Paint the community room", process: "consent" });
    const objection = await voter.web.post(`${path}/vote`, { choice: "object", reason: "" });
    expect(objection.status).toBe(422);
    expect(visibleText(await objection.text())).toContain("say why you object");
    const objected = await voter.web.post(`${path}/vote`, { choice: "object", reason: "The paint smell bothers the day care." });
    expect(objected.headers.get("location")).toBe(`${path}?voted=1`);
    const page = visibleText((await voter.web.page(`${path}?voted=1`)).html);
    expect(page).toContain("Your vote is saved.");
    expect(page).toContain("Change your vote");
    expect(page).toMatch(/omar_votes\s+Object\s+The paint smell bothers the day care\./);
  });

  it("ranks options and answers meeting times with plain form fields", async () => {
    const ranked = await startByForm(starter, {
      title: "Pick the next skill share",
      process: "ranked",
      options: "Sewing\nBike repair\nBread",
    });
    expect((await voter.web.post(`${ranked}/vote`, { "rank-0": "1", "rank-1": "1" })).status).toBe(422);
    await voter.web.post(`${ranked}/vote`, { "rank-0": "2", "rank-1": "", "rank-2": "1" });
    expect(visibleText((await voter.web.page(ranked)).html)).toMatch(/omar_votes\s+1\. Bread 2\. Sewing/);

    const meeting = await startByForm(starter, { title: "When to meet", process: "meeting_time", options: "Mon 18:00\nSat 11:00" });
    await voter.web.post(`${meeting}/vote`, { "time-0": "if_need_be", "time-1": "yes" });
    expect(visibleText((await voter.web.page(meeting)).html)).toMatch(/Mon 18:00\s+0\s+1\s+0\s+Sat 11:00\s+1\s+0\s+0/);
  });

  it("closes with an outcome from the page, and the decisions log shows it, newest first", async () => {
    const first = await startByForm(starter, { title: "Keep the fridge open late", process: "proposal" });
    const second = await startByForm(starter, { title: "Adopt the new code of conduct", process: "proposal", quorum: "50" });
    await voter.web.post(`${second}/vote`, { choice: "agree" });
    expect((await voter.web.post(`${first}/close`, { outcome: "No." })).status).toBe(403);
    expect((await starter.web.post(`${first}/close`, { outcome: "Open until 22:00 on weekdays." })).status).toBe(303);
    // Closed without an outcome by a coordinator; the starter writes it afterwards.
    await coordinator.web.post(`${second}/close`, { outcome: "" });
    expect(visibleText((await starter.web.page(second)).html)).toContain("Write the outcome");
    await starter.web.post(`${second}/close`, { outcome: "Adopted; read it at the next assembly." });

    const log = visibleText((await voter.web.page("/decisions/log")).html);
    expect(log.indexOf("Adopt the new code of conduct")).toBeLessThan(log.indexOf("Keep the fridge open late"));
    expect(log).toContain("Open until 22:00 on weekdays.");
    expect(log).toMatch(/Adopt the new code of conduct\s+.*The quorum was not reached\.\s+Adopted; read it at the next assembly\./);
    const spanish = visibleText((await voter.web.page("/decisions/log?lang=es")).html);
    expect(spanish).toContain("Registro de decisiones");
  });
});
