import autocannon from "autocannon";
import type { Database } from "../db/database.ts";
import { listPosts, type PostFilter } from "../db/queries/posts.ts";
import { ACTIVE_STATUSES } from "../src/posts/post.schema.ts";
import { type Measurement, measurement, runFor } from "./measure.ts";
import { type OpenLoopResult, openLoop, READER_ENCODINGS } from "./open-loop.ts";
import { rssMb, startInstanceServer, startServer, withPeakRss } from "./processes.ts";

const CONNECTIONS = 50;
const HANDLE = "bench";
const PAGE = 20;

type CeilingRoute = "json" | "html";

interface Read {
  key: string;
  label: string;
  /** The path, or (for a post's page) a function of a public post's id. */
  path: string | ((postId: string) => string);
  accept: string;
  /** The fixed ceiling's route that renders what this read renders. */
  ceiling: CeilingRoute;
  /** Its throughput must reach half the fixed ceiling's (a post's page has no such target). */
  throughputTarget: boolean;
  /** The query this read runs, for the note "query alone" (the old ceiling). */
  query?: { filter: PostFilter; order: "urgent" | "newest" };
}

const PUBLIC_ACTIVE: PostFilter = { statuses: ACTIVE_STATUSES, visibilities: ["public"], hideExpired: true };

/** The four reads, as the public sees them. */
const READS: Read[] = [
  {
    key: "board",
    label: "board page `/`",
    path: "/",
    accept: "text/html",
    ceiling: "html",
    throughputTarget: true,
    query: { filter: PUBLIC_ACTIVE, order: "urgent" },
  },
  {
    key: "post",
    label: "a post's page `/posts/:id`",
    path: (id) => `/posts/${id}`,
    accept: "text/html",
    ceiling: "html",
    throughputTarget: false,
  },
  {
    key: "listPosts",
    label: "`listPosts` `/api/posts`",
    path: "/api/posts",
    accept: "application/json",
    ceiling: "json",
    throughputTarget: true,
    query: { filter: PUBLIC_ACTIVE, order: "urgent" },
  },
  {
    key: "outbox",
    label: "ActivityPub outbox, first page",
    path: `/actors/${HANDLE}/outbox?cursor=0`,
    accept: "application/activity+json",
    ceiling: "json",
    throughputTarget: true,
    query: { filter: { statuses: [], visibilities: ["public"] }, order: "newest" },
  },
];

export const READ_KEYS = READS.map((r) => r.key);

/** What one read did: its maximum (50 connections, closed loop) and its p99 at half that rate (open loop). */
interface Load {
  rps: number;
  /** p99 under the closed-loop load: mostly the queue 50 connections build. */
  saturatedP99Ms: number;
  /** p99 at a fixed arrival rate of half `rps`, from each request's scheduled time. */
  p99Ms: number;
  rate: number;
  /** What the open loop saw besides latency (see `OpenLoopResult`). */
  openLoop: Pick<OpenLoopResult, "kernel" | "generatorCpu">;
  non2xx: number;
  /** Throughput with every answer made afresh (`closedLoop`'s `afresh`): each read is one of the public's answers, kept. */
  afreshRps?: number;
}

/**
 * The most `url` answers at 50 connections. With `afresh`, each request adds a query parameter
 * no answer was kept for: what the read costs when its answer is made afresh (web/public-answers.ts
 * keeps the public's answers while nothing they show changed, so the plain reads are mostly
 * answered from memory).
 */
async function closedLoop(
  url: string,
  accept: string,
  seconds: number,
  afresh = false,
): Promise<Pick<Load, "rps" | "saturatedP99Ms" | "non2xx">> {
  let n = 0;
  const afreshPath = (path: string) => `${path}${path.includes("?") ? "&" : "?"}afresh=${n++}`;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { accept, "accept-encoding": READER_ENCODINGS },
    ...(afresh
      ? { requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: afreshPath(request.path ?? "/") }) }] }
      : {}),
  });
  if (result.errors > 0 && result.requests.total === 0) throw new Error(`every request to ${url} failed`);
  await drain(url, accept);
  // Completed answers over the whole window (autocannon's per-second average drops partial seconds).
  return { rps: result.requests.total / result.duration, saturatedP99Ms: result.latency.p99, non2xx: result.non2xx + result.errors };
}

/** Requests still queued in the server would slow the next load: one more answer, which waits behind them, means they are done. */
async function drain(url: string, accept: string): Promise<void> {
  await fetch(url, { headers: { accept }, signal: AbortSignal.timeout(120_000) }).then((r) => r.arrayBuffer());
}

