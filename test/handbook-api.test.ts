import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";

// The handbook through the JSON API, as members, coordinators and the public see it.

let instance: TestInstance;
let coordinator: Person;
let admin: Person;
let member: Person;
let other: Person;

beforeAll(async () => {
  instance = await startTestInstance("handbook");
  coordinator = await makePerson(instance, "coord_hana", "coordinator");
  admin = await makePerson(instance, "admin_ines", "admin");
  member = await makePerson(instance, "member_milo", "member");
  other = await makePerson(instance, "member_noor", "member");
});
afterAll(() => instance?.destroy());

const save = (body: Record<string, unknown>, as: Person = coordinator) => api(instance, "POST", "/handbook", { as, body });

async function notices(person: Person): Promise<{ kind: string; text: string; url: string }[]> {
  return (await api(instance, "GET", "/notifications", { as: person })).body.items;
}

describe(`the handbook through the API (${testDriver})`, () => {
  it("a coordinator writes a page; each save is the next revision; a stale save is refused with 409", async () => {
    const created = await save({ slug: "pickups", title: "Pickups", body: "## Where\n\nAt the hall.", visibility: "members" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ slug: "pickups", title: "Pickups", revision: 1, updatedBy: "coord_hana" });
    expect(created.body.html).toBe('<h2 id="h-where">Where</h2>\n<p>At the hall.</p>\n');

    const second = await save({
      slug: "pickups",
      title: "Pickups",
      body: "At the hall, 5pm.",
      visibility: "members",
      baseRevision: 1,
      note: "time",
    });
    expect(second.status).toBe(200);
    expect(second.body.revision).toBe(2);

    const stale = await save({ slug: "pickups", title: "Pickups", body: "At the park.", visibility: "members", baseRevision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatch(/saved by someone else since revision 1; it is at revision 2/);
    const blind = await save({ slug: "pickups", title: "Pickups", body: "At the park.", visibility: "members" });
    expect(blind.status).toBe(409);

    const page = await api(instance, "GET", "/handbook/pickups", { as: member });
    expect(page.body).toMatchObject({ title: "Pickups", revision: 2, html: "<p>At the hall, 5pm.</p>\n" });
    const history = await api(instance, "GET", "/handbook/pickups/revisions", { as: member });
    expect(history.body.map((r: { revision: number; author: string; note: string | null }) => [r.revision, r.author, r.note])).toEqual([
      [2, "coord_hana", "time"],
      [1, "coord_hana", null],
    ]);
  });

  it("visibility: the public and members get a 404 for pages not written for them, and lists leave them out", async () => {
    await save({ slug: "partners", title: "Partner contacts", body: "Food bank: call Ana.", visibility: "coordinators" });
    await save({ slug: "ask", title: "How to ask", body: "Post a request.", visibility: "public" });
    expect((await api(instance, "GET", "/handbook/partners", { as: member })).status).toBe(404);
    expect((await api(instance, "GET", "/handbook/partners")).status).toBe(404);
    expect((await api(instance, "GET", "/handbook/partners/revisions", { as: member })).status).toBe(404);
    expect((await api(instance, "GET", "/handbook/partners", { as: admin })).status).toBe(200);
    expect((await api(instance, "GET", "/handbook/ask")).body.html).toBe("<p>Post a request.</p>\n");

    const publicList = (await api(instance, "GET", "/handbook")).body.map((p: { slug: string }) => p.slug);
    expect(publicList).toContain("ask");
    expect(publicList).not.toContain("partners");
    const found = (await api(instance, "GET", "/handbook?q=food%20ANA", { as: coordinator })).body.map((p: { slug: string }) => p.slug);
    expect(found).toEqual(["partners"]);
    expect((await api(instance, "GET", "/handbook?q=food", { as: member })).body).toEqual([]);
  });

  it("members cannot save pages; bad input names the field", async () => {
    const refused = await save({ slug: "mine", title: "Mine", body: "x", visibility: "public" }, member);
    expect(refused.status).toBe(403);
    expect(
      (await api(instance, "POST", "/handbook", { body: { slug: "mine", title: "Mine", body: "x", visibility: "public" } })).status,
    ).toBe(401);
    const bad = await save({ slug: "Not a slug!", title: "", body: "x", visibility: "everyone" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["slug", "title", "visibility"]);
  });

  it("a working group's convenor writes pages too, but does not decide on proposed edits", async () => {
    const convenor = await makePerson(instance, "member_cleo", "member");
    expect((await save({ slug: "kitchen-rota", title: "Kitchen rota", body: "x", visibility: "members" }, convenor)).status).toBe(403);
    const group = await api(instance, "POST", "/working-groups", { as: coordinator, body: { name: "Kitchen", purpose: "Meals." } });
    await api(instance, "POST", `/working-groups/${group.body.id}/convenors`, { as: coordinator, body: { username: "member_cleo" } });
    const written = await save({ slug: "kitchen-rota", title: "Kitchen rota", body: "Mondays: soup.", visibility: "members" }, convenor);
    expect(written.status).toBe(201);
    expect(written.body).toMatchObject({ revision: 1, canEdit: true, canPropose: false });
    expect((await api(instance, "GET", "/handbook/proposals", { as: convenor })).body).toEqual([]);
  });

  it("the difference between two revisions, and a restore that is a new revision", async () => {
    await save({ slug: "keys", title: "Keys", body: "Ana has the keys.\nThe code is on the door.", visibility: "members" });
    await save({
      slug: "keys",
      title: "The keys",
      body: "Ben has the keys.\nThe code is on the door.",
      visibility: "members",
      baseRevision: 1,
    });
    const diff = await api(instance, "GET", "/handbook/keys/diff?from=1&to=2", { as: member });
    expect(diff.status).toBe(200);
    expect(diff.body.lines).toEqual([
      { change: "removed", text: "Ana has the keys." },
      { change: "added", text: "Ben has the keys." },
      { change: "same", text: "The code is on the door." },
    ]);
    expect(diff.body.title).toEqual([
      { change: "removed", text: "Keys" },
      { change: "added", text: "The keys" },
    ]);

    expect((await api(instance, "POST", "/handbook/keys/revisions/1/restore", { as: member, body: {} })).status).toBe(403);
    const restored = await api(instance, "POST", "/handbook/keys/revisions/1/restore", { as: coordinator, body: {} });
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body).toMatchObject({ revision: 3, title: "Keys", body: "Ana has the keys.\nThe code is on the door." });
    const [latest] = (await api(instance, "GET", "/handbook/keys/revisions", { as: member })).body;
    expect(latest).toMatchObject({ revision: 3, restoredFrom: 1, note: "Restored revision 1", author: "coord_hana" });
    expect((await api(instance, "GET", "/handbook/keys/revisions/9", { as: member })).status).toBe(404);
  });

  it("a member proposes an edit; coordinators are told; accepting makes it a revision by the proposer; the proposer is told", async () => {
    await save({ slug: "meals", title: "Meals", body: "Meals on Fridays.", visibility: "members" });
    const proposed = await api(instance, "POST", "/handbook/meals/proposals", {
      as: member,
      body: { title: "Meals", body: "Meals on Fridays and Sundays.", baseRevision: 1, note: "Sundays too" },
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    expect(proposed.body).toMatchObject({ status: "open", proposer: "member_milo", stale: false });
    expect(await notices(coordinator)).toContainEqual(
      expect.objectContaining({ kind: "handbook_edit_proposed", text: "A member proposed an edit to the handbook page “Meals”." }),
    );
    expect((await api(instance, "GET", `/handbook/proposals/${proposed.body.id}`, { as: other })).status).toBe(404);
    expect((await api(instance, "POST", `/handbook/proposals/${proposed.body.id}/accept`, { as: other })).status).toBe(403);

    const accepted = await api(instance, "POST", `/handbook/proposals/${proposed.body.id}/accept`, { as: coordinator });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: "accepted", decidedBy: "coord_hana", revision: 2 });
    const [latest] = (await api(instance, "GET", "/handbook/meals/revisions", { as: member })).body;
    expect(latest).toMatchObject({ revision: 2, author: "member_milo", acceptedBy: "coord_hana", note: "Sundays too" });
    expect((await api(instance, "GET", "/handbook/meals", { as: other })).body.body).toBe("Meals on Fridays and Sundays.");
    expect(await notices(member)).toContainEqual(
      expect.objectContaining({ kind: "handbook_edit_accepted", url: `${instance.url}/handbook/meals` }),
    );
    expect((await api(instance, "POST", `/handbook/proposals/${proposed.body.id}/decline`, { as: coordinator })).status).toBe(409);
  });

  it("a proposal written from an older revision cannot be accepted, only declined; the proposer is told", async () => {
    await save({ slug: "rota", title: "Rota", body: "Mondays: Ana.", visibility: "members" });
    const proposed = await api(instance, "POST", "/handbook/rota/proposals", {
      as: other,
      body: { title: "Rota", body: "Mondays: Noor.", baseRevision: 1 },
    });
    await save({ slug: "rota", title: "Rota", body: "Mondays: Ben.", visibility: "members", baseRevision: 1 });
    const listed = await api(instance, "GET", "/handbook/proposals?slug=rota", { as: coordinator });
    expect(listed.body).toEqual([expect.objectContaining({ id: proposed.body.id, stale: true })]);
    expect((await api(instance, "POST", `/handbook/proposals/${proposed.body.id}/accept`, { as: coordinator })).status).toBe(409);
    const declined = await api(instance, "POST", `/handbook/proposals/${proposed.body.id}/decline`, { as: coordinator });
    expect(declined.body.status).toBe("declined");
    expect(await notices(other)).toContainEqual(expect.objectContaining({ kind: "handbook_edit_declined" }));
    expect((await api(instance, "GET", "/handbook/proposals", { as: other })).body.map((p: { id: string }) => p.id)).toContain(
      proposed.body.id,
    );
  });

  it("members cannot propose edits to pages they cannot read", async () => {
    await save({ slug: "secret", title: "Secret", body: "x", visibility: "coordinators" });
    const refused = await api(instance, "POST", "/handbook/secret/proposals", {
      as: member,
      body: { title: "S", body: "y", baseRevision: 1 },
    });
    expect(refused.status).toBe(404);
  });

  it("a new network starts with the starter pages, once", async () => {
    const pages = (await api(instance, "GET", "/handbook")).body.map((p: { slug: string }) => p.slug);
    expect(pages).toEqual(expect.arrayContaining(["welcome", "how-it-works", "privacy", "crisis"]));
    const welcome = await api(instance, "GET", "/handbook/welcome");
    await save({ slug: "welcome", title: "Hello", body: "Our own words.", visibility: "public", baseRevision: welcome.body.revision });
    expect(await instance.services.orientation.seedPages()).toBe(0);
    expect((await api(instance, "GET", "/handbook/welcome")).body.title).toBe("Hello");
  });

  it("orientation: an admin chooses the agreements; a member sees them and accepts once, and coordinators see the date", async () => {
    const before = await api(instance, "GET", "/me/orientation", { as: other });
    expect(before.body).toMatchObject({ agreements: null, needsAcceptance: false });
    expect(before.body.welcome.slug).toBe("welcome");
    expect((await api(instance, "PUT", "/handbook/settings", { as: coordinator, body: { agreementsSlug: "agreements" } })).status).toBe(
      403,
    );
    const missing = await api(instance, "PUT", "/handbook/settings", { as: admin, body: { agreementsSlug: "no-such-page" } });
    expect(missing.status).toBe(422);
    expect(missing.body.fields).toEqual({ agreementsSlug: "there is no handbook page at this address" });
    await save({ slug: "team-only", title: "Team only", body: "x", visibility: "coordinators" });
    const hidden = await api(instance, "PUT", "/handbook/settings", { as: admin, body: { agreementsSlug: "team-only" } });
    expect(hidden.status).toBe(422);
    expect(hidden.body.fields.agreementsSlug).toMatch(/for coordinators only/);
    const set = await api(instance, "PUT", "/handbook/settings", {
      as: admin,
      body: { welcomeSlug: "welcome", agreementsSlug: "agreements", handoverSlugs: { coordinator: "how-it-works" } },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);

    const due = await api(instance, "GET", "/me/orientation", { as: other });
    expect(due.body).toMatchObject({ needsAcceptance: true, acceptedAt: null });
    expect(due.body.agreements.title).toBe("Our agreements");
    const accepted = await api(instance, "POST", "/me/agreements", { as: other });
    expect(accepted.body).toMatchObject({ needsAcceptance: false });
    const again = await api(instance, "POST", "/me/agreements", { as: other });
    expect(again.body.acceptedAt).toBe(accepted.body.acceptedAt);
    const dates = await instance.services.orientation.acceptances(await instance.services.members.getByUsername(coordinator.username), [
      other.id,
      member.id,
    ]);
    expect([...dates.keys()]).toEqual([other.id]);
  });
});
