// The board, a post's page, `listPosts`, the outbox's pages and the network's actor are answered to the
// public from memory while nothing they show has changed (web/public-answers.ts). A change made through any process,
// or in plain SQL, must show on the very next page; the time a post or a crisis runs out must
// take it off then; and no one signed in may ever be given the public's page, nor the public
// theirs.
import { gunzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import type { Member } from "../src/members/member.service.ts";
import { SharedState } from "../src/shared-state.ts";
import { PublicAnswers } from "../web/public-answers.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { startTwoProcesses, type TestInstance, type TwoProcesses } from "./support/instance.ts";
import { makePerson, type Person } from "./support/people.ts";

describe("the public's answers, kept in memory", () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let shared: SharedState;
  beforeAll(async () => {
    database = await createTestDatabase();
    handle = await database.open();
    shared = new SharedState(handle.db);
  });
  afterAll(() => database?.drop());
  afterEach(() => vi.useRealTimers());

  /** A bare app with the middleware in front of one route, as web/app.tsx puts it; `made` counts the answers made. */
  type Answer = { status: 200 | 404; body: string; changesIn?: number };
  /** `versionsRead` is called each time a request has read the versions, before the middleware looks at what it keeps. */
  function appWith(route: (c: { header(name: string, value: string): void }) => Answer | Promise<Answer>, versionsRead = () => {}) {
    const made = { count: 0 };
    const app = new Hono();
    app.use((_c, next) => shared.withinRead(next));
    const versions = () => shared.versions().finally(versionsRead);
    app.use(
      "/page",
      new PublicAnswers({ versions, readChangesAt: () => shared.readChangesAt() }).middleware((c) =>
        c.req.header("authorization") === undefined ? c.req.url : null,
      ),
    );
    app.get("/page", async (c) => {
      made.count++;
      const answer = await route(c);
      if (answer.changesIn !== undefined) shared.changesAt(performance.now() + answer.changesIn);
      return c.text(answer.body, answer.status);
    });
    const get = (headers: Record<string, string> = {}, query = "") => app.request(`/page${query}`, { headers });
    return { made, get };
  }

  it("answers the public from memory while the versions stand, and afresh once either moves", async () => {
    let body = "first";
    const { made, get } = appWith(() => ({ status: 200, body }));
    expect(await (await get()).text()).toBe("first");
    body = "second";
    expect(await (await get()).text()).toBe("first");
    expect(made.count).toBe(1);

    await handle.db.execute(sql`UPDATE posts_version SET version = version + 1`);
    expect(await (await get()).text()).toBe("second");
    body = "third";
    await handle.db.execute(sql`UPDATE shared_state_version SET version = version + 1`);
    expect(await (await get()).text()).toBe("third");
    // Someone signed in (here: with a token) is never given the kept answer.
    body = "for a member";
    expect(await (await get({ authorization: "Bearer x" })).text()).toBe("for a member");
    expect(await (await get()).text()).toBe("third");
    expect(made.count).toBe(4);
  });

  it("does not use an answer past the moment its read said it changes, nor past a minute", async () => {
    vi.useFakeTimers({ toFake: ["performance", "Date"] });
    let answer = { status: 200 as const, body: "soup until noon", changesIn: 5_000 };
    const { made, get } = appWith(() => answer);
    await get();
    vi.advanceTimersByTime(4_900);
    expect(await (await get()).text()).toBe("soup until noon");
    vi.advanceTimersByTime(200);
    answer = { status: 200, body: "no soup", changesIn: Number.POSITIVE_INFINITY };
    expect(await (await get()).text()).toBe("no soup");
    vi.advanceTimersByTime(59_000);
    expect(await (await get()).text()).toBe("no soup");
    expect(made.count).toBe(2);
    vi.advanceTimersByTime(2_000);
    await get();
    expect(made.count).toBe(3);
  });

  it("keeps the answers read most when others push the oldest out", async () => {
    const { made, get } = appWith(() => ({ status: 200, body: "the board" }));
    await get();
    // Far more different queries than answers are kept, with the plain page read between them.
    for (let n = 1; n <= 300; n++) {
      await get({}, `?junk=${n}`);
      if (n % 20 === 0) await get();
    }
    expect(made.count).toBe(301);
  });

  it("makes a page once for readers who ask for it at the same moment", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let read = 0;
    let allRead!: () => void;
    const othersRead = new Promise<void>((resolve) => (allRead = resolve));
    const { made, get } = appWith(
      async () => {
        entered();
        await gate;
        return { status: 200, body: "the board after a change" };
      },
      () => {
        if (++read === 4) allRead();
      },
    );
    const first = get();
    await inside;
    const others = [get(), get(), get()];
    await othersRead;
    // One turn of the event loop: each has looked for what is kept (nothing) and waits on the first.
    await new Promise(setImmediate);
    open();
    for (const answer of await Promise.all([first, ...others])) expect(await answer.text()).toBe("the board after a change");
    expect(made.count).toBe(1);
  });

  it("sends a kept answer gzipped to a reader who accepts it, and as it is to one who does not", async () => {
    const page = "<li>Bread for the shelter</li>".repeat(100);
    const { made, get } = appWith(() => ({ status: 200, body: page }));
    const first = await get({ "accept-encoding": "gzip, deflate, br" });
    expect(first.headers.get("content-encoding")).toBeNull();
    expect(first.headers.get("vary")).toContain("Accept-Encoding");
    expect(await first.text()).toBe(page);

    const gzipped = await get({ "accept-encoding": "gzip, deflate, br" });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(gzipped.headers.get("vary")).toContain("Accept-Encoding");
    const bytes = new Uint8Array(await gzipped.arrayBuffer());
    expect(bytes.byteLength).toBeLessThan(page.length / 5);
    expect(gunzipSync(bytes).toString("utf8")).toBe(page);

    const refusals: Record<string, string>[] = [{}, { "accept-encoding": "gzip;q=0, identity" }, { "accept-encoding": "br" }];
    for (const refused of refusals) {
      const plain = await get(refused);
      expect(plain.headers.get("content-encoding")).toBeNull();
      expect(await plain.text()).toBe(page);
    }
    expect(made.count).toBe(1);

    // A short answer is not worth compressing.
    const short = appWith(() => ({ status: 200, body: "ok" }));
    await short.get({ "accept-encoding": "gzip" });
    expect((await short.get({ "accept-encoding": "gzip" })).headers.get("content-encoding")).toBeNull();
  });

  it("keeps no failed answer, and no cookie set for one reader", async () => {
    let status: 200 | 404 = 404;
    const { made, get } = appWith((c) => {
      c.header("set-cookie", "lang=es; Path=/");
      return { status, body: "hola" };
    });
    expect((await get()).status).toBe(404);
    expect((await get()).status).toBe(404);
    expect(made.count).toBe(2);
    status = 200;
    expect((await get()).headers.get("set-cookie")).toBe("lang=es; Path=/");
    const kept = await get();
    expect(await kept.text()).toBe("hola");
    expect(kept.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(kept.headers.get("set-cookie")).toBeNull();
    expect(made.count).toBe(3);
  });
});

