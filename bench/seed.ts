import { like, sql } from "drizzle-orm";
import type { Database } from "../db/database.ts";
import { followers, members, posts, remoteActors, serviceAreas } from "../db/schema/index.ts";

/** How big the seeded network is. */
export interface SeedSize {
  posts: number;
  /** Of those, this many open requests and as many open offers; the rest is history. */
  openPerKind: number;
  members: number;
  areas: number;
}

const CATEGORIES = posts.category.enumValues;
// Everyday needs are common, some categories rare: a skewed mix, like a real board.
const CATEGORY_WEIGHTS = CATEGORIES.map((_, i) => 1 / (1 + i * 0.35));
const CLOSED_STATUSES = ["fulfilled", "fulfilled", "expired", "expired", "withdrawn", "matched"] as const;
const URGENCIES = ["low", "normal", "normal", "normal", "high", "critical"] as const;
const WORDS = [
  "rice",
  "blankets",
  "ride to clinic",
  "soup",
  "homework help",
  "dog walking",
  "ladder",
  "coats",
  "insulin pickup",
  "phone setup",
  "forms",
  "room for a week",
  "diapers",
  "chat over tea",
];
const BATCH = 1_000;

/** A deterministic generator, so that two runs seed the same network. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function pickWeighted<T>(items: readonly T[], weights: readonly number[], r: number): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = r * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i]!;
    if (x <= 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

/**
 * Seeds areas, members and posts with multi-row INSERTs straight into the tables: going
 * through the services would take minutes for 100,000 posts. Resolves to a coordinator's
 * username, which the figures use as their viewer.
 */
export async function seedNetwork(db: Database, size: SeedSize): Promise<{ coordinator: string }> {
  const rand = random(7);
  const areaRows = await db
    .insert(serviceAreas)
    .values(Array.from({ length: size.areas }, (_, i) => ({ name: `Area ${String(i + 1).padStart(3, "0")}` })))
    .returning({ id: serviceAreas.id });
  // Each area has a centre; posts sit on a ~1 km grid near it, as the app snaps them.
  const centres = areaRows.map(() => ({ lat: 40.3 + rand() * 0.3, lon: -3.85 + rand() * 0.3 }));
  const memberIds: string[] = [];
  for (let start = 0; start < size.members; start += BATCH) {
    const rows = await db
      .insert(members)
      .values(
        Array.from({ length: Math.min(BATCH, size.members - start) }, (_, i) => ({
          username: start + i === 0 ? "bench_coordinator" : `member_${start + i}`,
          displayName: `Member ${start + i}`,
          role: start + i === 0 ? ("coordinator" as const) : ("member" as const),
        })),
      )
      .returning({ id: members.id });
    memberIds.push(...rows.map((r) => r.id));
  }
  const now = Date.now();
  const day = 86_400_000;
  for (let start = 0; start < size.posts; start += BATCH) {
    const values = Array.from({ length: Math.min(BATCH, size.posts - start) }, (_, k) => {
      const i = start + k;
      const open = i < size.openPerKind * 2;
      const kind = open ? (i % 2 === 0 ? "request" : "offer") : rand() < 0.55 ? "request" : "offer";
      const areaIndex = Math.floor(rand() * rand() * areaRows.length);
      const centre = centres[areaIndex]!;
      const hasPoint = rand() < 0.6;
      const createdAt = new Date(now - (open ? rand() * 25 : 25 + rand() * 340) * day);
      const word = WORDS[Math.floor(rand() * WORDS.length)]!;
      const quantity = rand() < 0.5 ? 1 + Math.floor(rand() * 20) : null;
      return {
        kind: kind as "request" | "offer",
        category: pickWeighted(CATEGORIES, CATEGORY_WEIGHTS, rand()),
        title: `${kind === "request" ? "Need" : "Can give"} ${word}`,
        details: `Post ${i}: ${word} around ${areaIndex + 1}, weekdays after five.`,
        quantity,
        unit: quantity === null ? null : "items",
        urgency: URGENCIES[Math.floor(rand() * URGENCIES.length)]!,
        areaId: areaRows[areaIndex]!.id,
        approxLatitude: hasPoint ? Math.round((centre.lat + (rand() - 0.5) * 0.04) * 100) / 100 : null,
        approxLongitude: hasPoint ? Math.round((centre.lon + (rand() - 0.5) * 0.04) * 100) / 100 : null,
        untilDate: open && rand() < 0.3 ? new Date(now + (1 + rand() * 20) * day).toISOString().slice(0, 10) : null,
        language: rand() < 0.8 ? "en" : "es",
        visibility: rand() < 0.8 ? ("public" as const) : rand() < 0.75 ? ("members" as const) : ("coordinators" as const),
        status: open ? ("open" as const) : CLOSED_STATUSES[Math.floor(rand() * CLOSED_STATUSES.length)]!,
        authorId: memberIds[Math.floor(rand() * memberIds.length)]!,
        expiresAt: new Date(open ? now + (5 + rand() * 25) * day : createdAt.getTime() + 30 * day),
        createdAt,
        updatedAt: createdAt,
      };
    });
    await db.insert(posts).values(values);
  }
  // Vacuumed and analyzed, as autovacuum (PostgreSQL) or db/pglite-autovacuum.ts would have
  // left a network that grew to this size over time. ANALYZE alone left PostgreSQL's
  // autovacuum the 100,000 new posts to vacuum: it did so a minute later, during whichever
  // figure was being measured (a second of one of the 2 cores).
  await db.execute(sql`VACUUM (ANALYZE)`);
  return { coordinator: "bench_coordinator" };
}

