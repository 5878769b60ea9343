import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { makePerson, type Person } from "./support/people.ts";
import { visibleText, WebClient } from "./support/web-client.ts";

let instance: TestInstance;
let coordinator: Person;
let admin: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  admin = await makePerson(instance, "admin_abebe", "admin");
  coordinator = await makePerson(instance, "coord_carmen", "coordinator");
});
afterAll(() => instance?.destroy());

const browser = () => new WebClient(instance.url, { "accept-language": "en" });

describe(`accounts on the web (${testDriver})`, () => {
  it("lets someone ask to join, waits for a coordinator, then lets them sign in", async () => {
    const newcomer = browser();
    const asked = await newcomer.post("/join", {
      username: "newcomer_nadia",
      displayName: "Nadia",
      password: "long enough pw",
      message: "I live by the river and can cook.",
    });
    expect(asked.status).toBe(200);
    expect(visibleText(await asked.text())).toContain("A coordinator will look at your request");

    const early = await newcomer.post("/sign-in", { username: "newcomer_nadia", password: "long enough pw" });
    expect(early.status).toBe(403);
    expect(visibleText(await early.text())).toContain("waiting for a coordinator");

    const members = visibleText((await coordinator.web.page("/members")).html);
    expect(members).toContain("I live by the river and can cook.");
    const nadia = await instance.services.members.getByUsername("newcomer_nadia");
    const approved = await coordinator.web.post(`/members/${nadia.id}/status`, { status: "active" });
    expect(approved.status).toBe(303);

    const signedIn = await newcomer.post("/sign-in", { username: "newcomer_nadia", password: "long enough pw", next: "/my/posts" });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("location")).toBe("/my/posts");
    expect(visibleText((await newcomer.page("/my/posts")).html)).toContain("Account (newcomer_nadia)");
    expect(visibleText((await newcomer.page("/log")).html)).toContain("let newcomer_nadia in");
  });

  it("refuses a wrong password without saying whether the user exists, and never redirects off-site", async () => {
    const stranger = browser();
    const wrong = await stranger.post("/sign-in", { username: "coord_carmen", password: "wrong password" });
    const unknown = await stranger.post("/sign-in", { username: "nobody_here", password: "wrong password" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(visibleText(await wrong.text())).toContain("That username and password do not match.");
    expect(visibleText(await unknown.text())).toContain("That username and password do not match.");
    const offsite = await stranger.post("/sign-in", {
      username: "coord_carmen",
      password: "coord_carmen-secret-pw",
      next: "//evil.example/steal",
    });
    expect(offsite.headers.get("location")).toBe("/");
  });

  it("sends someone who signs in only to a path on this site, however the next address is written", async () => {
    const offsite = [
      "//evil.example",
      "/.//evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "/./\\evil.example",
      "https://evil.example/x",
      "/\t/evil.example",
      "/../..//evil.example",
      "%2F%2Fevil.example",
    ];
    for (const next of offsite) {
      const signedIn = await browser().post("/sign-in", { username: "coord_carmen", password: "coord_carmen-secret-pw", next });
      expect(signedIn.status, next).toBe(303);
      expect(signedIn.headers.get("location"), next).toBe("/");
    }
    // Encoded slashes stay a path here; a browser does not read them as a host.
    const encoded = await browser().post("/sign-in", {
      username: "coord_carmen",
      password: "coord_carmen-secret-pw",
      next: "/%2F%2Fevil.example?x=1",
    });
    expect(encoded.headers.get("location")).toBe("/%2F%2Fevil.example?x=1");
    const local = await browser().post("/sign-in", {
      username: "coord_carmen",
      password: "coord_carmen-secret-pw",
      next: "/posts/./new?kind=offer",
    });
    expect(local.headers.get("location")).toBe("/posts/new?kind=offer");
  });

  it("makes single-use invitation links with a role", async () => {
    const made = await coordinator.web.post("/members/invites", { role: "coordinator" });
    expect(made.status).toBe(200);
    const madeHtml = await made.text();
    const link = /<code>(http[^<]+)<\/code>/.exec(madeHtml)![1]!;
    const path = new URL(link).pathname;
    const invited = browser();
    expect(visibleText((await invited.page(path)).html)).toContain("Coordinator");
    const joined = await invited.post(path, { username: "invited_ivan", password: "invited pw 123" });
    expect(joined.status).toBe(303);
    expect((await instance.services.members.getByUsername("invited_ivan")).role).toBe("coordinator");

    const again = await browser().post(path, { username: "second_sam", password: "invited pw 123" });
    expect(again.status).toBe(409);
    expect(visibleText(await again.text())).toContain("already been used");

    // A coordinator cannot invite an admin.
    const adminInvite = await coordinator.web.post("/members/invites", { role: "admin" });
    expect(adminInvite.status).toBe(403);
    expect(visibleText(await adminInvite.text())).toContain("Only admins can invite admins.");
  });

  it("shows form errors next to the fields and keeps what was typed", async () => {
    const response = await browser().post("/join", { username: "Bad Name!", displayName: "Keep Me", password: "short" });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('id="username-error"');
    expect(html).toContain('aria-describedby="username-hint username-error"');
    expect(html).toContain('id="password-error"');
    expect(html).toContain('value="Keep Me"');
    expect(html).toContain('value="Bad Name!"');
  });

  it("suspends a member at once and signs them out everywhere", async () => {
    const member = await makePerson(instance, "to_suspend", "member");
    expect((await member.web.get("/my/posts")).status).toBe(200);
    await coordinator.web.post(`/members/${member.id}/status`, { status: "suspended" });
    const after = await member.web.get("/my/posts");
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toContain("/sign-in");
    const api = await fetch(`${instance.url}/api/me`, { headers: { authorization: `Bearer ${member.token}` } });
    expect(api.status).toBe(401);
    // A coordinator may not touch an admin, nor themself.
    expect((await coordinator.web.post(`/members/${admin.id}/status`, { status: "suspended" })).status).toBe(403);
    expect((await coordinator.web.post(`/members/${coordinator.id}/role`, { role: "member" })).status).toBe(403);
  });

  it("changes a password, which signs out the other sessions", async () => {
    const member = await makePerson(instance, "changer_chi", "member");
    const otherDevice = browser();
    await otherDevice.post("/sign-in", { username: "changer_chi", password: "changer_chi-secret-pw" });
    expect((await otherDevice.get("/account")).status).toBe(200);

    const wrong = await member.web.post("/account/password", { currentPassword: "nope", newPassword: "a new password" });
    expect(wrong.status).toBe(422);
    expect(visibleText(await wrong.text())).toContain("is not your current password");
    const changed = await member.web.post("/account/password", {
      currentPassword: "changer_chi-secret-pw",
      newPassword: "a new password",
    });
    expect(changed.headers.get("location")).toBe("/account?changed=1");
    expect((await member.web.get("/account")).status).toBe(200);
    expect((await otherDevice.get("/account")).status).toBe(303);
    // A plain change keeps the member's API tokens: they still hold them.
    const api = await fetch(`${instance.url}/api/me`, { headers: { authorization: `Bearer ${member.token}` } });
    expect(api.status).toBe(200);

    await member.web.post("/sign-out", {});
    expect((await member.web.get("/account")).status).toBe(303);
  });

  it("lets only the newest set-password link work, and ends it when the password changes", async () => {
    const member = await makePerson(instance, "linked_lena", "member");
    const lena = await instance.services.members.getByUsername("linked_lena");
    const linkPath = async () => (await instance.services.accounts.createSetPasswordLink(lena)).url.pathname;
    const attacker = browser();

    // An old link (say, from `member add`, read by someone else) after a newer one was issued and used.
    const old = await linkPath();
    const newer = await linkPath();
    expect((await attacker.get(old)).status).toBe(404);
    expect((await member.web.post(newer, { password: "lena's own password" })).status).toBe(303);
    const replayed = await attacker.post(old, { password: "attacker password" });
    expect(visibleText(await replayed.text())).toContain("This link is no longer valid");
    expect((await attacker.post("/sign-in", { username: "linked_lena", password: "attacker password" })).status).toBe(401);

    // A link issued before a password change dies with the change.
    const beforeChange = await linkPath();
    const changed = await member.web.post("/account/password", {
      currentPassword: "lena's own password",
      newPassword: "lena's next password",
    });
    expect(changed.status).toBe(303);
    expect((await attacker.post(beforeChange, { password: "attacker password" })).status).not.toBe(303);
    expect((await attacker.get("/account")).status).toBe(303);
    const signedIn = await browser().post("/sign-in", { username: "linked_lena", password: "lena's next password" });
    expect(signedIn.status).toBe(303);
  });

  it("ends every session and API token when a password is reset through a link, and says so", async () => {
    const member = await makePerson(instance, "reset_rui", "member");
    const otherDevice = browser();
    await otherDevice.post("/sign-in", { username: "reset_rui", password: "reset_rui-secret-pw" });
    expect((await otherDevice.get("/account")).status).toBe(200);

    const link = await instance.services.accounts.createSetPasswordLink(await instance.services.members.getByUsername("reset_rui"));
    const resetter = browser();
    const reset = await resetter.post(link.url.pathname, { password: "a fresh password" });
    expect(reset.status).toBe(303);
    expect(reset.headers.get("location")).toBe("/account?reset=1");
    const page = visibleText((await resetter.page("/account?reset=1")).html);
    expect(page).toContain("Every other sign-in has been ended and your API tokens have been revoked");

    expect((await member.web.get("/account")).status).toBe(303);
    expect((await otherDevice.get("/account")).status).toBe(303);
    const api = await fetch(`${instance.url}/api/me`, { headers: { authorization: `Bearer ${member.token}` } });
    expect(api.status).toBe(401);
    expect((await resetter.get("/account")).status).toBe(200);
  });

  it("pages the members list with requests to join first, and lets a coordinator decline them in bulk", async () => {
    const flood = Array.from({ length: 52 }, (_, i) => `flood_${String(i).padStart(2, "0")}`);
    for (const username of flood) {
      await instance.services.accounts.requestToJoin(
        { username, password: "flood password", message: "x".repeat(1000) },
        `flood ${username}`,
      );
    }
    const first = await coordinator.web.page("/members");
    expect(first.status).toBe(200);
    const firstText = visibleText(first.html);
    expect(firstText).toMatch(/Waiting to join \(\d+\)/);
    expect(firstText).toContain("@flood_00");
    expect(firstText).not.toContain("@flood_51");
    // Fifty a page, the waiting ones first: nobody already in is on page 1.
    expect(firstText).not.toContain("admin_abebe");
    expect(first.html).toContain('href="/members?page=2"');
    expect(first.html.length).toBeLessThan(200_000);
    expect(visibleText((await coordinator.web.page("/members?page=2")).html)).toContain("@flood_51");
    expect((await coordinator.web.get("/members?page=abc")).status).toBe(400);

    // A member is no coordinator.
    const member = await makePerson(instance, "bulk_bystander", "member");
    expect((await member.web.post("/members/join-requests/decline", { olderThanDays: "0", confirm: "on" })).status).toBe(403);

    const ids = await Promise.all(["flood_00", "flood_01"].map(async (u) => (await instance.services.members.getByUsername(u)).id));
    const selected = await coordinator.web.post(
      "/members/join-requests/decline",
      ids.map((id): [string, string] => ["id", id]),
    );
    expect(selected.status).toBe(303);
    expect(selected.headers.get("location")).toBe("/members?declined=2");
    expect(visibleText((await coordinator.web.page("/members?declined=2")).html)).toContain("Declined 2 requests to join.");
    await expect(instance.services.members.getByUsername("flood_00")).rejects.toThrow();
    await expect(instance.services.members.getByUsername("flood_02")).resolves.toMatchObject({ status: "pending" });

    const unconfirmed = await coordinator.web.post("/members/join-requests/decline", { olderThanDays: "0" });
    expect(unconfirmed.status).toBe(400);
    await expect(instance.services.members.getByUsername("flood_02")).resolves.toMatchObject({ status: "pending" });
    // Requests made in the last day stay when only older ones are declined.
    const older = await coordinator.web.post("/members/join-requests/decline", { olderThanDays: "1", confirm: "on" });
    expect(older.headers.get("location")).toBe("/members?declined=0");

    const all = await coordinator.web.post("/members/join-requests/decline", { olderThanDays: "0", confirm: "on" });
    expect(all.status).toBe(303);
    for (const username of ["flood_02", "flood_51"]) await expect(instance.services.members.getByUsername(username)).rejects.toThrow();
    // Only requests to join are declined: members already let in stay.
    await expect(instance.services.members.getByUsername("bulk_bystander")).resolves.toMatchObject({ status: "active" });
    expect(visibleText((await coordinator.web.page("/members")).html)).not.toContain("Waiting to join");
    const log = visibleText((await member.web.page("/log")).html);
    expect(log).toContain("declined 2 requests to join");
    expect(log).toMatch(/declined 50 requests to join/);
  });

  it("refuses a form posted from another site", async () => {
    const response = await fetch(`${instance.url}/sign-in`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "username=coord_carmen&password=x",
      redirect: "manual",
    });
    expect(response.status).toBe(403);
  });

  it("lets only admins change the network's details and areas, and logs it", async () => {
    expect((await coordinator.web.get("/settings")).status).toBe(403);
    const saved = await admin.web.post("/settings", { name: "Eastside Mutual Aid", summary: "Neighbours on the east bank." });
    expect(saved.status).toBe(303);
    expect(visibleText((await browser().page("/")).html)).toContain("Eastside Mutual Aid");
    const actor = await (await fetch(`${instance.url}/actors/eastside`, { headers: { accept: "application/activity+json" } })).json();
    expect(actor.name).toBe("Eastside Mutual Aid");

    const duplicate = await admin.web.post("/settings/areas", { areaName: "east side" });
    expect(duplicate.status).toBe(422);
    expect(await duplicate.text()).toContain('id="areaName-error"');
    expect((await admin.web.post("/settings/areas", { areaName: "Hilltop" })).status).toBe(303);
    const log = visibleText((await coordinator.web.page("/log")).html);
    expect(log).toContain("added the service area Hilltop");
    expect(log).toContain("changed the network's details");
  });
});
