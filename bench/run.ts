// `npm run bench`: the benchmark suite (see README, "Benchmarks"). Every figure is measured
// beside a ceiling from the same run. It exits non-zero only when it could not run at all;
// a missed target, or a figure that failed, is written into the results.
import { fileURLToPath } from "node:url";
import { openDatabase } from "../db/database.ts";
import { parseConfig } from "../src/config.ts";
import { startInstance } from "../src/instance.ts";
import { DEFAULT_RATE_LIMITS } from "../src/limits/rate-limiter.ts";
import { CRISIS_MAIL_FIGURE, measureCrisisMail, sinkSmtpUrl } from "./crisis-mail.ts";
import { createBenchDatabase } from "./databases.ts";
import { measureFanOut } from "./fanout.ts";
import { GROWING_FIGURES, growthId, measureGrowthStep } from "./growth.ts";
import { measureInbox } from "./inbox.ts";
import { measureMatching } from "./matching.ts";
import { failedMeasurement, type Measurement } from "./measure.ts";
import { freePort, type ServerProcess, startServer } from "./processes.ts";
import { memoryMeasurements, queryAlone, READ_KEYS, readMeasurements, type ServedReads, serveReads } from "./reads.ts";
import { type BenchReport, type DriverRun, machine, writeReport } from "./report.ts";
import { type SeedSize, seedNetwork } from "./seed.ts";

interface Sizes {
  seed: SeedSize;
  followers: number;
  sharedFollowers: number;
  perHost: number;
  inboxActivities: number;
  readSeconds: number;
  timeoutMs: number;
  /** Members e-mailed about a crisis (figure 6); 0 leaves the figure out, as --quick (and so npm test) does. */
  crisisMail: number;
  /** Other network sizes whose reads and matching are measured beside the main run's (figure 7). */
  growth: number[];
  /** The figures to measure (1 to 7); `--figures 1,3` measures two of them, e.g. while profiling. */
  figures: Set<number>;
}

const FULL: Sizes = {
  seed: { posts: 100_000, openPerKind: 10_000, members: 2_000, areas: 60 },
  followers: 1_000,
  sharedFollowers: 400,
  perHost: 20,
  inboxActivities: 1_000,
  readSeconds: 4,
  timeoutMs: 60_000,
  crisisMail: 10_000,
  growth: [10_000],
  figures: new Set([1, 2, 3, 4, 6, 7]),
};
const QUICK: Sizes = {
  seed: { posts: 1_000, openPerKind: 150, members: 40, areas: 8 },
  followers: 20,
  sharedFollowers: 10,
  perHost: 5,
  inboxActivities: 20,
  readSeconds: 0.5,
  timeoutMs: 20_000,
  crisisMail: 0,
  growth: [200],
  figures: FULL.figures,
};

/** Runs `measure`; a failure becomes "error: …" rows for the ids it would have measured. */
async function guarded(
  figure: string,
  ids: Array<[id: string, label: string]>,
  measure: () => Promise<Measurement[]>,
): Promise<Measurement[]> {
  try {
    return await measure();
  } catch (error) {
    console.error(`${figure} failed:`, error);
    return ids.map(([id, label]) => failedMeasurement(id, figure, label, error));
  }
}

