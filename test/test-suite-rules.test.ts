import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// Rules for the test suite itself, so that what issue #12 removed does not come back.

const testFiles = readdirSync(new URL(".", import.meta.url)).filter((name) => name.endsWith(".test.ts"));

describe("the test suite", () => {
  it("never sleeps a fixed time to wait for something to happen or not (wait on a signal: settled, whenIdle, eventually)", () => {
    const sleeping = /new Promise\(\s*\(?\s*\w+\s*\)?\s*=>\s*setTimeout\(/;
    const offenders = testFiles.filter((name) => sleeping.test(readFileSync(new URL(name, import.meta.url), "utf8")));
    expect(offenders).toEqual([]);
  });
});
