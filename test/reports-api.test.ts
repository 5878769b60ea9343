import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RATE_LIMITS } from "../src/limits/rate-limiter.ts";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { publishRequest } from "./support/posts.ts";
import { visibleText } from "./support/web-client.ts";

let instance: TestInstance;
let coordinator: Person;

// Behind one trusted proxy, so that each public test reports from an address of its own.
beforeAll(async () => {
  instance = await startTestInstance("eastside", { TRUST_PROXY: "1" });
  await instance.services.areas.add("East side");
  coordinator = await makePerson(instance, "coord_safi", "coordinator");
});
afterAll(() => instance?.destroy());

async function publicReport(address: string, body: unknown) {
  const response = await fetch(`${instance.url}/api/reports`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe(`reports through the API (${testDriver})`, () => {
  it("a member's report reaches the safety team, and the reported author cannot read it", async () => {
    const author = await makePerson(instance, "author_ana", "member");
    const reporter = await makePerson(instance, "reporter_rui", "member");
    const postId = await publishRequest(instance, author, "Suspicious offer of cash", "East side");

    const created = await api(instance, "POST", "/reports", {
      as: reporter,
      body: { subject: { type: "post", id: postId }, reason: "scam", text: "Asks for bank details up front." },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ subject: { type: "post", id: postId }, reason: "scam", status: "open", source: "member" });
    expect(created.body).not.toHaveProperty("reporter");

    const team = await api(instance, "GET", "/reports?status=open", { as: coordinator });
    expect(team.status).toBe(200);
    const seen = team.body.find((r: { id: string }) => r.id === created.body.id);
    expect(seen).toMatchObject({ reason: "scam", source: "member", reporter: "reporter_rui", assignee: null, outcome: null });

    const mine = await api(instance, "GET", "/reports", { as: reporter });
    expect(mine.body.map((r: { id: string }) => r.id)).toEqual([created.body.id]);

    // The reported author sees no report at all, not even that one exists.
    expect((await api(instance, "GET", "/reports", { as: author })).body).toEqual([]);
    const probe = await api(instance, "GET", `/reports/${created.body.id}`, { as: author });
    expect(probe.status).toBe(404);
    expect(JSON.stringify(probe.body)).not.toContain("reporter_rui");
  });

  it("names each bad field, and says not found for what the reporter cannot see", async () => {
    const reporter = await makePerson(instance, "reporter_bea", "member");
    const malformed = await api(instance, "POST", "/reports", {
      as: reporter,
      body: { subject: { type: "planet", id: "" }, reason: "boredom" },
    });
    expect(malformed.status).toBe(400);
    expect(Object.keys(malformed.body.fields).sort()).toEqual(["reason", "subject.id", "subject.type"]);

    const unknown = await api(instance, "POST", "/reports", {
      as: reporter,
      body: { subject: { type: "post", id: "00000000-0000-4000-8000-000000000000" }, reason: "spam" },
    });
    expect(unknown.status).toBe(404);
    const unknownMember = await api(instance, "POST", "/reports", {
      as: reporter,
      body: { subject: { type: "member", id: "nobody_here" }, reason: "harassment" },
    });
    expect(unknownMember.status).toBe(404);
    // A match one is no part of is as unknown as one that does not exist.
    const match = await api(instance, "POST", "/reports", {
      as: reporter,
      body: { subject: { type: "match", id: "00000000-0000-4000-8000-000000000000" }, reason: "unsafe" },
    });
    expect(match.status).toBe(404);

    const byUsername = await api(instance, "POST", "/reports", {
      as: reporter,
      body: { subject: { type: "member", id: "coord_safi" }, reason: "harassment", text: "Rude on the phone." },
    });
    expect(byUsername.status).toBe(201);
    expect(byUsername.body.subject).toEqual({ type: "member", id: coordinator.id });
  });

  it("the team assigns, notes and resolves; the reporter learns only that it was handled, and the log never names them", async () => {
    const author = await makePerson(instance, "author_ivo", "member");
    const reporter = await makePerson(instance, "reporter_zoe", "member");
    const postId = await publishRequest(instance, author, "Need a lift, message me privately", "East side");
    const report = await api(instance, "POST", "/reports", {
      as: reporter,
      body: { subject: { type: "post", id: postId }, reason: "unsafe" },
    });

    const byMember = await api(instance, "PATCH", `/reports/${report.body.id}`, { as: author, body: { outcome: "no_action" } });
    expect(byMember.status).toBe(403);

    const badAssignee = await api(instance, "PATCH", `/reports/${report.body.id}`, { as: coordinator, body: { assignee: "author_ivo" } });
    expect(badAssignee.status).toBe(422);
    expect(badAssignee.body.fields).toEqual({ assignee: "name a coordinator (the safety team)" });
    const noOutcome = await api(instance, "PATCH", `/reports/${report.body.id}`, { as: coordinator, body: { status: "resolved" } });
    expect(noOutcome.status).toBe(422);
    expect(Object.keys(noOutcome.body.fields)).toEqual(["outcome"]);

    const assigned = await api(instance, "PATCH", `/reports/${report.body.id}`, {
      as: coordinator,
      body: { assignee: "coord_safi", note: "Called the author; they will reword it." },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({
      assignee: "coord_safi",
      status: "open",
      notes: [{ author: "coord_safi", text: "Called the author; they will reword it." }],
    });

    const resolved = await api(instance, "PATCH", `/reports/${report.body.id}`, { as: coordinator, body: { outcome: "member_warned" } });
    expect(resolved.body).toMatchObject({ status: "resolved", outcome: "member_warned", resolvedAt: expect.any(String) });

    const told = await api(instance, "GET", `/reports/${report.body.id}`, { as: reporter });
    expect(told.body.status).toBe("resolved");
    expect(told.body).not.toHaveProperty("outcome");
    expect(told.body).not.toHaveProperty("notes");
    expect(told.body).not.toHaveProperty("assignee");

    const log = await instance.services.log.list(await instance.services.members.getByUsername("coord_safi"));
    const reportEntries = log.filter((e) => e.action.startsWith("report_"));
    expect(reportEntries.map((e) => e.action)).toEqual(expect.arrayContaining(["report_assigned", "report_resolved"]));
    expect(JSON.stringify(log)).not.toContain("reporter_zoe");
    expect(JSON.stringify(log)).not.toContain(reporter.id);
    expect(reportEntries.find((e) => e.action === "report_resolved")!.detail).toBe("a report about a post; outcome: member_warned");

    const forward = await api(instance, "PATCH", `/reports/${report.body.id}`, { as: coordinator, body: { forward: true } });
    expect(forward.status).toBe(422);
  });

  it("the public reports public posts only, a few times an hour per address", async () => {
    const author = await makePerson(instance, "author_pia", "member");
    const publicPost = await publishRequest(instance, author, "Free puppies, send a deposit", "East side");
    const membersOnly = await api(instance, "POST", "/posts", {
      as: author,
      body: { kind: "offer", category: "food", title: "Soup for members", area: "East side", visibility: "members" },
    });

    const report = await publicReport("203.0.113.7", { subject: { type: "post", id: publicPost }, reason: "scam" });
    expect(report.status).toBe(201);
    expect(report.body.source).toBe("public");
    const team = await api(instance, "GET", `/reports/${report.body.id}`, { as: coordinator });
    expect(team.body).toMatchObject({ source: "public", reporter: null });

    const hidden = await publicReport("203.0.113.8", { subject: { type: "post", id: membersOnly.body.id }, reason: "spam" });
    expect(hidden.status).toBe(404);
    const member = await publicReport("203.0.113.8", { subject: { type: "member", id: "author_pia" }, reason: "spam" });
    expect(member.status).toBe(422);
    expect(Object.keys(member.body.fields)).toEqual(["subject.type"]);

    const max = DEFAULT_RATE_LIMITS.reportsPerAddress.max;
    for (let i = 1; i < max; i++) {
      expect((await publicReport("203.0.113.7", { subject: { type: "post", id: publicPost }, reason: "scam" })).status).toBe(201);
    }
    const flooded = await publicReport("203.0.113.7", { subject: { type: "post", id: publicPost }, reason: "scam" });
    expect(flooded.status).toBe(429);
    expect(flooded.body.limit).toBe("reports_per_address");
    expect((await publicReport("203.0.113.9", { subject: { type: "post", id: publicPost }, reason: "scam" })).status).toBe(201);
  });

  it("tells the safety team of a new report without naming the reporter, and the reporter only that it was handled", async () => {
    const author = await makePerson(instance, "author_nils", "member");
    const reporter = await makePerson(instance, "reporter_nora", "member");
    const otherCoordinator = await makePerson(instance, "coord_otto", "coordinator");
    const postId = await publishRequest(instance, author, "Lend me your bank card", "East side");
    const notices = async (person: Person) =>
      (await api(instance, "GET", "/notifications", { as: person })).body.items as { kind: string; text: string; url: string }[];

    const created = await api(instance, "POST", "/reports", {
      as: reporter,
      body: { subject: { type: "post", id: postId }, reason: "scam", text: "Wants card and PIN." },
    });
    expect(created.status).toBe(201);
    const told = (await notices(otherCoordinator)).find((n) => n.url.endsWith(`/safety/${created.body.id}`));
    expect(told).toMatchObject({ kind: "new_report", text: "A new report for the safety team: A post · Scam or fraud." });
    expect(JSON.stringify(await notices(otherCoordinator))).not.toContain("reporter_nora");
    expect((await notices(author)).map((n) => n.kind)).not.toContain("new_report");
    expect((await notices(reporter)).map((n) => n.kind)).not.toContain("new_report");

    const noted = await api(instance, "PATCH", `/reports/${created.body.id}`, { as: coordinator, body: { note: "Called the author." } });
    expect(noted.status).toBe(200);
    expect((await notices(reporter)).map((n) => n.kind)).not.toContain("report_resolved");
    const resolved = await api(instance, "PATCH", `/reports/${created.body.id}`, { as: coordinator, body: { outcome: "member_warned" } });
    expect(resolved.status).toBe(200);
    const handled = (await notices(reporter)).filter((n) => n.kind === "report_resolved");
    expect(handled).toEqual([
      expect.objectContaining({
        text: "The safety team has handled your report. Thank you for telling us.",
        url: expect.stringMatching(/\/my\/reports$/),
      }),
    ]);
    expect(JSON.stringify(handled)).not.toMatch(/warned|coord_safi|Called the author/);
    expect((await notices(author)).map((n) => n.kind)).not.toContain("report_resolved");
  });

  it("lets the team choose to say more to the reporter, who sees those words and nothing else of the handling", async () => {
    const author = await makePerson(instance, "author_odo", "member");
    const reporter = await makePerson(instance, "reporter_pia", "member");
    const postId = await publishRequest(instance, author, "Cheap phones, DM me", "East side");
    const created = await api(instance, "POST", "/reports", {
      as: reporter,
      body: { subject: { type: "post", id: postId }, reason: "spam" },
    });
    const empty = await api(instance, "PATCH", `/reports/${created.body.id}`, { as: coordinator, body: { messageToReporter: " " } });
    expect(empty.status).toBe(400);
    expect(empty.body.fields).toHaveProperty("messageToReporter");

    // On the report's page, as the team does it.
    const page = await coordinator.web.post(`/safety/${created.body.id}`, {
      change: "message",
      messageToReporter: "Thanks, we took the post down\nand spoke with its author.",
    });
    expect(page.status).toBe(303);
    await api(instance, "PATCH", `/reports/${created.body.id}`, {
      as: coordinator,
      body: { note: "Second warning.", outcome: "post_hidden" },
    });

    const notices = (await api(instance, "GET", "/notifications", { as: reporter })).body.items as { kind: string; text: string }[];
    expect(notices.map((n) => n.kind)).toEqual(expect.arrayContaining(["report_message", "report_resolved"]));
    const mine = await api(instance, "GET", `/reports/${created.body.id}`, { as: reporter });
    expect(mine.body).toMatchObject({ status: "resolved", messageFromTeam: "Thanks, we took the post down\nand spoke with its author." });
    expect(JSON.stringify(mine.body)).not.toMatch(/post_hidden|Second warning|coord_safi/);
    const myPage = visibleText((await reporter.web.page("/my/reports")).html);
    expect(myPage).toContain("The safety team wrote: Thanks, we took the post down");
    // The reported author hears nothing of it.
    const authorNotices = (await api(instance, "GET", "/notifications", { as: author })).body.items as { kind: string }[];
    expect(authorNotices.map((n) => n.kind)).not.toContain("report_message");
  });
});
