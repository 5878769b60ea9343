import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATUSES } from "../src/posts/post.schema.ts";
import { translatorFor } from "../web/i18n.ts";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { makePerson, type Person } from "./support/people.ts";
import { visibleText, WebClient } from "./support/web-client.ts";

let instance: TestInstance;
let member: Person;
let coordinator: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  await instance.services.areas.add("Riverside");
  member = await makePerson(instance, "member_mei", "member");
  coordinator = await makePerson(instance, "coord_kofi", "coordinator");
});
afterAll(() => instance?.destroy());

const validPost = {
  kind: "request",
  category: "transport",
  title: "A lift to the clinic",
  details: "Tuesday morning",
  urgency: "high",
  area: "Riverside",
  language: "en",
  visibility: "public",
  contactName: "Private Person",
  contactPhone: "555 0000",
};

describe(`web pages (${testDriver})`, () => {
  it("posts through the form, shows field errors beside the fields and keeps what was typed", async () => {
    const bad = await member.web.post("/posts", { ...validPost, title: "Li", area: "", until: "2001-01-01" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toMatch(
      /<input type="text" id="title" name="title" value="Li"[^>]*aria-invalid="true"[^>]*aria-describedby="title-hint title-error"/,
    );
    expect(html).toContain('id="title-error">use at least 3 characters<');
    expect(html).toContain('id="area-error"');
    expect(html).toContain('value="Private Person"');
    expect(html).toContain("Tuesday morning");

    const good = await member.web.post("/posts", validPost);
    expect(good.status).toBe(303);
    const page = visibleText((await member.web.page(good.headers.get("location")!)).html);
    expect(page).toContain("A lift to the clinic");
    expect(page).toContain("Private Person"); // the author sees their own contact
  });

  it("edits a post through the form and keeps its private contact", async () => {
    const created = await member.web.post("/posts", { ...validPost, title: "Help moving a sofa", category: "skills" });
    const path = created.headers.get("location")!;
    const form = await member.web.page(`${path}/edit`);
    expect(form.html).toContain('value="Help moving a sofa"');
    expect(form.html).toContain('value="Private Person"');
    const saved = await member.web.post(path, { ...validPost, title: "Help moving a heavy sofa", category: "skills" });
    expect(saved.status).toBe(303);
    expect(visibleText((await coordinator.web.page(path)).html)).toContain("Help moving a heavy sofa");
    expect(visibleText((await coordinator.web.page(path)).html)).toContain("555 0000");
    // Someone else cannot post to the edit form.
    const other = await makePerson(instance, "other_olu", "member");
    expect((await other.web.post(path, { ...validPost, title: "Taken over" })).status).toBe(403);
  });

  it("asks the author whether an expiring post is still needed, and renews it", async () => {
    const created = await member.web.post("/posts", { ...validPost, title: "Blankets for the shelter" });
    const id = created.headers.get("location")!.split("/").pop()!;
    await instance.database.db.execute(sql`UPDATE posts SET expires_at = now() + interval '1 day' WHERE id = ${id}`);
    const mine = visibleText((await member.web.page("/my/posts")).html);
    expect(mine).toContain("Still needed?");
    expect(mine).toContain("Blankets for the shelter");
    const renewed = await member.web.post(`/posts/${id}/status`, { renew: "true", back: "mine" });
    expect(renewed.headers.get("location")).toBe("/my/posts");
    expect(visibleText((await member.web.page("/my/posts")).html)).not.toContain("Still needed?");
  });

  it("lets the author withdraw and a coordinator mark fulfilled from the post page", async () => {
    const a = (await member.web.post("/posts", { ...validPost, title: "Withdraw me" })).headers.get("location")!;
    const b = (await member.web.post("/posts", { ...validPost, title: "Fulfil me" })).headers.get("location")!;
    expect(visibleText((await member.web.page(a)).html)).not.toContain("Mark fulfilled");
    await member.web.post(`${a}/status`, { status: "withdrawn" });
    expect((await member.web.post(`${b}/status`, { status: "fulfilled" })).status).toBe(403);
    await coordinator.web.post(`${b}/status`, { status: "fulfilled" });
    const board = visibleText((await new WebClient(instance.url).page("/")).html);
    expect(board).not.toContain("Withdraw me");
    expect(board).not.toContain("Fulfil me");
    expect(visibleText((await coordinator.web.page(b)).html)).toContain("Fulfilled");
  });

  it("prints open requests by area for paper, without names or contacts", async () => {
    const print = visibleText((await coordinator.web.page("/print")).html);
    expect(print).toContain("Open requests by area");
    expect(print).toContain("Riverside");
    expect(print).toContain("A lift to the clinic");
    expect(print).not.toContain("Private Person");
    expect(print).not.toContain("555 0000");
    expect((await new WebClient(instance.url).get("/print")).status).toBe(403);
    expect((await member.web.get("/print")).status).toBe(403);
  });

  it("speaks the reader's language, and remembers the switch", async () => {
    const spanishReader = new WebClient(instance.url, { "accept-language": "es-MX,es;q=0.9,en;q=0.5" });
    const board = await spanishReader.page("/");
    expect(board.html).toContain('<html lang="es" dir="ltr">');
    expect(board.html).toContain(translatorFor("es")("board.title"));

    const switcher = new WebClient(instance.url, { "accept-language": "en" });
    const switched = await switcher.page("/?lang=es");
    expect(switched.html).toContain('<html lang="es" dir="ltr">');
    const later = await switcher.page("/sign-in");
    expect(later.html).toContain('<html lang="es" dir="ltr">');
    expect(visibleText(later.html)).toContain(translatorFor("es")("signIn.title"));
    expect((await switcher.page("/?lang=en")).html).toContain('<html lang="en" dir="ltr">');
  });

  it("shows the board's filters in the reader's language and role, with the choice kept and a new area at once", async () => {
    const options = (html: string, name: string) => {
      const select = new RegExp(`<select id="${name}"[^>]*>(.*?)</select>`, "s").exec(html)?.[1] ?? "";
      return [...select.matchAll(/<option value="([^"]*)"( selected="")?>([^<]*)</g)].map((m) => `${m[3]}${m[2] ? " (chosen)" : ""}`);
    };
    const reader = new WebClient(instance.url, { "accept-language": "en" });
    const english = (await reader.page("/")).html;
    expect(options(english, "area")).toEqual(["Any", "East side", "Riverside"]);
    expect(options(english, "status")).toEqual([]);

    const es = translatorFor("es");
    expect(options((await reader.page("/?lang=es")).html, "area")).toEqual([es("board.any"), "East side", "Riverside"]);
    const spanish = (await reader.page("/?lang=es&area=Riverside&q=mantas")).html;
    expect(options(spanish, "area")).toEqual([es("board.any"), "East side", "Riverside (chosen)"]);
    expect(spanish).toMatch(/<input type="search" id="q" name="q" value="mantas"/);
    expect(options((await reader.page("/?lang=en")).html, "area")).toEqual(["Any", "East side", "Riverside"]);

    await instance.services.areas.add("Old Town");
    expect(options((await reader.page("/")).html, "area")).toEqual(["Any", "East side", "Old Town", "Riverside"]);
    // Coordinators filter by status too; a member's page shows the same form without it.
    expect(options((await coordinator.web.page("/")).html, "status")).toHaveLength(1 + STATUSES.length);
    expect(options((await member.web.page("/")).html, "status")).toEqual([]);
  });

  it("answers unknown pages with a 404 page, and a missing post with 404", async () => {
    const missing = await new WebClient(instance.url).page("/posts/00000000-0000-4000-8000-000000000000");
    expect(missing.status).toBe(404);
    const nowhere = await new WebClient(instance.url).page("/nowhere");
    expect(nowhere.status).toBe(404);
    expect(nowhere.html).toContain("<h1>Not found</h1>");
    const badFilter = await new WebClient(instance.url).page("/?urgency=apocalyptic");
    expect(badFilter.status).toBe(422);
  });
});
