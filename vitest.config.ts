import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file opens its own database (PGlite's initdb takes a few seconds and ~100 MB);
    // two at once suits the two-core machines we run on.
    maxWorkers: 2,
    // Files share a worker's module graph instead of importing Fedify, Hono, drizzle and
    // PGlite afresh each: measured on this 2-core machine, a run took 547 s isolated and
    // 346 s shared, with the same 538 tests passing. Nothing here mocks modules or stubs
    // globals, and each file starts its own instances, so there is no state to leak.
    isolate: false,
    // Every test file opens and closes PGlite databases in the same worker, and on Node 24
    // (V8 13.6) that churn now and then kills the worker with "Check failed:
    // jit_page_->allocations_.erase(addr) == 1": V8 frees a dying WebAssembly import wrapper
    // twice (nodejs/node#64500; fixed in V8 by 9b8ca54d5a, not backported to Node 24).
    // Without wasm code GC the wrapper is never freed, so the race cannot happen; the cost is
    // a little dead code kept for the worker's life.
    execArgv: ["--no-wasm-code-gc"],
  },
});