describe("the public's answers across processes", () => {
  let processes: TwoProcesses | undefined;
  let first: TestInstance;
  let second: TestInstance;
  let coordinator: Member;
  let member: Person;

  beforeAll(async () => {
    processes = await startTwoProcesses("millbrook");
    ({ first, second } = processes);
    await first.services.areas.add("Old Town");
    coordinator = await first.services.members.addMember({ username: "cora", role: "coordinator" });
    member = await makePerson(second, "member_ines", "member");
  });
  afterAll(() => processes?.destroy());

  const read = (instance: TestInstance, path: string, accept: string) =>
    fetch(`${instance.url}${path}`, { headers: { accept, "accept-language": "en" } }).then((r) => r.text());
  /** What the public reads on `instance`: the board, `listPosts` and the outbox's first page, each read twice (the second from memory). */
  async function publicReads(instance: TestInstance): Promise<string[]> {
    const paths: [string, string][] = [
      ["/", "text/html"],
      ["/api/posts", "application/json"],
      ["/actors/millbrook/outbox?cursor=0", "application/activity+json"],
    ];
    const answers: string[] = [];
    for (const [path, accept] of paths) {
      const firstRead = await read(instance, path, accept);
      expect(await read(instance, path, accept)).toBe(firstRead);
      answers.push(firstRead);
    }
    return answers;
  }
  const post = (title: string, visibility: "public" | "members" = "public") =>
    first.services.posts.create(coordinator, { kind: "request", category: "groceries", title, area: "Old Town", visibility });

  it("shows a post made, changed or hidden through another process on the public's next page", async () => {
    for (const answer of await publicReads(second)) expect(answer).not.toContain("Bread for the shelter");
    const made = await post("Bread for the shelter");
    for (const answer of await publicReads(second)) expect(answer).toContain("Bread for the shelter");

    // Straight in SQL: the trigger, not the service, tells the other processes.
    await first.database.db.execute(sql`UPDATE posts SET title = 'Rolls for the shelter' WHERE id = ${made.id}`);
    for (const answer of await publicReads(second)) {
      expect(answer).toContain("Rolls for the shelter");
      expect(answer).not.toContain("Bread for the shelter");
    }
    await first.database.db.execute(sql`UPDATE posts SET hidden_at = now() WHERE id = ${made.id}`);
    const [board, listed] = await publicReads(second);
    expect(board).not.toContain("Rolls for the shelter");
    expect(listed).not.toContain("Rolls for the shelter");
  });

  it("shows a post's page changed or hidden through another process on its next read, and a coordinator their own", async () => {
    const made = await post("Blankets for the hall");
    const page = () => fetch(`${second.url}/posts/${made.id}`, { headers: { accept: "text/html", "accept-language": "en" } });
    const firstRead = await (await page()).text();
    expect(firstRead).toContain("Blankets for the hall");
    expect(await (await page()).text()).toBe(firstRead);

    // A coordinator's page has the safety team's buttons; it is neither kept for nor given to the public.
    const cora = await makePerson(second, "cora_web", "coordinator");
    expect((await cora.web.page(`/posts/${made.id}`)).html).toContain(`/posts/${made.id}/hide`);
    expect(await (await page()).text()).toBe(firstRead);
    expect(firstRead).not.toContain(`/posts/${made.id}/hide`);

    await first.database.db.execute(sql`UPDATE posts SET title = 'Quilts for the hall' WHERE id = ${made.id}`);
    const changed = await (await page()).text();
    expect(changed).toContain("Quilts for the hall");
    expect(changed).not.toContain("Blankets for the hall");
    await first.database.db.execute(sql`UPDATE posts SET hidden_at = now() WHERE id = ${made.id}`);
    const hidden = await page();
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).not.toContain("Quilts for the hall");
  });

  it("shows an offerer's new name on the public's next page", async () => {
    const offerer = await first.services.members.addMember({ username: "olu", role: "member", displayName: "Olu Baker" });
    await first.services.posts.create(offerer, {
      kind: "offer",
      category: "groceries",
      title: "Spare flour",
      area: "Old Town",
      visibility: "public",
      showAuthorName: true,
    });
    // The board and the API show it (the outbox's Note speaks for the network, not the member).
    const [board, listed] = await publicReads(second);
    expect(board).toContain("Olu Baker");
    expect(listed).toContain("Olu Baker");
    await first.database.db.execute(sql`UPDATE members SET display_name = 'Olu the Baker' WHERE id = ${offerer.id}`);
    for (const answer of (await publicReads(second)).slice(0, 2)) {
      expect(answer).toContain("Olu the Baker");
      expect(answer).not.toContain("Olu Baker");
    }
  });

  it("shows the network's new name in its actor document on the next fetch, and sends a browser to the board", async () => {
    const actor = async () => JSON.parse(await read(second, "/actors/millbrook", "application/activity+json"));
    const rename = (name: string | null) =>
      first.database.db.execute(
        sql`INSERT INTO network_settings (id, name) VALUES (1, ${name}) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name`,
      );
    try {
      await rename("Millbrook Mutual Aid");
      expect((await actor()).name).toBe("Millbrook Mutual Aid");
      expect((await actor()).name).toBe("Millbrook Mutual Aid");
      await rename("Millbrook and Riverside Mutual Aid");
      const renamed = await actor();
      expect(renamed.name).toBe("Millbrook and Riverside Mutual Aid");
      expect(renamed.publicKey.publicKeyPem).toContain("BEGIN PUBLIC KEY");
    } finally {
      await rename(null);
    }
    const browser = await fetch(`${second.url}/actors/millbrook`, { headers: { accept: "text/html" }, redirect: "manual" });
    expect(browser.status).toBe(303);
    expect(browser.headers.get("location")).toBe("/");
  });

  it("never gives a signed-in member the public's page, nor the public a member's", async () => {
    await post("Members only: a van on Sunday", "members");
    const [board, listed] = await publicReads(second);
    expect(board).not.toContain("a van on Sunday");
    expect(listed).not.toContain("a van on Sunday");

    expect((await member.web.page("/")).html).toContain("a van on Sunday");
    const withToken = await fetch(`${second.url}/api/posts`, { headers: { authorization: `Bearer ${member.token}` } });
    expect(await withToken.text()).toContain("a van on Sunday");

    const [boardAfter, listedAfter] = await publicReads(second);
    expect(boardAfter).not.toContain("a van on Sunday");
    expect(listedAfter).not.toContain("a van on Sunday");
  });

  it("answers each reader in their language, and still remembers a language chosen by the link", async () => {
    const inLanguage = (language: string) =>
      fetch(`${second.url}/`, { headers: { accept: "text/html", "accept-language": language } }).then((r) => r.text());
    const english = await inLanguage("en");
    const spanish = await inLanguage("es");
    expect(english).toContain('<html lang="en"');
    expect(spanish).toContain('<html lang="es"');
    expect(await inLanguage("en")).toBe(english);
    expect(await inLanguage("es")).toBe(spanish);

    for (let i = 0; i < 2; i++) {
      const chosen = await fetch(`${second.url}/?lang=fr`, { headers: { accept: "text/html" } });
      expect(chosen.headers.get("set-cookie")).toMatch(/^lang=fr;/);
      expect(await chosen.text()).toContain('<html lang="fr"');
    }
  });

  it("takes a post and a crisis's banner off the public's board when their time runs out, with nothing written", async () => {
    const board = () => read(second, "/", "text/html");
    const made = await post("Candles before the storm");
    await first.database.db.execute(sql`UPDATE posts SET expires_at = now() + interval '1.5 seconds' WHERE id = ${made.id}`);
    const admin = await first.services.members.addMember({ username: "ada", role: "admin" });
    await first.services.crises.declare(admin, {
      title: "Storm over the hills",
      areas: ["Old Town"],
      categories: ["shelter"],
      severity: "severe",
      forwardDelayMinutes: 30,
      maxHops: 1,
      endsAt: new Date(Date.now() + 2_500).toISOString(),
    });
    expect(await board()).toContain("Candles before the storm");
    expect(await board()).toContain("Storm over the hills");
    await expect.poll(board, { timeout: 10_000, interval: 100 }).not.toContain("Candles before the storm");
    await expect.poll(board, { timeout: 10_000, interval: 100 }).not.toContain("Storm over the hills");
  });
});
