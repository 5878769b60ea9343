/**
 * What every figure reports: a measured value beside a ceiling measured in the same run, so
 * that a figure still means something on a busy or slow machine.
 */
export interface Measurement {
  /** Stable id, e.g. "reads.board.rps". */
  id: string;
  figure: string;
  label: string;
  value: number | null;
  unit: string;
  ceiling: { label: string; value: number } | null;
  /**
   * The share of the ceiling reached, 0..1 and higher is better: value / ceiling for a
   * throughput, ceiling / value for a time or a size (where the ceiling is the floor).
   */
  ratio: number | null;
  target: { text: string; met: boolean | null } | null;
  notes?: string;
  error?: string;
}

export type Direction = "higher" | "lower";

export function measurement(spec: {
  id: string;
  figure: string;
  label: string;
  value: number;
  unit: string;
  direction: Direction;
  ceiling?: { label: string; value: number } | null;
  target?: { text: string; met: boolean | null } | null;
  notes?: string;
}): Measurement {
  const { ceiling = null } = spec;
  let ratio: number | null = null;
  if (ceiling !== null && ceiling.value > 0 && spec.value > 0) {
    ratio = spec.direction === "higher" ? spec.value / ceiling.value : ceiling.value / spec.value;
  }
  return {
    id: spec.id,
    figure: spec.figure,
    label: spec.label,
    value: spec.value,
    unit: spec.unit,
    ceiling,
    ratio,
    target: spec.target ?? null,
    ...(spec.notes === undefined ? {} : { notes: spec.notes }),
  };
}

/** A figure that could not be measured: reported, and the suite goes on. */
export function failedMeasurement(id: string, figure: string, label: string, error: unknown): Measurement {
  const message = error instanceof Error ? error.message : String(error);
  return { id, figure, label, value: null, unit: "", ceiling: null, ratio: null, target: null, error: message };
}

/** Target "at least half the ceiling". */
export function halfOfCeiling(ratio: number | null): { text: string; met: boolean | null } {
  return shareOfCeiling(ratio, 0.5);
}

/** Target "at least this share of the ceiling" (issue #19 asks 30% of PGlite's inbox). */
export function shareOfCeiling(ratio: number | null, share: number): { text: string; met: boolean | null } {
  return { text: `≥ ${Math.round(share * 100)}% of ceiling`, met: ratio === null ? null : ratio >= share };
}

/**
 * Runs `task(i)` for i in 0..count-1 with at most `concurrency` in flight; resolves to the
 * elapsed milliseconds.
 */
export async function runPool(count: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return performance.now() - started;
}

/** Requests per second for POSTing every request, `senders` at a time; throws on any answer but 2xx. */
export async function postAll(requests: Request[], senders: number): Promise<number> {
  const ms = await runPool(requests.length, senders, async (i) => {
    const response = await fetch(requests[i]!);
    await response.arrayBuffer();
    if (response.status >= 300) throw new Error(`${requests[i]!.url} answered ${response.status}`);
  });
  return (requests.length * 1000) / ms;
}

/**
 * Calls `task` over and over with `concurrency` in flight for `durationMs`; resolves to
 * calls per second and the latencies' p99 in milliseconds.
 */
export async function runFor(
  durationMs: number,
  concurrency: number,
  task: () => Promise<unknown>,
): Promise<{ perSecond: number; p99Ms: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      await task();
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  return { perSecond: (latencies.length * 1000) / elapsed, p99Ms: percentile(latencies, 0.99) };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** Polls `probe` every 20 ms until it is true; throws after `timeoutMs`. */
export async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
