// The pass that ranks offers for every open request at once must agree with what a
// coordinator sees for each request alone (findSuggestions).
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type DatabaseHandle } from "../db/database.ts";
import { findSuggestions } from "../db/queries/matches.ts";
import { findBestOffersForOpenRequests } from "../db/queries/match-pass.ts";
import { posts } from "../db/schema/index.ts";
import { seedNetwork } from "../bench/seed.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";

const ALL = ["public", "members", "coordinators"];
const PER_REQUEST = 5;

describe("findBestOffersForOpenRequests", () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    database = await createTestDatabase();
    handle = await database.open();
    await seedNetwork(handle.db, { posts: 600, openPerKind: 120, members: 20, areas: 6 });
  }, 60_000);
  afterAll(() => database.drop());

  async function passByRequest(visibilities = ALL): Promise<Map<string, string[]>> {
    const byRequest = new Map<string, string[]>();
    for (const row of await findBestOffersForOpenRequests(handle.db, visibilities, PER_REQUEST)) {
      byRequest.set(row.request_id, [...(byRequest.get(row.request_id) ?? []), row.offer_id]);
    }
    return byRequest;
  }

  it("gives each open request the same offers, in the same order, as its own suggestions", async () => {
    const byRequest = await passByRequest();
    const openRequests = await handle.db.select().from(posts).where(sql`${posts.kind} = 'request' AND ${posts.status} = 'open'`);
    expect(openRequests.length).toBe(120);
    let withSuggestions = 0;
    for (const request of openRequests) {
      const alone = (await findSuggestions(handle.db, request, ALL, PER_REQUEST)).map((r) => r.id);
      expect(byRequest.get(request.id) ?? [], request.id).toEqual(alone);
      if (alone.length > 0) withSuggestions++;
    }
    expect(withSuggestions).toBeGreaterThan(60);
  });

  it("agrees too for a request with plenty of offers in its own area (ranked among those alone)", async () => {
    const [request] = await handle.db
      .select()
      .from(posts)
      .where(sql`${posts.kind} = 'request' AND ${posts.status} = 'open' AND ${posts.approxLatitude} IS NOT NULL`)
      .limit(1);
    const expiresAt = new Date(Date.now() + 7 * 86_400_000);
    await handle.db.insert(posts).values(
      [0, 1, 2, 3, 4, 5, 6].map((i) => ({
        kind: "offer" as const,
        category: request!.category,
        title: `Nearby offer ${i}`,
        areaId: request!.areaId,
        approxLatitude: request!.approxLatitude! + (i % 3) * 0.01,
        approxLongitude: request!.approxLongitude,
        urgency: (["low", "normal", "high", "critical"] as const)[i % 4],
        quantity: i % 2 === 0 ? null : i,
        language: "en",
        expiresAt,
      })),
    );
    const byRequest = await passByRequest();
    const alone = (await findSuggestions(handle.db, request!, ALL, PER_REQUEST)).map((r) => r.id);
    expect(alone).toHaveLength(PER_REQUEST);
    expect(byRequest.get(request!.id)).toEqual(alone);
    // And every other request still agrees with its own suggestions.
    const openRequests = await handle.db.select().from(posts).where(sql`${posts.kind} = 'request' AND ${posts.status} = 'open'`);
    for (const r of openRequests) {
      expect(byRequest.get(r.id) ?? [], r.id).toEqual((await findSuggestions(handle.db, r, ALL, PER_REQUEST)).map((x) => x.id));
    }
  });

  it("leaves out offers that are no longer open, and posts the viewer may not see", async () => {
    const before = await passByRequest();
    const [requestId, offers] = [...before.entries()].find(([, ids]) => ids.length > 0)!;
    await handle.db.update(posts).set({ status: "withdrawn" }).where(eq(posts.id, offers[0]!));
    const after = await passByRequest();
    // A request whose only offer it was has no entry at all now.
    expect(after.get(requestId) ?? []).not.toContain(offers[0]);
    for (const ids of after.values()) expect(ids).not.toContain(offers[0]);

    const publicOnly = await passByRequest(["public"]);
    const visibilityOf = new Map(
      (await queryRows<{ id: string; visibility: string }>(handle.db, sql`SELECT id, visibility FROM posts`)).map((r) => [
        r.id,
        r.visibility,
      ]),
    );
    expect(publicOnly.size).toBeGreaterThan(0);
    for (const [request, ids] of publicOnly) {
      expect(visibilityOf.get(request)).toBe("public");
      for (const id of ids) expect(visibilityOf.get(id)).toBe("public");
    }
  });
});
