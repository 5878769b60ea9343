// `npm start`'s command, for the bench and the tests, which start the instance as operators
// do: built by scripts/build.mjs (as `prestart` does) and run with the same Node flags.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** `npm start`'s command from package.json, without `node`: its Node flags, then the built entry point. */
const START_ARGS = (JSON.parse(readFileSync(`${ROOT}/package.json`, "utf8")) as { scripts: { start: string } }).scripts.start
  .split(" ")
  .slice(1);

/** The Node flags `npm start` passes. */
export const START_FLAGS = START_ARGS.filter((arg) => arg.startsWith("--"));

/** This process's own build, made the first time it is asked for and removed when the process ends (or sooner). */
let ownBuild: string | undefined;

/**
 * The arguments to give Node (run from the project's folder) to start the instance as
 * `npm start` does, on a build of this process's own rather than dist/: `npm test` runs test
 * files and the quick bench side by side, and a build replaces the one before it.
 */
export function startArgsOnOwnBuild(): string[] {
  if (ownBuild === undefined) {
    const outdir = `.build/${process.pid}`;
    const build = spawnSync(process.execPath, ["scripts/build.mjs", outdir], { cwd: ROOT, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`scripts/build.mjs failed: ${build.stderr}`);
    process.once("exit", removeOwnBuild);
    ownBuild = outdir;
  }
  const outdir = ownBuild;
  return START_ARGS.map((arg) => arg.replace(/^dist\//, `${outdir}/`));
}

/** Removes this process's build, if it made one (test workers are not always let end by themselves). */
export function removeOwnBuild(): void {
  if (ownBuild !== undefined) rmSync(`${ROOT}/${ownBuild}`, { recursive: true, force: true });
  ownBuild = undefined;
}