async function load(url: string, accept: string, seconds: number): Promise<Load> {
  const closed = await closedLoop(url, accept, seconds);
  const rate = closed.rps / 2;
  const open = await openLoop(url, accept, rate, seconds);
  await drain(url, accept);
  return {
    ...closed,
    rate,
    p99Ms: open.p99Ms,
    openLoop: { kernel: open.kernel, generatorCpu: open.generatorCpu },
    non2xx: closed.non2xx + open.sent - open.ok,
  };
}

/** What the served processes did: figures 3 (HTTP side) and 5. */
export interface ServedReads {
  loads: Record<string, Load>;
  /** The fixed ceiling: a bare Hono route reading the 20 newest posts by an index, per rendering. */
  ceiling: Record<CeilingRoute, Load>;
  hello: Pick<Load, "rps">;
  startupMs: number;
  helloStartupMs: number;
  idleMb: number;
  /** The most the instance held before the read load (VmHWM): opening a large PGlite database is the peak. */
  startPeakMb: number;
  /** The instance's RSS `settledAfterS` after its first answer, still idle (see `settle`). */
  settledMb: number;
  settledAfterS: number;
  helloIdleMb: number;
  loadedMb: number;
  helloLoadedMb: number;
}

/**
 * A process just started settles for half a read window before its idle memory is read: 2 s
 * in a full run, a quarter of a second in a quick one, whose figures only show that each is
 * measured. `windows` waits that many read windows instead: V8 keeps the pages that start-up's
 * garbage took in a pool for a while, so the instance's memory is read a second time, 12 s
 * after its first answer in a full run, for the notes.
 */
function settle(seconds: number, windows = 0.5): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000 * windows));
}

/** The floors and ceilings the reads are set beside: a bare Hono process, and the fixed ceiling's process. */
export type Ceilings = Pick<ServedReads, "ceiling" | "hello" | "helloStartupMs" | "helloIdleMb" | "helloLoadedMb">;

/**
 * Starts, one after the other on the seeded database (PGlite lets one process open it): a
 * bare Hono process (the floor for memory and start-up), the fixed ceiling's process, and
 * the instance as its own process (as `npm start` does); and puts the read load on each.
 * Given `ceilings` measured already (the growth figure shows only the reads' own values),
 * only the instance is started.
 */
export async function serveReads(env: Record<string, string>, port: number, seconds: number, ceilings?: Ceilings): Promise<ServedReads> {
  return serveInstanceReads(env, port, seconds, ceilings ?? (await measureCeilings(env, port, seconds)));
}

async function measureCeilings(env: Record<string, string>, port: number, seconds: number): Promise<Ceilings> {
  const hello = await startServer("bench/servers/hello.ts", { PORT: String(port) }, { port });
  let helloSide: { load: Awaited<ReturnType<typeof closedLoop>>; idleMb: number; loadedMb: number };
  try {
    await settle(seconds);
    const idleMb = rssMb(hello.child.pid!);
    const { result, peakMb } = await withPeakRss(hello.child.pid!, () => closedLoop(hello.url, "application/json", seconds));
    helloSide = { load: result, idleMb, loadedMb: peakMb };
  } finally {
    await hello.stop();
  }
  const fixed = await startServer("bench/servers/ceiling.ts", { ...env, PORT: String(port) }, { port, readyPath: "/posts.json" });
  try {
    return {
      ceiling: {
        json: await load(`${fixed.url}/posts.json`, "application/json", seconds),
        html: await load(`${fixed.url}/posts.html`, "text/html", seconds),
      },
      hello: helloSide.load,
      helloStartupMs: hello.startupMs,
      helloIdleMb: helloSide.idleMb,
      helloLoadedMb: helloSide.loadedMb,
    };
  } finally {
    await fixed.stop();
  }
}

async function serveInstanceReads(env: Record<string, string>, port: number, seconds: number, ceilings: Ceilings): Promise<ServedReads> {
  const instance = await startInstanceServer(
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
    await settle(seconds);
    const idleMb = rssMb(instance.child.pid!);
    const startPeakMb = rssMb(instance.child.pid!, "VmHWM");
    await settle(seconds, 2.5);
    const settledMb = rssMb(instance.child.pid!);
    const postId = await publicPostId(instance.url);
    const { result: loads, peakMb } = await withPeakRss(instance.child.pid!, async () => {
      const loads: Record<string, Load> = {};
      for (const read of READS) {
        const path = typeof read.path === "string" ? read.path : read.path(postId);
        loads[read.key] = await load(`${instance.url}${path}`, read.accept, seconds);
        loads[read.key]!.afreshRps = (await closedLoop(`${instance.url}${path}`, read.accept, seconds, true)).rps;
      }
      return loads;
    });
    return {
      ...ceilings,
      loads,
      startupMs: instance.startupMs,
      idleMb,
      startPeakMb,
      settledMb,
      settledAfterS: seconds * 3,
      loadedMb: peakMb,
    };
  } finally {
    await instance.stop();
  }
}

