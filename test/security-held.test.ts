// What a security probe tried and found holding. Each test keeps one defence from being
// lost by a later change; SECURITY.md lists them.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { publishRequest } from "./support/posts.ts";

let instance: TestInstance;
let member: Person;

beforeAll(async () => {
  instance = await startTestInstance("held");
  await instance.services.areas.add("Eastside");
  member = await makePerson(instance, "held_member", "member");
});
afterAll(async () => {
  await instance?.destroy();
});

describe(`defences that held (${testDriver})`, () => {
  it("refuses a form posted from another site, even with the member's cookie", async () => {
    const title = "Posted from elsewhere";
    const response = await fetch(`${instance.url}/posts/new`, {
      method: "POST",
      redirect: "manual",
      headers: {
        accept: "text/html",
        origin: "https://evil.example",
        "content-type": "application/x-www-form-urlencoded",
        cookie: member.web.cookieHeader(),
      },
      body: new URLSearchParams({ kind: "request", category: "food", title, details: "x", urgency: "normal", area: "Eastside" }),
    });
    expect(response.status).toBe(403);
    const mine = await api(instance, "GET", `/posts?q=${encodeURIComponent(title)}`, { as: member });
    expect(mine.body.items).toEqual([]);
  });

  it("shows markup typed into a post as text, never as markup", async () => {
    const id = await publishRequest(instance, member, `<script>alert("x")</script><img src=x onerror=alert(1)>`, "Eastside");
    for (const path of ["/", `/posts/${id}`]) {
      const html = await (await member.web.get(path)).text();
      expect(html).not.toContain("<script>alert");
      expect(html).not.toContain("<img src=x");
      expect(html).toContain("&lt;script&gt;alert");
    }
  });
});

describe(`outgoing requests with the production default (${testDriver})`, () => {
  let guarded: TestInstance;
  let internal: Server;
  const requested: string[] = [];

  beforeAll(async () => {
    // A service on the loopback address that a server must not be tricked into calling.
    internal = createServer((request, response) => {
      requested.push(request.url ?? "");
      response.writeHead(200, { "content-type": "application/activity+json" });
      response.end(JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", id: "x", type: "Group" }));
    });
    await new Promise<void>((resolve) => internal.listen(0, "127.0.0.1", resolve));
    guarded = await startTestInstance("guarded", { ALLOW_PRIVATE_ADDRESS: "false" });
  });
  afterAll(async () => {
    await guarded?.destroy();
    internal?.close();
  });

  it("does not fetch a private address when asked to follow it", async () => {
    const { port } = internal.address() as AddressInfo;
    const target = `http://127.0.0.1:${port}/actors/internal`;
    await expect(guarded.services.networks.follow(target)).rejects.toThrow();
    expect(requested).toEqual([]);
  });
});
