import autocannon from "autocannon";
import type { Database } from "../db/database.ts";
import { listPosts, type PostFilter } from "../db/queries/posts.ts";
import { ACTIVE_STATUSES } from "../src/posts/post.schema.ts";
import { measurement, runFor, type Measurement } from "./measure.ts";
import { rssMb, startServer, withPeakRss } from "./processes.ts";

const CONNECTIONS = 50;
const HANDLE = "bench";
const PAGE = 20;

/** The three reads, and the query each one runs (as the public sees them). */
const READS = [
  {
    key: "board",
    label: "board page `/`",
    path: "/",
    accept: "text/html",
    filter: { statuses: ACTIVE_STATUSES, visibilities: ["public"], hideExpired: true } satisfies PostFilter,
    order: "urgent" as const,
  },
  {
    key: "listPosts",
    label: "`listPosts` `/api/posts`",
    path: "/api/posts",
    accept: "application/json",
    filter: { statuses: ACTIVE_STATUSES, visibilities: ["public"], hideExpired: true } satisfies PostFilter,
    order: "urgent" as const,
  },
  {
    key: "outbox",
    label: "ActivityPub outbox, first page",
    path: `/actors/${HANDLE}/outbox?cursor=0`,
    accept: "application/activity+json",
    filter: { statuses: [], visibilities: ["public"] } satisfies PostFilter,
    order: "newest" as const,
  },
];

interface Load {
  rps: number;
  p99Ms: number;
  non2xx: number;
}

async function load(url: string, accept: string, seconds: number): Promise<Load> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: { accept } });
  if (result.errors > 0 && result.requests.total === 0) throw new Error(`every request to ${url} failed`);
  // Requests still queued in the server when the window closed would slow the next load:
  // one more answer, which waits behind them, means they are done.
  await fetch(url, { headers: { accept }, signal: AbortSignal.timeout(120_000) }).then((r) => r.arrayBuffer());
  // Completed answers over the whole window (autocannon's per-second average drops partial seconds).
  return { rps: result.requests.total / result.duration, p99Ms: result.latency.p99, non2xx: result.non2xx + result.errors };
}

/** What the served process did: figures 3 (HTTP side) and 5. */
export interface ServedReads {
  loads: Record<string, Load>;
  hello: Load;
  startupMs: number;
  helloStartupMs: number;
  idleMb: number;
  helloIdleMb: number;
  loadedMb: number;
  helloLoadedMb: number;
}

/**
 * Starts the instance as its own process (as `npm start` does) on the seeded database, and
 * a bare Hono process beside it for the floors, and puts the read load on both.
 */
export async function serveReads(env: Record<string, string>, port: number, seconds: number): Promise<ServedReads> {
  const hello = await startServer("bench/servers/hello.ts", { PORT: String(port) }, { port });
  let helloSide: { load: Load; idleMb: number; loadedMb: number };
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const idleMb = rssMb(hello.child.pid!);
    const { result, peakMb } = await withPeakRss(hello.child.pid!, () => load(hello.url, "application/json", seconds));
    helloSide = { load: result, idleMb, loadedMb: peakMb };
  } finally {
    await hello.stop();
  }
  const instance = await startServer(
    "src/main.ts",
    {
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      ORIGIN: `http://127.0.0.1:${port}`,
      NETWORK_HANDLE: HANDLE,
      LOG_LEVEL: "warning",
    },
    { port, timeoutMs: 120_000 },
  );
  try {
    await new Promise((r) => setTimeout(r, 2000));
    const idleMb = rssMb(instance.child.pid!);
    const { result: loads, peakMb } = await withPeakRss(instance.child.pid!, async () => {
      const loads: Record<string, Load> = {};
      for (const read of READS) loads[read.key] = await load(`${instance.url}${read.path}`, read.accept, seconds);
      return loads;
    });
    return {
      loads,
      hello: helloSide.load,
      startupMs: instance.startupMs,
      helloStartupMs: hello.startupMs,
      idleMb,
      helloIdleMb: helloSide.idleMb,
      loadedMb: peakMb,
      helloLoadedMb: helloSide.loadedMb,
    };
  } finally {
    await instance.stop();
  }
}

/** Each read's query alone, in this process, at the same concurrency: figure 3's ceilings. */
export async function queryAlone(db: Database, seconds: number): Promise<Record<string, { perSecond: number; p99Ms: number }>> {
  const alone: Record<string, { perSecond: number; p99Ms: number }> = {};
  for (const read of READS) {
    alone[read.key] = await runFor(seconds * 1000, CONNECTIONS, () => listPosts(db, read.filter, { offset: 0, limit: PAGE }, read.order));
  }
  return alone;
}

export function readMeasurements(
  served: ServedReads,
  alone: Record<string, { perSecond: number; p99Ms: number }>,
  driver: string,
): Measurement[] {
  const figure = "3. Reads";
  const out: Measurement[] = [];
  for (const read of READS) {
    const got = served.loads[read.key]!;
    const query = alone[read.key]!;
    const failures = got.non2xx > 0 ? `; ${got.non2xx} answers were not 2xx` : "";
    const rps = measurement({
      id: `reads.${read.key}.rps`,
      figure,
      label: `${read.label}, ${CONNECTIONS} connections`,
      value: got.rps,
      unit: "req/s",
      direction: "higher",
      ceiling: { label: "query alone", value: query.perSecond },
      notes: `bare Hono: ${Math.round(served.hello.rps)} req/s (${((100 * got.rps) / served.hello.rps).toFixed(1)}%)${failures}`,
    });
    rps.target = { text: "≥ 50% of ceiling", met: rps.ratio === null ? null : rps.ratio >= 0.5 };
    out.push(rps);
    out.push(
      measurement({
        id: `reads.${read.key}.p99_ms`,
        figure,
        label: `${read.label}, p99 latency`,
        value: got.p99Ms,
        unit: "ms",
        direction: "lower",
        ceiling: { label: "query alone p99", value: query.p99Ms },
        target: driver === "postgres" ? { text: "< 100 ms on PostgreSQL", met: got.p99Ms < 100 } : { text: "(PostgreSQL only)", met: null },
        notes: `bare Hono p99: ${served.hello.p99Ms} ms`,
      }),
    );
  }
  const memory = "5. Memory and start-up";
  out.push(
    measurement({
      id: "memory.rss_idle_mb",
      figure: memory,
      label: "RSS idle, after start-up",
      value: served.idleMb,
      unit: "MB",
      direction: "lower",
      ceiling: { label: "bare Hono process", value: served.helloIdleMb },
      target: driver === "pglite" ? { text: "< 250 MB on PGlite", met: served.idleMb < 250 } : null,
    }),
    measurement({
      id: "memory.rss_load_mb",
      figure: memory,
      label: "RSS peak under the read load",
      value: served.loadedMb,
      unit: "MB",
      direction: "lower",
      ceiling: { label: "bare Hono under load", value: served.helloLoadedMb },
    }),
    measurement({
      id: "startup.first_request_ms",
      figure: memory,
      label: "start to first answered request",
      value: served.startupMs,
      unit: "ms",
      direction: "lower",
      ceiling: { label: "bare Hono process", value: served.helloStartupMs },
      notes: "includes opening the database and running migrations",
    }),
  );
  return out;
}
