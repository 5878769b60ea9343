import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateMember } from "../db/queries/members.ts";
import { testDriver } from "./support/database.ts";
import { dayFromNow } from "./support/dates.ts";
import { eventually, startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { publishRequest } from "./support/posts.ts";
import { approveVolunteer } from "./support/volunteers.ts";
import { visibleText } from "./support/web-client.ts";

let instance: TestInstance;
let coordinator: Person;
let admin: Person;
const MONTH_AHEAD = dayFromNow(30);

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  coordinator = await makePerson(instance, "coord_carmen", "coordinator");
  admin = await makePerson(instance, "admin_ada", "admin");
}, 60_000);
afterAll(() => instance?.destroy());

const openCase = (as: Person, body: Record<string, unknown>) => api(instance, "POST", "/cases", { as, body });
const updateCase = (as: Person, id: string, body: Record<string, unknown>) => api(instance, "PATCH", `/cases/${id}`, { as, body });
const restrict = (id: string, body: Record<string, unknown>) =>
  api(instance, "POST", `/cases/${id}/restrictions`, { as: coordinator, body });
const newPost = (as: Person, title: string) =>
  api(instance, "POST", "/posts", { as, body: { kind: "offer", category: "tools", title, area: "East side" } });

describe(`cases: conflict resolution (${testDriver})`, () => {
  it("keeps notes to the team and mediator; participants see steps and summary; the log says only opened and closed", async () => {
    const author = await makePerson(instance, "author_alba", "member");
    const reporter = await makePerson(instance, "reporter_raul", "member");
    const mediator = await makePerson(instance, "mediator_mo", "member");
    const bystander = await makePerson(instance, "bystander_bo", "member");
    const postId = await publishRequest(instance, author, "Shouting at the pickup point", "East side");
    const report = await api(instance, "POST", "/reports", {
      as: reporter,
      body: { subject: { type: "post", id: postId }, reason: "harassment" },
    });

    expect((await openCase(author, { title: "Pickup point", participants: ["author_alba"] })).status).toBe(403);
    expect(Object.keys((await openCase(coordinator, { title: "Pickup point", participants: [] })).body.fields)).toEqual(["participants"]);
    expect((await openCase(coordinator, { title: "Pickup point", participants: ["nobody_here"] })).body.fields).toEqual({
      participants: "there is no member called nobody_here",
    });
    expect((await openCase(coordinator, { title: "Pickup point", participants: ["author_alba"], mediator: "author_alba" })).status).toBe(
      422,
    );

    const opened = await openCase(coordinator, {
      title: "Shouting at the pickup point",
      participants: ["author_alba"],
      mediator: "mediator_mo",
      reports: [report.body.id],
      note: "Alba says a volunteer was rude first.",
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    expect(opened.body).toMatchObject({
      status: "open",
      mediator: "mediator_mo",
      participants: ["author_alba"],
      reports: [report.body.id],
    });

    const mediatorNotices = (await api(instance, "GET", "/notifications", { as: mediator })).body.items as { kind: string; url: string }[];
    expect(mediatorNotices.find((n) => n.kind === "case_mediation")?.url).toMatch(new RegExp(`/cases/${id}$`));
    expect(JSON.stringify((await api(instance, "GET", "/notifications", { as: author })).body)).not.toContain("case_");

    const step = await updateCase(mediator, id, {
      note: "Met both on Tuesday.",
      step: { text: "Alba and the volunteer talk with Mo present" },
    });
    expect(step.status).toBe(200);
    expect(step.body.notes.map((n: { text: string }) => n.text)).toEqual(["Alba says a volunteer was rude first.", "Met both on Tuesday."]);
    const authorNotices = async () =>
      (await api(instance, "GET", "/notifications", { as: author })).body.items as { kind: string; text: string }[];
    const stepNotice = (await authorNotices()).find((n) => n.kind === "case_step");
    expect(stepNotice?.text).toBe("A step was added to a case you are part of. Its page shows the steps.");
    expect(JSON.stringify(await authorNotices())).not.toContain("Met both");
    expect((await updateCase(mediator, id, { status: "closed", summary: "Done" })).status).toBe(403);
    expect((await updateCase(author, id, { note: "let me in" })).status).toBe(404);

    const seenByParticipant = await api(instance, "GET", `/cases/${id}`, { as: author });
    expect(seenByParticipant.status).toBe(200);
    expect(seenByParticipant.body.steps).toEqual([
      expect.objectContaining({ text: "Alba and the volunteer talk with Mo present", done: false }),
    ]);
    const participantJson = JSON.stringify(seenByParticipant.body);
    for (const hidden of ["rude first", "Met both", "reporter_raul", report.body.id, "Shouting at", "notes", "mediator"]) {
      expect(participantJson).not.toContain(hidden);
    }
    expect(seenByParticipant.body.summary).toBeNull();
    expect((await api(instance, "GET", `/cases/${id}`, { as: bystander })).status).toBe(404);
    expect((await api(instance, "GET", `/cases/${id}`, { as: reporter })).status).toBe(404);
    expect((await api(instance, "GET", "/cases", { as: bystander })).body).toEqual([]);
    expect((await api(instance, "GET", "/cases", { as: author })).body.map((c: { id: string }) => c.id)).toEqual([id]);

    const stepId = step.body.steps[0].id;
    expect((await updateCase(coordinator, id, { status: "closed" })).body.fields).toEqual({ summary: "say how the case ended" });
    const closed = await updateCase(coordinator, id, {
      stepDone: stepId,
      status: "closed",
      summary: "They talked it through and agreed to meet at the market.",
    });
    expect(closed.body).toMatchObject({ status: "closed", steps: [expect.objectContaining({ done: true })] });
    expect((await api(instance, "GET", `/cases/${id}`, { as: author })).body.summary).toBe(
      "They talked it through and agreed to meet at the market.",
    );
    expect((await authorNotices()).map((n) => n.kind)).toContain("case_closed");
    expect((await api(instance, "GET", "/notifications", { as: bystander })).body.items).toEqual([]);

    const log = await instance.services.log.list(await instance.services.members.getByUsername("bystander_bo"));
    const entries = log.filter((e) => e.action.startsWith("case_"));
    expect(entries.map((e) => [e.action, e.subject, e.detail, e.postId])).toEqual([
      ["case_closed", null, null, null],
      ["case_opened", null, null, null],
    ]);
    const page = await bystander.web.page("/log");
    expect(page.html).toContain("opened a case");
    expect(page.html).not.toContain("author_alba");
  });

  it("limits a participant for a set time instead of suspending them; the limit ends by itself, or when the team lifts it", async () => {
    const poster = await makePerson(instance, "poster_pia", "member");
    const other = await makePerson(instance, "other_otto", "member");
    const id = (await openCase(coordinator, { title: "Too many posts", participants: ["poster_pia"] })).body.id;

    expect((await restrict(id, { member: "other_otto", kind: "no_posting", until: MONTH_AHEAD })).body.fields).toEqual({
      member: "name one of the case's participants",
    });
    expect((await restrict(id, { member: "poster_pia", kind: "no_posting", until: "2020-01-01" })).body.fields).toEqual({
      until: "is in the past",
    });
    expect(Object.keys((await restrict(id, { member: "poster_pia", kind: "silence", until: MONTH_AHEAD })).body.fields)).toEqual(["kind"]);
    expect(Object.keys((await restrict(id, { member: "poster_pia", kind: "no_posting", until: "soon" })).body.fields)).toEqual(["until"]);
    expect((await restrict(id, { member: "poster_pia", kind: "no_posting", until: dayFromNow(400) })).body.fields).toEqual({
      until: "use at most 366 days from now",
    });

    // A restriction a second and a half long: refused now, allowed again once it has run out.
    const soon = new Date(Date.now() + 1_500).toISOString();
    const limited = await restrict(id, { member: "poster_pia", kind: "no_posting", until: soon });
    expect(limited.status).toBe(201);
    expect(limited.body.restrictions).toEqual([expect.objectContaining({ member: "poster_pia", kind: "no_posting", active: true })]);
    const refused = await newPost(poster, "Spare drill");
    expect(refused.status).toBe(403);
    expect(refused.body.error).toContain("may not post offers or requests until");
    expect((await newPost(other, "Spare saw")).status).toBe(201);
    await eventually(async () => (await newPost(poster, "Spare drill")).status === 201);

    const again = await restrict(id, { member: "poster_pia", kind: "no_posting", until: MONTH_AHEAD });
    expect((await newPost(poster, "Spare hammer")).status).toBe(403);
    const told = ((await api(instance, "GET", "/notifications", { as: poster })).body.items as { kind: string; text: string }[])
      .filter((n) => n.kind === "case_limit")
      .map((n) => n.text);
    // The moment is written as the reader's language writes it, in their zone (here the network's).
    const networkZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const monthAhead = new Date(`${MONTH_AHEAD}T00:00:00Z`);
    const inEnglish = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: networkZone }).format(monthAhead);
    expect(told).toContain(`Under an agreement with the safety team, until ${inEnglish} you may not post offers or requests.`);
    await updateMember(instance.database.db, poster.id, { language: "fr", timeZone: "America/Mexico_City" });
    const toldInFrench = ((await api(instance, "GET", "/notifications", { as: poster })).body.items as { kind: string; text: string }[])
      .filter((n) => n.kind === "case_limit")
      .map((n) => n.text);
    const inFrench = new Intl.DateTimeFormat("fr", { dateStyle: "medium", timeStyle: "short", timeZone: "America/Mexico_City" }).format(
      monthAhead,
    );
    expect(toldInFrench).toContain(
      `Selon un accord avec l’équipe de sécurité, jusqu’au ${inFrench}, vous ne pouvez pas publier d’offres ni de demandes.`,
    );
    expect(toldInFrench.join(" ")).not.toMatch(/UTC|\d{4}-\d{2}-\d{2}/);
    await updateMember(instance.database.db, poster.id, { language: null, timeZone: null });
    const restriction = again.body.restrictions.find((r: { active: boolean }) => r.active);
    const seen = await api(instance, "GET", `/cases/${id}`, { as: poster });
    expect(seen.body.restrictions.filter((r: { active: boolean }) => r.active)).toEqual([
      expect.objectContaining({ kind: "no_posting", until: `${MONTH_AHEAD}T00:00:00.000Z` }),
    ]);
    expect((await api(instance, "DELETE", `/cases/${id}/restrictions/${restriction.id}`, { as: poster })).status).toBe(403);
    expect((await api(instance, "DELETE", `/cases/${id}/restrictions/${restriction.id}`, { as: coordinator })).status).toBe(204);
    expect((await newPost(poster, "Spare hammer")).status).toBe(201);
  });

  it("stops a no-handovers participant being given a handover, and a coordinated-matches one from claiming", async () => {
    const volunteer = await makePerson(instance, "volunteer_vic", "member");
    const requester = await makePerson(instance, "requester_rhea", "member");
    const offerer = await makePerson(instance, "offerer_olaf", "member");
    await approveVolunteer(instance, volunteer, coordinator);
    const id = (await openCase(coordinator, { title: "Handover went wrong", participants: ["volunteer_vic", "requester_rhea"] })).body.id;
    expect((await restrict(id, { member: "volunteer_vic", kind: "no_handovers", until: MONTH_AHEAD })).status).toBe(201);
    expect((await restrict(id, { member: "requester_rhea", kind: "coordinated_matches_only", until: MONTH_AHEAD })).status).toBe(201);

    const request = (
      await api(instance, "POST", "/posts", {
        as: requester,
        body: { kind: "request", category: "meals", title: "Soup for two", area: "East side", quantity: 1 },
      })
    ).body.id;
    const offer = (
      await api(instance, "POST", "/posts", {
        as: offerer,
        body: { kind: "offer", category: "meals", title: "Pot of soup", area: "East side", quantity: 4 },
      })
    ).body.id;
    const match = await api(instance, "POST", "/matches", { as: coordinator, body: { request, offer, quantity: 1 } });
    expect(match.status).toBe(201);
    const patch = (as: Person, body: unknown) => api(instance, "PATCH", `/matches/${match.body.id}`, { as, body });
    // Accepting a match a coordinator made is still allowed under "coordinated matches only".
    expect((await patch(requester, { status: "accepted" })).status).toBe(200);
    const start = new Date(Date.now() + 3 * 86_400_000);
    const window = { windowStart: start.toISOString(), windowEnd: new Date(start.getTime() + 3_600_000).toISOString() };
    expect((await patch(coordinator, { method: "pickup", ...window })).status).toBe(200);
    const given = await patch(coordinator, { volunteer: "volunteer_vic" });
    expect(given.status).toBe(422);
    expect(given.body.fields.volunteer).toContain("cannot take on handovers");

    expect((await admin.web.post("/settings", { name: "eastside", summary: "", peerToPeerClaims: "on" })).status).toBe(303);
    try {
      const claim = await api(instance, "POST", "/matches", { as: requester, body: { request, offer, quantity: 1 } });
      expect(claim.status).toBe(403);
      expect(claim.body.error).toContain("make matches yourself");
    } finally {
      await admin.web.post("/settings", { name: "eastside", summary: "" });
    }
  });

  it("runs a case on the web without JavaScript, from a report to its close; the participant never sees its notes", async () => {
    const member = await makePerson(instance, "member_mila", "member");
    const reporter = await makePerson(instance, "reporter_rita", "member");
    const bystander = await makePerson(instance, "bystander_ben", "member");
    const report = await api(instance, "POST", "/reports", {
      as: reporter,
      body: { subject: { type: "member", id: "member_mila" }, reason: "unsafe" },
    });
    const reportPage = await coordinator.web.page(`/safety/${report.body.id}`);
    expect(reportPage.html).toContain(`/safety/cases?report=${report.body.id}`);
    const form = await coordinator.web.page(`/safety/cases?report=${report.body.id}`);
    expect(form.html).toContain(`value="${report.body.id}"`);

    const refused = await coordinator.web.post("/safety/cases", { title: "Mila", participants: "nobody_at_all", reports: report.body.id });
    expect(refused.status).toBe(422);
    expect(visibleText(await refused.text())).toContain("there is no member called nobody_at_all");
    const opened = await coordinator.web.post("/safety/cases", {
      title: "Unsafe at a handover",
      participants: "@member_mila",
      reports: report.body.id,
      note: "Rita was frightened.",
    });
    expect(opened.status).toBe(303);
    const casePath = opened.headers.get("location")!;
    expect(
      (await coordinator.web.post(casePath, { change: "step", stepText: "Mila meets the mediator", dueDate: dayFromNow(7) })).status,
    ).toBe(303);
    expect(
      (await coordinator.web.post(`${casePath}/restrictions`, { member: "member_mila", kind: "no_handovers", until: MONTH_AHEAD })).status,
    ).toBe(303);
    const badLimit = await coordinator.web.post(`${casePath}/restrictions`, {
      member: "member_mila",
      kind: "no_handovers",
      until: "2001-01-01",
    });
    expect(badLimit.status).toBe(422);

    const teamView = visibleText((await coordinator.web.page(casePath)).html);
    expect(teamView).toContain("Rita was frightened.");
    expect(teamView).toContain("may not take on handovers");
    const participantView = visibleText((await member.web.page(casePath)).html);
    expect(participantView).toContain("Mila meets the mediator");
    expect(participantView).toContain("may not take on handovers");
    for (const hidden of ["Rita was frightened", "reporter_rita", "Unsafe at a handover", "Private notes"])
      expect(participantView).not.toContain(hidden);
    expect(visibleText((await member.web.page("/my/cases")).html)).toContain("Case of");
    expect((await bystander.web.get(casePath)).status).toBe(404);

    expect((await coordinator.web.post(casePath, { change: "close", summary: "" })).status).toBe(422);
    expect(
      (await coordinator.web.post(casePath, { change: "close", summary: "Mila apologised; handovers again next month." })).status,
    ).toBe(303);
    expect(visibleText((await member.web.page(casePath)).html)).toContain("Mila apologised");
  });
});
