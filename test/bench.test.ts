// Keeps `npm run bench` from rotting: the suite runs with tiny sizes (--quick) on this
// test run's database driver, and every figure must come out measured.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BenchReport } from "../bench/report.ts";
import { testDriver } from "./support/database.ts";

const FIGURES_WITH_TARGETS = [
  "fanout.deliveries_per_s",
  "inbox.creates_per_s",
  "reads.board.rps",
  "reads.listPosts.rps",
  "reads.outbox.rps",
  "matching.suggest_ms",
  "matching.full_pass_s",
];
const OTHER_FIGURES = [
  "reads.post.rps",
  "reads.board.p99_ms",
  "reads.post.p99_ms",
  "reads.listPosts.p99_ms",
  "reads.outbox.p99_ms",
  "memory.rss_idle_mb",
  "memory.rss_load_mb",
  "startup.first_request_ms",
];

describe("npm run bench --quick", () => {
  const out = mkdtempSync(join(tmpdir(), "mycelium-bench-test-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("measures every figure beside its ceiling and says whether each target was met", () => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      DATABASE_URL: undefined,
      BENCH_DATABASE_URL: process.env.TEST_DATABASE_URL,
    };
    // --no-wasm-code-gc as `npm run bench` has it: the bench opens and closes PGlite in one
    // process, which on Node 24 can crash V8 (vitest.config.ts says why).
    const run = spawnSync(
      process.execPath,
      ["--no-wasm-code-gc", "--import", "tsx", "bench/run.ts", "--quick", "--driver", testDriver, "--out", out],
      {
        env,
        encoding: "utf8",
        timeout: 170_000,
      },
    );
    // Its progress lines say how long each step took, should the run be cut short by the timeout.
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);

    const report = JSON.parse(readFileSync(join(out, "latest.json"), "utf8")) as BenchReport;
    expect(report.quick).toBe(true);
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.runs.map((r) => r.driver)).toEqual([testDriver]);
    const byId = new Map(report.runs[0]!.measurements.map((m) => [m.id, m]));
    for (const id of [...FIGURES_WITH_TARGETS, ...OTHER_FIGURES]) {
      const m = byId.get(id);
      expect(m, id).toBeDefined();
      expect(m!.error, `${id}: ${m!.error}`).toBeUndefined();
      expect(m!.value, id).toBeGreaterThan(0);
      expect(m!.ceiling?.value, id).toBeGreaterThan(0);
      expect(m!.ratio, id).toBeGreaterThan(0);
    }
    for (const id of FIGURES_WITH_TARGETS) expect(typeof byId.get(id)!.target?.met, id).toBe("boolean");
    // The one target that depends on the driver: memory on PGlite, latency on PostgreSQL.
    const driverTarget = testDriver === "pglite" ? "memory.rss_idle_mb" : "reads.board.p99_ms";
    expect(typeof byId.get(driverTarget)!.target?.met).toBe("boolean");

    const table = readFileSync(join(out, "latest.md"), "utf8");
    expect(table).toContain(testDriver === "pglite" ? "PGlite" : "PostgreSQL");
    for (const figure of ["1. Fan-out", "2. Inbox", "3. Reads", "4. Matching", "5. Memory and start-up"]) expect(table).toContain(figure);
    expect(table).not.toContain("error:");
    // Figure 7: the reads and matching again on a network of another size, beside the main run's.
    for (const id of ["reads.board.rps", "reads.outbox.p99_ms", "matching.full_pass_s"]) {
      const grown = byId.get(`growth.200.${id}`);
      expect(grown?.value, `growth.200.${id}: ${grown?.error}`).toBeGreaterThan(0);
    }
    expect(table).toMatch(/\| Figure \| 200 posts \| 1,000 posts \|/);
  }, 180_000);
});