async function runDriver(driver: DriverRun["driver"], serverUrl: string | undefined, sizes: Sizes): Promise<DriverRun> {
  const started = performance.now();
  // Each step's time since the start, so a run that took too long (as in \`npm test\`) shows where.
  const progress = (what: string) => console.log(`[${driver} ${((performance.now() - started) / 1000).toFixed(1)} s] ${what}`);
  const database = await createBenchDatabase(driver, serverUrl);
  const measurements: Measurement[] = [];
  // Figure 3's reads, and the ceilings they are set beside, which the growth steps reuse.
  let served: ServedReads | Error = new Error("figure 3 was not asked for");
  try {
    const seeding = await openDatabase(database.location);
    const seedStarted = performance.now();
    try {
      await seedNetwork(seeding.db, sizes.seed);
    } finally {
      await seeding.close();
    }
    progress(`seeded ${sizes.seed.posts} posts in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

    if (sizes.figures.has(3)) {
      try {
        served = await serveReads(database.env, await freePort(), sizes.readSeconds);
      } catch (error) {
        served = error instanceof Error ? error : new Error(String(error));
      }
      progress("served reads done");
    }

    // Figure 6's SMTP sink runs in its own process; the instance sends all its e-mail there.
    const sink: ServerProcess | null =
      sizes.crisisMail > 0 && sizes.figures.has(6) ? await startServer("bench/servers/smtp-sink.ts", {}, { readyPath: "/stats" }) : null;
    const port = await freePort();
    const instance = await startInstance(
      parseConfig({
        ...database.env,
        ...(sink === null ? {} : { SMTP_URL: await sinkSmtpUrl(sink), MAIL_FROM: "Bench <bench@sink.test>" }),
        PORT: String(port),
        HOST: "127.0.0.1",
        ORIGIN: `http://127.0.0.1:${port}`,
        NETWORK_HANDLE: "bench",
        ALLOW_PRIVATE_ADDRESS: "true",
        LOG_LEVEL: "warning",
      }),
      // The inbox figure measures how fast one sender's activities are stored, so its
      // per-server limit (a few hundred a minute) must not cut the measurement short.
      { rateLimits: { inboxPerServer: { ...DEFAULT_RATE_LIMITS.inboxPerServer, max: Number.MAX_SAFE_INTEGER } } },
    );
    const running = Object.assign(instance, { url: `http://127.0.0.1:${port}` });
    try {
      const coordinator = await instance.services.members.getByUsername("bench_coordinator");
      if (sizes.figures.has(1)) {
        measurements.push(
          ...(await guarded("1. Fan-out", [["fanout.deliveries_per_s", "one post to every follower"]], async () => {
            const { measurements } = await measureFanOut(running, coordinator, { ...sizes, timeoutMs: sizes.timeoutMs });
            return measurements;
          })),
        );
        progress("fan-out done");
      }
      if (sizes.figures.has(2)) {
        measurements.push(
          ...(await guarded("2. Inbox", [["inbox.creates_per_s", "signed Create activities stored"]], async () => {
            const [post] = await instance.services.posts.listPublic(0, 1).then((page) => page.items);
            if (post === undefined) throw new Error("no public post to reply to");
            return measureInbox(running, post.id, sizes.inboxActivities, sizes.timeoutMs);
          })),
        );
        progress("inbox done");
      }
      if (sizes.figures.has(3)) {
        measurements.push(
          ...(await guarded(
            "3. Reads",
            READ_KEYS.flatMap((key) => [
              [`reads.${key}.rps`, key] as [string, string],
              [`reads.${key}.p99_ms`, `${key} p99`] as [string, string],
            ]).concat([
              ["memory.rss_idle_mb", "RSS idle"],
              ["memory.rss_load_mb", "RSS under load"],
              ["startup.first_request_ms", "start to first answered request"],
            ]),
            async () => {
              if (served instanceof Error) throw served;
              const alone = await queryAlone(instance.database.db, sizes.readSeconds);
              return [...readMeasurements(served, alone, driver), ...memoryMeasurements(served, driver)];
            },
          )),
        );
        progress("reads done");
      }
      if (sizes.figures.has(4)) {
        measurements.push(
          ...(await guarded(
            "4. Matching",
            [
              ["matching.suggest_ms", "one request's suggestions"],
              ["matching.full_pass_s", "full pass over open requests × offers"],
            ],
            () => measureMatching(instance, coordinator, sizes.seed.posts),
          )),
        );
        progress("matching done");
      }
      if (sink !== null) {
        measurements.push(
          ...(await guarded(
            CRISIS_MAIL_FIGURE,
            [
              ["crisis_mail.messages_per_s", "a crisis e-mailed to every member"],
              ["crisis_mail.last_handover_s", "from the declaration to the last message handed over"],
            ],
            () => measureCrisisMail(instance, coordinator, sink, { count: sizes.crisisMail, timeoutMs: 600_000 }),
          )),
        );
        progress("crisis e-mail done");
      }
    } finally {
      await instance.stop();
      await sink?.stop();
    }
  } finally {
    await database.drop();
  }
  for (const posts of sizes.figures.has(7) ? sizes.growth : []) {
    measurements.push(
      ...(await guarded(
        "7. Growth",
        GROWING_FIGURES.map((id) => [growthId(posts, id), `${id} at ${posts} posts`]),
        () => measureGrowthStep(driver, serverUrl, posts, sizes.readSeconds, served instanceof Error ? undefined : served),
      )),
    );
    progress(`growth at ${posts} posts done`);
  }
  measurements.sort((a, b) => a.figure.localeCompare(b.figure));
  return { driver, posts: sizes.seed.posts, seconds: (performance.now() - started) / 1000, measurements };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const outIndex = args.indexOf("--out");
  const outDir = outIndex >= 0 ? args[outIndex + 1]! : fileURLToPath(new URL("./results", import.meta.url));
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined;
  const onlyIndex = args.indexOf("--driver");
  const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
  if (only !== undefined && only !== "pglite" && only !== "postgres") throw new Error("--driver takes pglite or postgres");
  if (only === "postgres" && serverUrl === undefined) throw new Error("--driver postgres needs BENCH_DATABASE_URL");
  const drivers = (serverUrl === undefined ? ["pglite"] : ["pglite", "postgres"]).filter(
    (d) => only === undefined || d === only,
  ) as DriverRun["driver"][];

  const report: BenchReport = { date: new Date().toISOString(), quick, machine: machine(), runs: [] };
  // --crisis-mail N sets figure 6's size (e.g. to try it in a quick run, which leaves it out).
  const mailIndex = args.indexOf("--crisis-mail");
  const crisisMail = mailIndex >= 0 ? Number(args[mailIndex + 1]) : undefined;
  if (crisisMail !== undefined && !(Number.isInteger(crisisMail) && crisisMail >= 0))
    throw new Error("--crisis-mail takes a number of members");
  // --large adds a 1,000,000-post step to the growth figure (minutes of seeding, gigabytes of disk).
  const growth = quick ? QUICK.growth : args.includes("--large") ? [...FULL.growth, 1_000_000] : FULL.growth;
  const figuresIndex = args.indexOf("--figures");
  const figures = figuresIndex >= 0 ? new Set(args[figuresIndex + 1]?.split(",").map(Number)) : undefined;
  if (figures !== undefined && (figures.size === 0 || [...figures].some((n) => !FULL.figures.has(n))))
    throw new Error(`--figures takes a comma-separated list of ${[...FULL.figures].join(", ")}`);
  const sizes = {
    ...(quick ? QUICK : FULL),
    growth,
    ...(crisisMail === undefined ? {} : { crisisMail }),
    ...(figures === undefined ? {} : { figures }),
  };
  for (const driver of drivers) report.runs.push(await runDriver(driver, serverUrl, sizes));
  const { json, markdown } = writeReport(report, outDir);
  console.log(`Wrote ${json} and ${markdown}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("The benchmark could not run:", error);
    process.exit(1);
  },
);
