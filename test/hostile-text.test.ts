import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../src/members/viewer.ts";
import { testDriver } from "./support/database.ts";
import { FakeMastodon } from "./support/fake-mastodon.ts";
import { eventually, startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { visibleText } from "./support/web-client.ts";

let instance: TestInstance;
let mastodon: FakeMastodon;
let author: Person;
let coordinator: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("Gràcia");
  author = await makePerson(instance, "author_anouk", "member");
  coordinator = await makePerson(instance, "coord_omar", "coordinator");
  mastodon = new FakeMastodon();
  await mastodon.start();
  await mastodon.addAccount("mallory");
});
afterAll(async () => {
  await instance?.destroy();
  await mastodon?.stop();
});

const coordinatorViewer = async (): Promise<Viewer> => (await instance.services.members.list()).find((m) => m.username === "coord_omar")!;

describe(`text from outside (${testDriver})`, () => {
  it("refuses a title that shows nothing or holds control characters, naming the field (API 422, form 422)", async () => {
    const visible = async () => (await api(instance, "GET", "/posts", { as: author })).body.total as number;
    const before = await visible();
    const invisible = await api(instance, "POST", "/posts", {
      as: author,
      body: { kind: "request", category: "food", title: "\u200B\u200C\u200D\u2060", area: "Gràcia" },
    });
    expect(invisible.status).toBe(422);
    expect(invisible.body.fields).toEqual({ title: "must contain visible characters" });

    const control = await api(instance, "POST", "/posts", {
      as: author,
      body: { kind: "request", category: "food", title: "Rice\u0007\u0008", area: "Gràcia", details: "Fine\nthis is" },
    });
    expect(control.status).toBe(422);
    expect(control.body.fields).toEqual({ title: "must be one line of text, without control characters" });

    const form = await author.web.post("/posts", {
      kind: "request",
      category: "food",
      title: "\u202E\u200B\u200B\u200B",
      area: "Gràcia",
      details: "",
    });
    expect(form.status).toBe(422);
    expect(visibleText(await form.text())).toContain("must contain visible characters");
    await expect(instance.services.members.addMember({ username: "ghost", role: "member", displayName: "\u3164\u200B" })).rejects.toThrow(
      "displayName: must contain visible characters",
    );
    // Nothing was stored (other tests' posts may be on the board; none was added here).
    expect(await visible()).toBe(before);
  });

  it("stores text without bidirectional overrides, so a title cannot reorder the page", async () => {
    const created = await api(instance, "POST", "/posts", {
      as: author,
      body: {
        kind: "request",
        category: "food",
        title: "Rice \u202Egnp.exe\u202C please",
        area: "Gràcia",
        details: "Two\r\nlines \u2067here\u2069",
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.title).toBe("Rice gnp.exe please");
    expect(created.body.details).toBe("Two\nlines here");
    const page = await (await fetch(created.body.url, { headers: { accept: "text/html" } })).text();
    expect(page).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it("cuts a long Mastodon reply before sanitising it: a cut inside a link leaves the page's own links whole", async () => {
    const created = await api(instance, "POST", "/posts", {
      as: author,
      body: { kind: "request", category: "food", title: "Rice for the shelter", area: "Gràcia" },
    });
    const postId = created.body.id;
    // The 20,000-character cut falls inside the opening tag of the link at the end.
    const html = `<p>${"I can help. ".repeat(1_660)}<a href="https://evil.example/steal?${"q".repeat(400)}">details</a></p>`;
    expect(html.indexOf("<a href")).toBeLessThan(20_000);
    expect(html.indexOf(">details")).toBeGreaterThan(20_000);
    await mastodon.reply("mallory", `${instance.url}/ap/notes/${postId}`, instance.actorUrl, html);
    const [response] = await eventually(async () => {
      const list = await instance.services.responses.listForPost(await coordinatorViewer(), postId);
      return list.length > 0 ? list : null;
    });
    // What is stored is whole: tags of the allowed kinds only, every one closed, no quote left open.
    expect(response!.contentHtml).toMatch(/^<p>(?:I can help\. ?)+<\/p>$/);

    const page = await (await coordinator.web.get(`/posts/${postId}`)).text();
    expect(page).not.toContain("evil.example");
    // The coordinator's own link to change the post is there, as its own element.
    expect(page).toContain(`<a href="/posts/${postId}/edit">`);
  });
});
