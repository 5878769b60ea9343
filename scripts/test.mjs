// Runs the test suite with vitest and ends with one plain line, "N passed, N failed",
// which is what our CI reads (it does not parse vitest's own summary).
// Extra arguments go to vitest: `npm test -- test/config.test.ts`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "mycelium-test-"));
const report = join(dir, "report.json");
const run = spawnSync(
  process.execPath,
  [
    "node_modules/vitest/vitest.mjs",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: "inherit", env: { NO_COLOR: "1", ...process.env } },
);
let summary;
try {
  summary = JSON.parse(readFileSync(report, "utf8"));
} catch {
  console.error("The test run wrote no report; it did not finish.");
}
rmSync(dir, { recursive: true, force: true });
if (summary) {
  const skipped = summary.numPendingTests + summary.numTodoTests;
  // A file that fails to load counts as a failure even though none of its tests ran.
  const filesThatDidNotLoad = summary.testResults.filter(
    (file) => file.status === "failed" && !file.assertionResults.some((t) => t.status === "failed"),
  ).length;
  const failed = summary.numFailedTests + filesThatDidNotLoad;
  console.log(`${summary.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
}
process.exit(run.status ?? 1);
