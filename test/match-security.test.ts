import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { localWindow } from "./support/dates.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { approveVolunteer } from "./support/volunteers.ts";
import { visibleText } from "./support/web-client.ts";

// Issue #11 items 1 and 13: nobody reads a match's contacts by "volunteering", and no answer
// tells a member anything about a post or match they may not see.

let instance: TestInstance;
let admin: Person;
let coordinator: Person;
let requester: Person;
let offerer: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  admin = await makePerson(instance, "admin_ana", "admin");
  coordinator = await makePerson(instance, "coord_cy", "coordinator");
  requester = await makePerson(instance, "req_rosa", "member", "Rosa R");
  offerer = await makePerson(instance, "off_otto", "member", "Otto O");
});
afterAll(() => instance?.destroy());

let planted = 0;

/**
 * An accepted, scheduled match whose request carries a distinctive contact; the test
 * asserts these strings never reach someone who may not see them.
 */
async function plantedMatch(options: { visibility?: "public" | "members" | "coordinators"; open?: boolean } = {}) {
  planted += 1;
  const secrets = {
    name: `Zenobia Quillfeather${planted}`,
    phone: `+34 677 31${planted} 9${planted}9`,
    address: `Calle Escondida ${planted}0`,
    notes: `door code 48${planted}1`,
  };
  const request = await api(instance, "POST", "/posts", {
    as: coordinator,
    body: {
      kind: "request",
      category: "meals",
      title: `Meals for a neighbour ${planted}`,
      area: "East side",
      quantity: 1,
      visibility: options.visibility ?? "members",
      onBehalfOfSomeoneElse: true,
      contact: secrets,
    },
  });
  expect(request.status).toBe(201);
  const offer = await api(instance, "POST", "/posts", {
    as: offerer,
    body: {
      kind: "offer",
      category: "meals",
      title: `Soup pots ${planted}`,
      area: "East side",
      quantity: 5,
      contact: { name: "Otto Obermeyer", phone: "+34 600 000 111" },
    },
  });
  const created = await api(instance, "POST", "/matches", {
    as: coordinator,
    body: { request: request.body.id, offer: offer.body.id, quantity: 1 },
  });
  const id: string = created.body.id;
  expect((await patch(coordinator, id, { status: "accepted" })).status).toBe(200);
  expect((await patch(coordinator, id, { method: "delivery", ...localWindow(10) })).status).toBe(200);
  if (options.open ?? true) expect((await patch(coordinator, id, { openToVolunteers: true })).status).toBe(200);
  return { id, request: request.body.id as string, secrets: Object.values(secrets) };
}

const patch = (as: Person, id: string, body: unknown) => api(instance, "PATCH", `/matches/${id}`, { as, body });

