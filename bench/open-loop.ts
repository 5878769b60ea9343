import { Agent, request } from "node:http";
import { percentile } from "./measure.ts";

export interface OpenLoopResult {
  /** Requests sent (on schedule) and answered with a 2xx. */
  sent: number;
  ok: number;
  /** Latency from each request's scheduled start to its last byte, so waiting to be sent counts too. */
  p99Ms: number;
  /** Requests still unanswered when the window closed plus a grace period, counted as failures. */
  unanswered: number;
}

/**
 * Sends GET `url` at a fixed arrival rate for `seconds`, whether or not earlier requests were
 * answered: an open loop. A closed-loop load (autocannon's, even with `overallRate`) only sends
 * a connection's next request once its last one is answered, so a slow server is asked less
 * and the queue it would have built never shows in the latency ("coordinated omission").
 * Each request gets a socket of its own from a large keep-alive pool.
 */
export async function openLoop(url: string, accept: string, ratePerSecond: number, seconds: number): Promise<OpenLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  const total = Math.max(1, Math.round(ratePerSecond * seconds));
  const latencies: number[] = [];
  let ok = 0;
  let pending = 0;
  let done!: () => void;
  const allDone = new Promise<void>((resolve) => (done = resolve));
  const send = (scheduled: number) => {
    pending++;
    const finish = (success: boolean) => {
      latencies.push(performance.now() - scheduled);
      if (success) ok++;
      if (--pending === 0 && sent === total) done();
    };
    const req = request(url, { agent, headers: { accept } }, (res) => {
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
      while (sent < total && started + (sent * 1000) / ratePerSecond <= now) send(started + (sent++ * 1000) / ratePerSecond);
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const grace = new Promise<void>((resolve) => setTimeout(resolve, 30_000).unref());
  if (pending > 0) await Promise.race([allDone, grace]);
  const unanswered = pending;
  agent.destroy();
  return { sent: total, ok, p99Ms: percentile([...latencies, ...Array(unanswered).fill(30_000)], 0.99), unanswered };
}
