import { openDatabase } from "../db/database.ts";
import { parseConfig } from "../src/config.ts";
import { openInstance } from "../src/instance.ts";
import { createBenchDatabase } from "./databases.ts";
import { measureMatching } from "./matching.ts";
import type { Measurement } from "./measure.ts";
import { freePort } from "./processes.ts";
import { type Ceilings, memoryMeasurements, queryAlone, readMeasurements, serveReads } from "./reads.ts";
import type { DriverRun } from "./report.ts";
import { type SeedSize, seedNetwork } from "./seed.ts";

/** The figures whose growth the bench shows: the reads, memory and matching, not the federation figures. */
export const GROWING_FIGURES = [
  "reads.board.rps",
  "reads.board.p99_ms",
  "reads.listPosts.rps",
  "reads.listPosts.p99_ms",
  "reads.outbox.rps",
  "reads.outbox.p99_ms",
  "memory.rss_idle_mb",
  "matching.suggest_ms",
  "matching.full_pass_s",
];

/** A network of `posts` posts shaped like the main run's: a tenth of them open per kind, a member per 50 posts. */
export function seedSizeOf(posts: number): SeedSize {
  return { posts, openPerKind: Math.max(10, Math.round(posts / 10)), members: Math.max(40, Math.round(posts / 50)), areas: 60 };
}

/** A growth step's id for a figure: `growth.10000.reads.board.rps`. */
export const growthId = (posts: number, id: string) => `growth.${posts}.${id}`;

/**
 * One step of the growth figure: a fresh database seeded with `posts` posts, the reads served
 * and measured as in figure 3, and matching as in figure 4. Only the figures in
 * GROWING_FIGURES are kept, under growth ids, so the report can set them beside the main
 * run's and a slope shows before a network grows into it. The main run's `ceilings` are
 * reused when it measured them: the growth table shows only each figure's own value.
 */
export async function measureGrowthStep(
  driver: DriverRun["driver"],
  serverUrl: string | undefined,
  posts: number,
  readSeconds: number,
  ceilings: Ceilings | undefined,
): Promise<Measurement[]> {
  const database = await createBenchDatabase(driver, serverUrl);
  try {
    const seeding = await openDatabase(database.location);
    try {
      await seedNetwork(seeding.db, seedSizeOf(posts));
    } finally {
      await seeding.close();
    }
    const served = await serveReads(database.env, await freePort(), readSeconds, ceilings);
    const instance = await openInstance(
      parseConfig({ ...database.env, ORIGIN: "http://127.0.0.1:1", NETWORK_HANDLE: "bench", LOG_LEVEL: "warning" }),
    );
    try {
      const coordinator = await instance.services.members.getByUsername("bench_coordinator");
      const measured = [
        ...readMeasurements(served, await queryAlone(instance.database.db, readSeconds), driver),
        ...memoryMeasurements(served, driver),
        ...(await measureMatching(instance, coordinator, posts)),
      ];
      return measured
        .filter((m) => GROWING_FIGURES.includes(m.id))
        .map((m) => ({ ...m, id: growthId(posts, m.id), figure: "7. Growth", target: null }));
    } finally {
      await instance.close();
    }
  } finally {
    await database.drop();
  }
}
