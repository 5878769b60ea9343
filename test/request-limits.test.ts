import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../web/app.tsx";
import { INBOX_MAX_BYTES } from "../web/inbox-guard.ts";
import { testDriver } from "./support/database.ts";
import { FakeMastodon } from "./support/fake-mastodon.ts";
import { eventually, startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";

let instance: TestInstance;
let mastodon: FakeMastodon;
let member: Person;
/** A server the tests point `@context` at: it records every request it gets. */
let contextServer: Server;
const contextFetches: string[] = [];
let contextUrl: string;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("Gràcia");
  member = await makePerson(instance, "member_mia", "member");
  mastodon = new FakeMastodon();
  await mastodon.start();
  await mastodon.addAccount("alice");
  contextServer = createServer((req, res) => {
    contextFetches.push(req.url ?? "");
    res.writeHead(200, { "content-type": "application/ld+json" });
    res.end(JSON.stringify({ "@context": { evil: "https://evil.example/ns#" } }));
  });
  await new Promise<void>((resolve) => contextServer.listen(0, "127.0.0.1", resolve));
  contextUrl = `http://127.0.0.1:${(contextServer.address() as AddressInfo).port}/ctx`;
});
afterAll(async () => {
  await instance?.destroy();
  await mastodon?.stop();
  contextServer?.closeAllConnections();
  await new Promise((resolve) => contextServer?.close(resolve));
});

const titles = async () => (await api(instance, "GET", "/posts", { as: member })).body.items.map((p: { title: string }) => p.title);

/**
 * Starts a chunked body (no Content-Length) that never ends, sends just past `limitBytes` of
 * it, and waits for the answer. An answer can only come from a server that refused the body
 * before reading to its end; one that waited for the end would never answer, and the test
 * would time out. Writing stops past the limit because a write after the server answered and
 * closed the connection meets a reset, and Linux drops the unread answer with it (EPIPE).
 */
function streamPastLimit(
  path: string,
  headers: Record<string, string>,
  opening: string,
  limitBytes: number,
): Promise<{ status: number; body: string }> {
  const url = new URL(path, instance.url);
  const chunk = Buffer.alloc(64 * 1024, "a");
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(url, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } }, (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (data: string) => (body += data));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode!, body });
      });
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    req.write(opening);
    for (let sent = opening.length; sent <= limitBytes; sent += chunk.length) req.write(chunk);
  });
}

describe(`request bodies (${testDriver})`, () => {
  it("refuses a JSON body over 1 MB with 413 and stores nothing", async () => {
    const response = await fetch(`${instance.url}/api/posts`, {
      method: "POST",
      headers: { authorization: `Bearer ${member.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        kind: "request",
        category: "food",
        title: "Too big to read",
        area: "Gràcia",
        details: "x".repeat(2 * 1024 * 1024),
      }),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatch(/at most 1 MB/);
    expect(await titles()).not.toContain("Too big to read");
  });

  it("cuts off an endless chunked body at the limit, before authentication, and stores nothing", async () => {
    const tokens = await streamPastLimit(
      "/api/tokens",
      { "content-type": "application/json" },
      '{"username":"member_mia","password":"',
      MAX_BODY_BYTES,
    );
    expect(tokens.status).toBe(413);

    const post = await streamPastLimit(
      "/api/posts",
      { "content-type": "application/json", authorization: `Bearer ${member.token}` },
      '{"kind":"request","category":"food","title":"Endless upload","area":"Gràcia","details":"',
      MAX_BODY_BYTES,
    );
    expect(post.status).toBe(413);
    expect(await titles()).not.toContain("Endless upload");
  });

  it("refuses a form over 1 MB with 413 and stores nothing", async () => {
    const response = await member.web.post("/posts", {
      kind: "request",
      category: "food",
      title: "A huge form",
      area: "Gràcia",
      details: "x".repeat(2 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect(await titles()).not.toContain("A huge form");
  });

  it("refuses an activity over 256 KB at both inboxes, with or without a Content-Length", async () => {
    const big = JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", type: "Create", content: "x".repeat(300 * 1024) });
    for (const path of ["/inbox", "/actors/eastside/inbox"]) {
      const response = await fetch(`${instance.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/activity+json" },
        body: big,
      });
      expect(response.status).toBe(413);
      expect((await response.json()).error).toMatch(/at most 256 KB/);
    }
    const chunked = await streamPastLimit(
      "/inbox",
      { "content-type": "application/activity+json" },
      '{"type":"Create","content":"',
      INBOX_MAX_BYTES,
    );
    expect(chunked.status).toBe(413);
  });
});

describe(`the inbox before the signature is checked (${testDriver})`, () => {
  it("fetches no @context of an unsigned activity, and refuses it with 401", async () => {
    contextFetches.length = 0;
    for (const path of ["/inbox", "/actors/eastside/inbox"]) {
      const response = await fetch(`${instance.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/activity+json" },
        body: JSON.stringify({
          "@context": [`${contextUrl}?1`, `${contextUrl}?2`, "https://www.w3.org/ns/activitystreams"],
          id: "http://127.0.0.1:1/activities/1",
          type: "Follow",
          actor: "http://127.0.0.1:1/actors/mallory",
          object: instance.actorUrl,
        }),
      });
      expect(response.status).toBe(401);
    }
    // Fedify fetches the contexts while it handles the request, before it answers: any
    // fetch would have been recorded by now.
    expect(contextFetches).toEqual([]);
    expect(await instance.services.networks.list()).toEqual([]);
  });

  it("answers a body nested 50,000 levels deep with 400, not a crash", async () => {
    const deep = `{"@context":"https://www.w3.org/ns/activitystreams","type":"Create","object":${"[".repeat(50_000)}${"]".repeat(50_000)}}`;
    const response = await fetch(`${instance.url}/inbox`, {
      method: "POST",
      headers: { "content-type": "application/activity+json" },
      body: deep,
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/nest at most 64 levels/);
    // The server is still well.
    expect((await fetch(`${instance.url}/health`)).status).toBe(200);
  });

  it("refuses a body that is not JSON with 400", async () => {
    const response = await fetch(`${instance.url}/inbox`, {
      method: "POST",
      headers: { "content-type": "application/activity+json" },
      body: "<xml/>",
    });
    expect(response.status).toBe(400);
  });

  it("still accepts a signed activity from a Mastodon server", async () => {
    // `send` throws unless the inbox answers 2xx; a person's follow is accepted at once.
    await mastodon.follow("alice", instance.actorUrl);
    expect(await eventually(async () => mastodon.received("alice", "Accept")[0])).toMatchObject({ type: "Accept" });
  });
});