function expectNoSecrets(answer: unknown, secrets: string[]): void {
  const text = typeof answer === "string" ? answer : JSON.stringify(answer);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

async function logText(): Promise<string> {
  return visibleText((await coordinator.web.page("/log")).html);
}

describe(`taking handovers, and what a refusal tells (${testDriver})`, () => {
  it("refuses a member who set their task limit themselves, on the API and the web, and shows them no tasks", async () => {
    const { id, secrets } = await plantedMatch();
    const eager = await makePerson(instance, "eager_eve", "member");
    const saved = await eager.web.post("/tasks/availability", { maxTasks: "20", note: "" });
    expect(saved.status).toBe(303);
    const tasks = await eager.web.page("/tasks");
    expect(visibleText(tasks.html)).toContain("until they approve you as a volunteer");
    expect(tasks.html).not.toContain(`/matches/${id}/take`);
    expectNoSecrets(tasks.html, secrets);

    const viaApi = await patch(eager, id, { volunteer: "eager_eve" });
    expect(viaApi.status).toBe(403);
    expectNoSecrets(viaApi.body, secrets);
    const viaWeb = await eager.web.post(`/matches/${id}/take`, {});
    expect(viaWeb.status).toBe(403);
    expectNoSecrets(await viaWeb.text(), secrets);
    expect((await api(instance, "GET", `/matches/${id}`, { as: eager })).status).toBe(404);
    expect((await api(instance, "GET", `/matches/${id}`, { as: coordinator })).body.volunteer).toBeNull();
    expect(await logText()).toContain("eager_eve asked to volunteer for pickups and deliveries");
  });

  it("lets a coordinator approve a volunteer who asked, and remove them, both in the log", async () => {
    const vol = await makePerson(instance, "vol_wanda", "member");
    expect((await vol.web.post("/tasks/availability", { maxTasks: "2", note: "weekends" })).status).toBe(303);
    const members = visibleText((await coordinator.web.page("/members")).html);
    expect(members).toContain("asks to volunteer");
    expect(members).toContain("weekends");
    expect((await requester.web.post(`/members/${vol.id}/volunteer`, { decision: "approve" })).status).toBe(403);

    expect((await coordinator.web.post(`/members/${vol.id}/volunteer`, { decision: "approve" })).status).toBe(303);
    const { id, secrets } = await plantedMatch();
    expect((await vol.web.page("/tasks")).html).toContain(`/matches/${id}/take`);
    expect((await patch(vol, id, { volunteer: "vol_wanda" })).status).toBe(200);

    // Removal ends it at once: the handover goes back, and its page is gone for them.
    expect((await coordinator.web.post(`/members/${vol.id}/volunteer`, { decision: "remove" })).status).toBe(303);
    const gone = await api(instance, "GET", `/matches/${id}`, { as: vol });
    expect(gone.status).toBe(404);
    expectNoSecrets(gone.body, secrets);
    expect((await api(instance, "GET", `/matches/${id}`, { as: coordinator })).body.volunteer).toBeNull();
    expect((await vol.web.page("/tasks")).html).not.toContain(`/matches/${id}`);
    expect((await api(instance, "GET", "/matches", { as: vol })).body).toEqual([]);
    const log = await logText();
    expect(log).toContain("coord_cy approved vol_wanda as a volunteer");
    expect(log).toContain("coord_cy removed vol_wanda from the volunteers");
    expectNoSecrets(log, secrets);
  });

  it("answers an approved volunteer the same for a coordinators-only, unopened or taken task as for one that does not exist", async () => {
    const vol = await makePerson(instance, "vol_xavi", "member");
    await approveVolunteer(instance, vol, coordinator);
    const hidden = await plantedMatch({ visibility: "coordinators" });
    const unopened = await plantedMatch({ open: false });
    const takenByOther = await plantedMatch({ visibility: "coordinators", open: false });
    const other = await makePerson(instance, "vol_yara", "member");
    await approveVolunteer(instance, other, coordinator);
    expect((await patch(coordinator, takenByOther.id, { volunteer: "vol_yara" })).status).toBe(200);

    const missing = await patch(vol, randomUUID(), { volunteer: "vol_xavi" });
    expect(missing.status).toBe(404);
    const missingWeb = await vol.web.post(`/matches/${randomUUID()}/take`, {});
    for (const { id, secrets } of [hidden, unopened, takenByOther]) {
      const answer = await patch(vol, id, { volunteer: "vol_xavi" });
      expect(answer).toEqual(missing);
      const web = await vol.web.post(`/matches/${id}/take`, {});
      expect(web.status).toBe(missingWeb.status);
      expectNoSecrets(await web.text(), secrets);
      expect((await api(instance, "GET", `/matches/${id}`, { as: vol })).status).toBe(404);
    }
    const tasks = (await vol.web.page("/tasks")).html;
    for (const { id, secrets } of [hidden, unopened]) {
      expect(tasks).not.toContain(id);
      expectNoSecrets(tasks, secrets);
    }
  });

  it("shows a volunteer only what the handover needs, only while it is theirs, and logs every take and give-back", async () => {
    const vol = await makePerson(instance, "vol_zoe", "member");
    await approveVolunteer(instance, vol, coordinator);
    const first = await plantedMatch();
    const second = await plantedMatch();

    const taken = await patch(vol, first.id, { volunteer: "vol_zoe" });
    expect(taken.status).toBe(200);
    const [name, phone, address, notes] = first.secrets as [string, string, string, string];
    expect(taken.body.parties.requester.contact).toEqual({ name: "Zenobia", phone, email: null, address, notes: null });
    expect(taken.body.parties.offerer.member).toEqual({ username: "off_otto", displayName: "Otto" });
    expect(JSON.stringify(taken.body)).not.toContain(name);
    expect(JSON.stringify(taken.body)).not.toContain(notes);
    expect(visibleText((await vol.web.page(`/matches/${first.id}`)).html)).toContain(address);

    // Give it back and take another: the first one's contacts are gone.
    const givenBack = await patch(vol, first.id, { volunteer: null });
    expect(givenBack.status).toBe(200);
    expect(givenBack.body.parties).toBeNull();
    expectNoSecrets(givenBack.body, first.secrets);
    expect((await patch(vol, second.id, { volunteer: "vol_zoe" })).status).toBe(200);
    expect((await api(instance, "GET", `/matches/${first.id}`, { as: vol })).status).toBe(404);
    expect((await vol.web.page(`/matches/${first.id}`)).status).toBe(404);
    const everything = JSON.stringify([
      (await api(instance, "GET", "/matches", { as: vol })).body,
      (await api(instance, "GET", `/matches/${second.id}`, { as: vol })).body,
    ]);
    expectNoSecrets(everything, first.secrets);
    expectNoSecrets((await vol.web.page("/tasks")).html, first.secrets);

    // Once done, the volunteer keeps the match (to give feedback) but not the contacts.
    expect((await patch(vol, second.id, { status: "completed" })).status).toBe(200);
    const done = await api(instance, "GET", `/matches/${second.id}`, { as: vol });
    expect(done.body.parties).toBeNull();
    expect(done.body.actions).toEqual(["feedback"]);

    const log = await logText();
    expect(log.match(/vol_zoe took a delivery/g)).toHaveLength(2);
    expect(log).toContain("vol_zoe gave a delivery back");
    expect(log).toContain("coord_cy opened a delivery to volunteers");
    expectNoSecrets(log, [...first.secrets, ...second.secrets]);
  });

  it("answers a claim on a coordinators-only request the same whether it is matched or open, as for one that does not exist", async () => {
    expect((await admin.web.post("/settings", { name: "eastside", summary: "", peerToPeerClaims: "on" })).status).toBe(303);
    try {
      const matched = await plantedMatch({ visibility: "coordinators", open: false });
      const open = await api(instance, "POST", "/posts", {
        as: coordinator,
        body: {
          kind: "request",
          category: "meals",
          title: "Quiet request",
          area: "East side",
          visibility: "coordinators",
          onBehalfOfSomeoneElse: true,
        },
      });
      const mine = await api(instance, "POST", "/posts", {
        as: requester,
        body: { kind: "offer", category: "meals", title: "My lentils", area: "East side", quantity: 3 },
      });
      const claim = (request: string) =>
        api(instance, "POST", "/matches", { as: requester, body: { request, offer: mine.body.id, quantity: 1 } });

      const missing = await claim(randomUUID());
      expect(missing).toEqual({ status: 404, body: expect.objectContaining({ error: "No such request." }) });
      expect(await claim(matched.request)).toEqual(missing);
      expect(await claim(open.body.id)).toEqual(missing);
      expect((await api(instance, "GET", `/matches/suggestions?post=${matched.request}`, { as: requester })).status).toBe(404);
      expect((await api(instance, "POST", `/matches/${matched.id}/feedback`, { as: requester, body: { comment: "hi" } })).status).toBe(404);

      // The web form says the same.
      const webClaim = (request: string) => requester.web.post("/matches", { request, offer: mine.body.id, quantity: "1" });
      const webMissing = await webClaim(randomUUID());
      expect(webMissing.status).toBe(404);
      for (const request of [matched.request, open.body.id]) {
        const web = await webClaim(request);
        expect(web.status).toBe(404);
        expect(visibleText(await web.text())).toContain("No such request.");
      }
    } finally {
      await admin.web.post("/settings", { name: "eastside", summary: "" });
    }
  });
});

describe(`dates people give (${testDriver})`, () => {
  it("refuses impossible and far-off needed-by days with a 422 naming the field, on the API and the form", async () => {
    const body = { kind: "request", category: "meals", title: "Soup for the week", area: "East side" };
    for (const [neededBy, reason] of [
      ["9999-12-31", "use a date at most 2 years ahead"],
      ["2027-02-30", "is not a real date"],
      ["0001-01-01", "is in the past"],
    ]) {
      const answer = await api(instance, "POST", "/posts", { as: requester, body: { ...body, neededBy } });
      expect(answer.status, neededBy).toBe(422);
      expect(answer.body.fields).toEqual({ neededBy: reason });
    }
    const form = await requester.web.post("/posts", {
      ...body,
      until: "2027-02-30",
      language: "en",
      urgency: "normal",
      visibility: "public",
    });
    expect(form.status).toBe(422);
    expect(visibleText(await form.text())).toContain("is not a real date");
  });

  it("refuses handover windows in year 1, over a week long, or on 30 February, on the API and the form", async () => {
    const { id } = await plantedMatch({ open: false });
    const cases: [Record<string, string>, string, string][] = [
      [{ windowStart: "0001-01-01T10:00", windowEnd: "0001-01-01T11:00" }, "windowStart", "is in the past"],
      [
        { windowStart: localWindow(3).windowStart, windowEnd: `${Number(localWindow(3).windowStart.slice(0, 4)) + 72}-01-01T10:00` },
        "windowEnd",
        "make the window at most 7 days long",
      ],
      [{ windowStart: "2027-02-30T10:00", windowEnd: "2027-02-30T11:00" }, "windowStart", "use a date and time"],
    ];
    for (const [window, field, reason] of cases) {
      const answer = await patch(coordinator, id, { method: "pickup", ...window });
      expect(answer.status, JSON.stringify(window)).toBe(422);
      expect(answer.body.fields[field]).toBe(reason);
    }
    const before = (await api(instance, "GET", `/matches/${id}`, { as: coordinator })).body.windowStart;
    const form = await coordinator.web.post(`/matches/${id}/schedule`, {
      method: "pickup",
      windowStart: "0001-01-01T10:00",
      windowEnd: "0001-01-01T11:00",
    });
    expect(form.status).toBe(422);
    expect(visibleText(await form.text())).toContain("is in the past");
    expect((await api(instance, "GET", `/matches/${id}`, { as: coordinator })).body.windowStart).toBe(before);
  });
});
