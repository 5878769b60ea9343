import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RATE_LIMITS } from "../src/limits/rate-limiter.ts";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { makePerson, type Person } from "./support/people.ts";
import { publishRequest } from "./support/posts.ts";
import { visibleText, WebClient } from "./support/web-client.ts";

let instance: TestInstance;
let coordinator: Person;

// Behind one trusted proxy, so that each visitor reports from an address of its own.
beforeAll(async () => {
  instance = await startTestInstance("eastside", { TRUST_PROXY: "1" });
  await instance.services.areas.add("East side");
  coordinator = await makePerson(instance, "coord_wen", "coordinator");
});
afterAll(() => instance?.destroy());

const visitor = (address: string, language = "en") =>
  new WebClient(instance.url, { "accept-language": language, "x-forwarded-for": address });

/** The href of the "Report" link on a page. */
function reportHref(html: string): string {
  const match = /<a class="report-link" href="([^"]+)"/.exec(html);
  if (match === null) throw new Error("no Report link on the page");
  return match[1]!.replaceAll("&amp;", "&");
}

describe(`reports on the web (${testDriver})`, () => {
  it("a member reports a post from its page without JavaScript; the team resolves it; the member sees it handled, not how", async () => {
    const author = await makePerson(instance, "author_lou", "member");
    const reporter = await makePerson(instance, "reporter_kim", "member");
    const postId = await publishRequest(instance, author, "Selling donated formula", "East side");

    const post = await reporter.web.page(`/posts/${postId}`);
    const href = reportHref(post.html);
    expect(href).toBe(`/report?type=post&id=${postId}`);
    // The author is not offered to report their own post.
    expect((await author.web.page(`/posts/${postId}`)).html).not.toContain('class="report-link"');

    const form = await reporter.web.page(href);
    expect(visibleText(form.html)).toContain("Report to the safety team");
    const sent = await reporter.web.post("/report", { type: "post", id: postId, reason: "scam", text: "Donations are being sold on." });
    expect(sent.status).toBe(200);
    expect(visibleText(await sent.text())).toContain("Report sent");

    const waiting = visibleText((await reporter.web.page("/my/reports")).html);
    expect(waiting).toContain("Waiting for the safety team");

    const team = await coordinator.web.page("/safety");
    expect(visibleText(team.html)).toContain("reporter_kim");
    const reportId = /href="\/safety\/([0-9a-f-]{36})"/.exec(team.html)![1]!;
    const detail = visibleText((await coordinator.web.page(`/safety/${reportId}`)).html);
    expect(detail).toContain("Donations are being sold on.");

    const noOutcome = await coordinator.web.post(`/safety/${reportId}`, { change: "resolve", outcome: "" });
    expect(noOutcome.status).toBe(422);
    expect(visibleText(await noOutcome.text())).toContain("say what was done to resolve the report");
    expect((await coordinator.web.post(`/safety/${reportId}`, { change: "note", note: "Spoke with the author." })).status).toBe(303);
    expect((await coordinator.web.post(`/safety/${reportId}`, { change: "resolve", outcome: "member_warned" })).status).toBe(303);

    const handled = visibleText((await reporter.web.page("/my/reports")).html);
    expect(handled).toContain("Handled by the safety team");
    expect(handled).not.toContain("Member warned");
    expect(handled).not.toContain("Spoke with the author.");

    // The log, which every member reads, says a report was resolved and never who made it.
    const log = visibleText((await author.web.page("/log")).html);
    expect(log).toContain("resolved a report about a post");
    expect(log).not.toContain("reporter_kim");
  });

  it("only the safety team opens the safety pages", async () => {
    const member = await makePerson(instance, "curious_cal", "member");
    expect((await member.web.get("/safety")).status).toBe(403);
    expect((await visitor("192.0.2.50").get("/my/reports")).status).toBe(303);
  });

  it("a visitor reports a public post in Spanish, is told what is missing, and is stopped after a few reports", async () => {
    const author = await makePerson(instance, "author_mar", "member");
    const postId = await publishRequest(instance, author, "Send money for a free fridge", "East side");
    const browser = visitor("198.51.100.77", "es");

    const page = await browser.page(`/posts/${postId}`);
    expect(visibleText(page.html)).toContain("Denunciar");
    const form = await browser.page(reportHref(page.html));
    expect(visibleText(form.html)).toContain("Avisar al equipo de seguridad");

    const missing = await browser.post("/report", { type: "post", id: postId, reason: "" });
    expect(missing.status).toBe(422);
    // The form comes back with the reason marked, and nothing was filed (or counted against the visitor).
    expect(await missing.text()).toMatch(/<select[^>]*name="reason"[^>]*aria-invalid="true"/);

    for (let i = 0; i < DEFAULT_RATE_LIMITS.reportsPerAddress.max; i++) {
      expect((await browser.post("/report", { type: "post", id: postId, reason: "scam" })).status).toBe(200);
    }
    const flooded = await browser.post("/report", { type: "post", id: postId, reason: "scam" });
    expect(flooded.status).toBe(429);
    expect(visibleText(await flooded.text())).toContain("Demasiados intentos");
  });
});