/** Where the seeded followers' inboxes are. */
export interface FollowerInboxes {
  /**
   * Base URLs of the followers' servers, e.g. http://127.0.0.1:4000: one origin each, as
   * followers are spread over many servers (Fedify delivers to one origin at a time per post).
   */
  baseUrls: string[];
  count: number;
  /** Followers (from the first) that sit on hosts with a shared inbox, `perHost` to a host. */
  sharedCount: number;
  perHost: number;
}

/** Seeds accepted followers; resolves to the distinct inboxes a delivery to all of them reaches. */
export async function seedFollowers(db: Database, spec: FollowerInboxes): Promise<string[]> {
  const inboxes = new Set<string>();
  for (let start = 0; start < spec.count; start += BATCH) {
    const actors = Array.from({ length: Math.min(BATCH, spec.count - start) }, (_, k) => {
      const i = start + k;
      // A shared-inbox host's followers live on that host's server; the others spread round.
      const host = i < spec.sharedCount ? Math.floor(i / spec.perHost) : i;
      const baseUrl = spec.baseUrls[host % spec.baseUrls.length]!;
      const shared = i < spec.sharedCount ? `${baseUrl}/hosts/${host}/inbox` : null;
      const inboxUrl = `${baseUrl}/users/${i}/inbox`;
      inboxes.add(shared ?? inboxUrl);
      return {
        iri: `${baseUrl}/users/${i}`,
        type: "Person",
        handle: `@follower${i}@127.0.0.1`,
        name: `Follower ${i}`,
        inboxUrl,
        sharedInboxUrl: shared,
      };
    });
    const rows = await db.insert(remoteActors).values(actors).returning({ id: remoteActors.id, iri: remoteActors.iri });
    await db
      .insert(followers)
      .values(rows.map((r) => ({ actorId: r.id, followActivityIri: `${r.iri}#follow`, state: "accepted" as const })));
  }
  return [...inboxes];
}

/**
 * Takes the followers `seedFollowers` made away again (their remote actors, and so their
 * follows): their servers stop with figure 1, and a crisis declared later (figure 6) would
 * otherwise go on retrying its Note to 620 inboxes that refuse every connection.
 */
export async function removeSeededFollowers(db: Database, baseUrls: readonly string[]): Promise<void> {
  for (const baseUrl of baseUrls) await db.delete(remoteActors).where(like(remoteActors.iri, `${baseUrl}/users/%`));
}
