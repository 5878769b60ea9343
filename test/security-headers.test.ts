import { createHash } from "node:crypto";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { securityHeaders } from "../web/security-headers.ts";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { makePerson, type Person } from "./support/people.ts";

let instance: TestInstance;
let member: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  member = await makePerson(instance, "member_mia", "member");
});
afterAll(() => instance?.destroy());

/** The headers every answer carries, whatever its kind. */
function expectSecurityHeaders(response: Response, what: string): void {
  const csp = response.headers.get("content-security-policy") ?? "";
  expect(csp, what).toContain("default-src 'none'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).not.toContain("unsafe-inline");
  // Scripts only from the site's own files (the push script and service worker), never inline.
  expect(csp, what).toContain("script-src 'self'");
  expect(csp, what).toContain("worker-src 'self'");
  expect(csp, what).toContain("manifest-src 'self'");
  expect(csp, what).toContain("connect-src 'self'");
  expect(csp, what).not.toMatch(/script-src[^;]*(unsafe|data:|https?:)/);
  expect(response.headers.get("x-frame-options"), what).toBe("DENY");
  expect(response.headers.get("referrer-policy"), what).toBe("same-origin");
  expect(response.headers.get("x-content-type-options"), what).toBe("nosniff");
  // The test instance is served over plain http: no HSTS there.
  expect(response.headers.get("strict-transport-security"), what).toBeNull();
}

describe(`security headers (${testDriver})`, () => {
  it("are sent with a page, a signed-in page, an API answer, an ActivityPub answer and an error", async () => {
    expectSecurityHeaders(await fetch(`${instance.url}/`, { headers: { accept: "text/html" } }), "the board");
    expectSecurityHeaders(await member.web.get("/account"), "/account, signed in");
    expectSecurityHeaders(await fetch(`${instance.url}/api/areas`), "the API");
    expectSecurityHeaders(await fetch(instance.actorUrl, { headers: { accept: "application/activity+json" } }), "the actor");
    expectSecurityHeaders(await fetch(`${instance.url}/no-such-page`, { headers: { accept: "text/html" } }), "a 404 page");
    expectSecurityHeaders(await fetch(`${instance.url}/inbox`, { method: "POST", body: "{}" }), "a refused inbox POST");
  });

  it("allow the page's own stylesheet by its hash, and no inline style attribute is left", async () => {
    const html = await (await member.web.get("/account")).text();
    const sheet = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = createHash("sha256").update(sheet).digest("base64");
    const csp = (await member.web.get("/account")).headers.get("content-security-policy")!;
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/<script/);
  });

  it("include HSTS when the site is served over https", async () => {
    const app = (origin: string) => new Hono().use(securityHeaders(new URL(origin))).get("/", (c) => c.text("ok"));
    expect((await app("https://aid.example").request("/")).headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect((await app("http://localhost:3000").request("/")).headers.get("strict-transport-security")).toBeNull();
  });
});
