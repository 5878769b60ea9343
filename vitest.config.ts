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
  },
});
