import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file opens its own database (PGlite's initdb takes a few seconds and ~100 MB);
    // two at once suits the two-core machines we run on.
    maxWorkers: 2,
  },
});