async function publicPostId(base: string): Promise<string> {
  const page = (await fetch(`${base}/api/posts`).then((r) => r.json())) as { items: Array<{ id: string }> };
  const id = page.items[0]?.id;
  if (id === undefined) throw new Error("no public post to read");
  return id;
}

export type QueryAlone = Record<string, { perSecond: number; p99Ms: number }>;

/** Each read's own query alone, in this process, at the same concurrency: the old ceiling, kept as a note. */
export async function queryAlone(db: Database, seconds: number): Promise<QueryAlone> {
  const alone: QueryAlone = {};
  for (const read of READS) {
    if (read.query === undefined) continue;
    const { filter, order } = read.query;
    alone[read.key] = await runFor(seconds * 1000, CONNECTIONS, () => listPosts(db, filter, { offset: 0, limit: PAGE }, order));
  }
  return alone;
}

function round(n: number): string {
  return n >= 100 ? String(Math.round(n)) : n.toFixed(1);
}

export function readMeasurements(served: ServedReads, alone: QueryAlone, driver: string): Measurement[] {
  const figure = "3. Reads";
  const out: Measurement[] = [];
  for (const read of READS) {
    const got = served.loads[read.key]!;
    const ceiling = served.ceiling[read.ceiling];
    const query = alone[read.key];
    const failures = got.non2xx > 0 ? `; ${got.non2xx} answers were not 2xx` : "";
    const queryNote = query === undefined ? "" : `; its query alone: ${round(query.perSecond)} req/s`;
    const helloNote = `hello-world Hono: ${round(served.hello.rps)} req/s`;
    const afreshNote = got.afreshRps === undefined ? "" : `; made afresh on every request (nothing kept): ${round(got.afreshRps)} req/s`;
    const rps = measurement({
      id: `reads.${read.key}.rps`,
      figure,
      label: `${read.label}, ${CONNECTIONS} connections`,
      value: got.rps,
      unit: "req/s",
      direction: "higher",
      ceiling: { label: `bare Hono, 20 newest posts as ${read.ceiling.toUpperCase()}`, value: ceiling.rps },
      notes: `p99 at this load ${round(got.saturatedP99Ms)} ms${afreshNote}${queryNote}; ${helloNote}${failures}`,
    });
    if (read.throughputTarget) rps.target = { text: "≥ 50% of ceiling", met: rps.ratio === null ? null : rps.ratio >= 0.5 };
    out.push(rps);
    out.push(
      measurement({
        id: `reads.${read.key}.p99_ms`,
        figure,
        label: `${read.label}, p99 latency, open loop at ${round(got.rate)} req/s (half its maximum)`,
        value: got.p99Ms,
        unit: "ms",
        direction: "lower",
        ceiling: { label: `bare Hono ${read.ceiling.toUpperCase()} p99 at ${round(ceiling.rate)} req/s`, value: ceiling.p99Ms },
        target: driver === "postgres" ? { text: "< 100 ms on PostgreSQL", met: got.p99Ms < 100 } : { text: "(PostgreSQL only)", met: null },
        notes: openLoopNotes(got.openLoop),
      }),
    );
  }
  return out;
}

/** Whether the p99 window had one-second connection retries, and how busy the load generator itself was. */
function openLoopNotes({ kernel, generatorCpu }: Load["openLoop"]): string {
  const generator = `load generator: ${Math.round(generatorCpu * 100)}% of a core`;
  if (kernel === null) return generator;
  const retried = `SYNs sent again (a second's wait each): ${kernel.synRetransmits}`;
  return `${generator}; ${retried}; dropped on a full listen queue: ${kernel.listenOverflows}`;
}

export function memoryMeasurements(served: ServedReads, driver: string): Measurement[] {
  const memory = "5. Memory and start-up";
  return [
    measurement({
      id: "memory.rss_idle_mb",
      figure: memory,
      label: "RSS idle, after start-up",
      value: served.idleMb,
      unit: "MB",
      direction: "lower",
      ceiling: { label: "bare Hono process", value: served.helloIdleMb },
      target: driver === "pglite" ? { text: "< 250 MB on PGlite", met: served.idleMb < 250 } : null,
      notes:
        `the most it held while starting: ${Math.round(served.startPeakMb)} MB; ` +
        `still idle ${served.settledAfterS} s after its first answer: ${Math.round(served.settledMb)} MB; ` +
        "the instance runs built, as `npm start` runs it, the bare Hono process through tsx",
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
  ];
}
