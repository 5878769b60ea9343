import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
import { parseConfig } from "../src/config.ts";
import { RateLimitedError } from "../src/errors.ts";
import { addressKey } from "../src/limits/client-key.ts";
import { DEFAULT_RATE_LIMITS, RateLimiter } from "../src/limits/rate-limiter.ts";
import { PasswordHasher } from "../src/members/password-hasher.ts";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { visibleText, WebClient } from "./support/web-client.ts";

let instance: TestInstance;
let coordinator: Person;

// Behind one trusted proxy, each test speaks from addresses of its own (X-Forwarded-For),
// so that no test uses up another's allowance.
beforeAll(async () => {
  instance = await startTestInstance("eastside", { TRUST_PROXY: "1" });
  await instance.services.areas.add("East side");
  coordinator = await makePerson(instance, "coord_cleo", "coordinator");
});
afterAll(() => instance?.destroy());

const from = (address: string, language = "en") => new WebClient(instance.url, { "accept-language": language, "x-forwarded-for": address });

async function createToken(address: string, username: string, password: string) {
  const response = await fetch(`${instance.url}/api/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify({ username, password }),
  });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.json() };
}

const ACCOUNT_MAX = DEFAULT_RATE_LIMITS.passwordPerAccount.max;
const ADDRESS_MAX = DEFAULT_RATE_LIMITS.passwordPerAddress.max;

describe(`rate limits (${testDriver})`, () => {
  it("refuses sign-in to an account after 10 wrong passwords, from any address, even with the right one", async () => {
    await makePerson(instance, "guessed_gil", "member");
    for (let i = 0; i < ACCOUNT_MAX; i++) {
      // Spread over addresses, so that only the account's limit is in play.
      const wrong = await from(`198.51.100.${i + 1}`).post("/sign-in", { username: "guessed_gil", password: `guess ${i}` });
      expect(wrong.status).toBe(401);
    }
    const refused = await from("198.51.100.200").post("/sign-in", { username: "guessed_gil", password: "guessed_gil-secret-pw" });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(visibleText(await refused.text())).toContain("Too many attempts");

    const spanish = await from("198.51.100.201", "es").post("/sign-in", { username: "guessed_gil", password: "x" });
    expect(spanish.status).toBe(429);
    expect(visibleText(await spanish.text())).toContain("Demasiados intentos");

    // Token creation shares the account's allowance: guessing there is refused too.
    const token = await createToken("198.51.100.202", "guessed_gil", "guessed_gil-secret-pw");
    expect(token.status).toBe(429);
    expect(token.body).toMatchObject({ limit: "password_failures_per_account", retryAfterSeconds: expect.any(Number) });
    expect(Number(token.retryAfter)).toBe(token.body.retryAfterSeconds);
  });

  it("refuses token creation from an address after 30 wrong passwords for any usernames, and no other address", async () => {
    await makePerson(instance, "tokened_tara", "member");
    for (let i = 0; i < ADDRESS_MAX; i++) {
      const wrong = await createToken("203.0.113.7", `someone_${i % 20}`, "wrong password");
      expect(wrong.status).toBe(401);
    }
    const refused = await createToken("203.0.113.7", "tokened_tara", "tokened_tara-secret-pw");
    expect(refused.status).toBe(429);
    expect(refused.body.limit).toBe("password_failures_per_address");
    const web = await from("203.0.113.7").post("/sign-in", { username: "tokened_tara", password: "tokened_tara-secret-pw" });
    expect(web.status).toBe(429);

    const elsewhere = await createToken("203.0.113.8", "tokened_tara", "tokened_tara-secret-pw");
    expect(elsewhere.status).toBe(201);
  });

  it("lets five people ask to join from one address in an hour, taken names included, then answers 429 there only", async () => {
    for (let i = 0; i < DEFAULT_RATE_LIMITS.joinPerAddress.max - 1; i++) {
      const asked = await from("192.0.2.50").post("/join", { username: `joiner_${i}`, password: "long enough pw" });
      expect(asked.status).toBe(200);
    }
    // /join tells that a name is taken (a trade-off written down in the README), and each
    // such probe uses up the address's allowance like any request.
    const probe = await from("192.0.2.50").post("/join", { username: "coord_cleo", password: "long enough pw" });
    expect(probe.status).toBe(422);
    expect(visibleText(await probe.text())).toContain("is already taken");
    const flood = await from("192.0.2.50").post("/join", { username: "joiner_flood", password: "long enough pw" });
    expect(flood.status).toBe(429);
    expect(flood.headers.get("retry-after")).toMatch(/^\d+$/);
    await expect(instance.services.members.getByUsername("joiner_flood")).rejects.toThrow();
    expect((await from("192.0.2.51").post("/join", { username: "joiner_next_door", password: "long enough pw" })).status).toBe(200);
  });

  it("limits a member to 30 new posts an hour, but not a coordinator taking requests by phone", async () => {
    const member = await makePerson(instance, "poster_pia", "member");
    const post = { kind: "request", category: "food", title: "Groceries for the week", area: "East side" };
    for (let i = 0; i < DEFAULT_RATE_LIMITS.postsPerMember.max; i++) {
      expect((await api(instance, "POST", "/posts", { as: member, body: post })).status).toBe(201);
    }
    const refused = await api(instance, "POST", "/posts", { as: member, body: post });
    expect(refused.status).toBe(429);
    expect(refused.body.limit).toBe("posts_per_member");
    const formPost = await member.web.post("/posts", { ...post, contactName: "" });
    expect(formPost.status).toBe(429);
    expect(visibleText(await formPost.text())).toContain("Too many attempts");

    for (let i = 0; i <= DEFAULT_RATE_LIMITS.postsPerMember.max; i++) {
      expect((await api(instance, "POST", "/posts", { as: coordinator, body: post })).status).toBe(201);
    }
  });

  it("answers 429 to a remote server that sends more than 300 deliveries a minute, and not to the next one", async () => {
    const deliver = (host: string) =>
      fetch(`${instance.url}/inbox`, {
        method: "POST",
        headers: {
          "content-type": "application/activity+json",
          signature: `keyId="http://${host}/actors/x#main-key",algorithm="rsa-sha256",headers="(request-target)",signature="AAAA"`,
        },
        body: "{}",
      });
    const max = DEFAULT_RATE_LIMITS.inboxPerServer.max;
    const statuses: number[] = [];
    for (let batch = 0; batch < max; batch += 25) {
      statuses.push(
        ...(await Promise.all(Array.from({ length: Math.min(25, max - batch) }, () => deliver("flood.invalid")))).map((r) => r.status),
      );
    }
    expect(statuses.filter((status) => status === 429)).toHaveLength(0);
    const over = await deliver("flood.invalid");
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect((await over.json()).limit).toBe("inbox_deliveries_per_server");
    expect((await deliver("calm.invalid")).status).not.toBe(429);
  });

  it("forgets a window once it has ended, and the worker's sweep deletes its counters", async () => {
    let now = Date.parse("2030-01-01T10:00:00Z");
    const limiter = new RateLimiter(instance.database.db, () => now);
    const limit = { name: "test_sweep", max: 1, windowSeconds: 60 };
    await limiter.take(limit, "k");
    await expect(limiter.take(limit, "k")).rejects.toThrow(RateLimitedError);
    const rows = async () =>
      (
        await queryRows<{ n: number }>(
          instance.database.db,
          sql`select count(*)::int as n from rate_limit_counters where "limit" = 'test_sweep'`,
        )
      )[0]!.n;
    expect(await rows()).toBe(1);

    // The window has ended: the counter is pruned, and the next attempt opens a new window.
    now += 61_000;
    expect(await limiter.prune()).toBeGreaterThanOrEqual(1);
    expect(await rows()).toBe(0);
    await expect(limiter.take(limit, "k")).resolves.toBeUndefined();
    await expect(limiter.take(limit, "k")).rejects.toThrow(RateLimitedError);
  });
});

describe("counting clients", () => {
  it("counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4", () => {
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::5")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::ffff:192.0.2.9")).toBe("192.0.2.9");
    expect(addressKey("192.0.2.9")).toBe("192.0.2.9");
  });

  it("reads TRUST_PROXY as a number of proxies and refuses anything else", () => {
    expect(parseConfig({ TRUST_PROXY: "2" }).trustedProxies).toBe(2);
    expect(parseConfig({}).trustedProxies).toBe(0);
    expect(() => parseConfig({ TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY/);
    expect(() => parseConfig({ TRUST_PROXY: "9" })).toThrow(/TRUST_PROXY/);
  });

  it("runs at most the allowed password hashes at once and turns a burst beyond the queue away", async () => {
    const hasher = new PasswordHasher({ concurrency: 1, maxWaiting: 1 });
    const first = hasher.hash("first password");
    const second = hasher.hash("second password");
    await expect(hasher.hash("third password")).rejects.toThrow(RateLimitedError);
    await expect(first).resolves.toMatch(/^\$argon2id\$/);
    await expect(second).resolves.toMatch(/^\$argon2id\$/);
    await expect(hasher.verify(await first, "first password")).resolves.toBe(true);
  });
});

describe(`client addresses without a trusted proxy (${testDriver})`, () => {
  let direct: TestInstance;
  beforeAll(async () => {
    direct = await startTestInstance("westside");
  });
  afterAll(() => direct?.destroy());

  it("ignores X-Forwarded-For, so a guesser cannot dodge the address limit by writing one", async () => {
    for (let i = 0; i < ADDRESS_MAX; i++) {
      const guess = new WebClient(direct.url, { "x-forwarded-for": `10.9.${i}.1` });
      expect((await guess.post("/sign-in", { username: `name_${i}`, password: "wrong password" })).status).toBe(401);
    }
    const next = new WebClient(direct.url, { "x-forwarded-for": "10.9.200.1" });
    expect((await next.post("/sign-in", { username: "anyone", password: "wrong password" })).status).toBe(429);
  });
});
