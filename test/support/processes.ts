import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startArgsOnOwnBuild } from "../../scripts/start-command.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of our entry points (`src/cli.ts`, `src/main.ts`) as a real process. */
export function runScript(script: string, args: string[], env: Record<string, string | undefined>): Promise<Finished> {
  const child = spawnScript(script, args, env);
  return finished(child);
}

export function spawnScript(script: string, args: string[], env: Record<string, string | undefined>): ChildProcess {
  // tsx compiles the JSX pages; Node alone only strips types.
  return spawnNode(["--import", "tsx", script, ...args], env);
}

/** Starts the instance as `npm start` does: built by scripts/build.mjs, with `npm start`'s Node flags. */
export function spawnBuiltServer(env: Record<string, string | undefined>): ChildProcess {
  return spawnNode(startArgsOnOwnBuild(), env);
}

function spawnNode(args: string[], env: Record<string, string | undefined>): ChildProcess {
  return spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NO_COLOR: "1", LOG_LEVEL: "warning", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export function finished(child: ChildProcess): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}
