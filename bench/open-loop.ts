import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { percentile } from "./measure.ts";

/** What a browser or Mastodon sends with every request: the public's kept answers go gzipped to them. */
export const READER_ENCODINGS = "gzip, deflate, br";

export interface OpenLoopResult {
  /** Requests sent on schedule after the warm-up, and of those the ones answered with a 2xx. */
  sent: number;
  ok: number;
  /** Latency from each request's scheduled start to its last byte, so waiting to be sent counts too. */
  p99Ms: number;
  /** Requests still unanswered when the window closed plus a grace period, counted as failures. */
  unanswered: number;
  /**
   * What the kernel counted meanwhile, for the whole machine (Linux; null elsewhere): connection
   * attempts dropped on a full listen queue, and connection attempts (SYNs) sent again. Each
   * retried SYN costs its request a second's wait, a step near 1,000 ms in the p99.
   */
  kernel: TcpCounters | null;
  /** This process's CPU time over the window, as a share of one core: the load generator's own cost. */
  generatorCpu: number;
}

type TcpCounters = { listenOverflows: number; synRetransmits: number };

/** The kernel's TCP counters that explain a one-second wait, from /proc/net/netstat (Linux). */
function tcpCounters(): TcpCounters | null {
  try {
    const [names, values] = readFileSync("/proc/net/netstat", "utf8")
      .split("\n")
      .filter((line) => line.startsWith("TcpExt:"))
      .map((line) => line.split(/\s+/));
    const counter = (name: string) => Number(values?.[names?.indexOf(name) ?? -1]);
    const counters = { listenOverflows: counter("ListenOverflows"), synRetransmits: counter("TCPSynRetrans") };
    return Object.values(counters).every(Number.isFinite) ? counters : null;
  } catch {
    return null;
  }
}

/**
 * Sends GET `url` at a fixed arrival rate for `seconds`, whether or not earlier requests were
 * answered: an open loop. A closed-loop load (autocannon's, even with `overallRate`) only sends
 * a connection's next request once its last one is answered, so a slow server is asked less
 * and the queue it would have built never shows in the latency ("coordinated omission").
 * Each request gets a socket of its own from a large keep-alive pool.
 *
 * Half as many seconds again, sent first at the same rate, are not counted (2 s in a full
 * run), as wrk2 leaves out its calibration: the pool starts empty, and opening its first few
 * hundred connections at once (each a handshake and a new socket on both sides) held the first
 * half second's answers by 200–700 ms, which alone was the whole p99 of a read answered in 3 ms
 * once they were open. A quick run's quarter second keeps `npm test`'s run of the bench short.
 */
export async function openLoop(url: string, accept: string, ratePerSecond: number, seconds: number): Promise<OpenLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  const kernelBefore = tcpCounters();
  const cpuBefore = process.cpuUsage();
  const warmUp = Math.round((ratePerSecond * seconds) / 2);
  const measured = Math.max(1, Math.round(ratePerSecond * seconds));
  const total = warmUp + measured;
  const latencies: number[] = [];
  let ok = 0;
  let pending = 0;
  let done!: () => void;
  const allDone = new Promise<void>((resolve) => (done = resolve));
  const send = (scheduled: number, counted: boolean) => {
    pending++;
    const finish = (success: boolean) => {
      if (counted) latencies.push(performance.now() - scheduled);
      if (counted && success) ok++;
      if (--pending === 0 && sent === total) done();
    };
    const req = request(url, { agent, headers: { accept, "accept-encoding": READER_ENCODINGS } }, (res) => {
      res.resume();
      res.once("end", () => finish((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300));
      res.once("error", () => finish(false));
    });
    req.once("error", () => finish(false));
    req.end();
  };
  const started = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Every request whose time has come goes now, with its scheduled time as its start.
      while (sent < total && started + (sent * 1000) / ratePerSecond <= now) {
        send(started + (sent * 1000) / ratePerSecond, sent >= warmUp);
        sent++;
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const grace = new Promise<void>((resolve) => setTimeout(resolve, 30_000).unref());
  if (pending > 0) await Promise.race([allDone, grace]);
  const unanswered = pending;
  agent.destroy();
  const kernelAfter = tcpCounters();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    sent: measured,
    ok,
    p99Ms: percentile([...latencies, ...Array(unanswered).fill(30_000)], 0.99),
    unanswered,
    kernel:
      kernelBefore === null || kernelAfter === null
        ? null
        : {
            listenOverflows: kernelAfter.listenOverflows - kernelBefore.listenOverflows,
            synRetransmits: kernelAfter.synRetransmits - kernelBefore.synRetransmits,
          },
    generatorCpu: (cpu.user + cpu.system) / 1000 / (performance.now() - started),
  };
}
