import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { fileURLToPath } from "node:url";
import { START_FLAGS, startArgsOnOwnBuild } from "../scripts/start-command.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the first answered request. */
  startupMs: number;
  stop(): Promise<void>;
}

/** Where a server listens (see `startServer`), the path that answers 200 once it is ready, and how long it may take. */
type StartOptions = { port?: number; readyPath?: string; timeoutMs?: number };

/** Builds the instance and starts it as `npm start` does, in its own process (see `startServer`). */
export function startInstanceServer(env: Record<string, string>, options: StartOptions = {}): Promise<ServerProcess> {
  const args = startArgsOnOwnBuild();
  return spawnServer(args.at(-1)!, args, env, options);
}

/**
 * Starts `script` (a .ts file, relative to the project) in its own Node process, with
 * `npm start`'s flags (e.g. `--max-semi-space-size`, which keeps an idle process smaller: Node 24
 * otherwise lets the young generation grow past 100 MB), through tsx, and waits until `readyPath` answers 200.
 * With `port` undefined the script prints "listening PORT" and that port is used.
 */
export function startServer(script: string, env: Record<string, string>, options: StartOptions = {}): Promise<ServerProcess> {
  return spawnServer(script, [...START_FLAGS, "--import", "tsx", script], env, options);
}

async function spawnServer(script: string, args: string[], env: Record<string, string>, options: StartOptions): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...inheritedEnv(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let port = options.port;
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    port ??= Number(/listening (\d+)/.exec(output)?.[1]) || undefined;
  });
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited (${child.exitCode}): ${output.slice(-500)}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${script} did not answer within ${(options.timeoutMs ?? 60_000) / 1000} s: ${output.slice(-500)}`);
    }
    if (port !== undefined) {
      const ok = await fetch(`http://127.0.0.1:${port}${options.readyPath ?? "/"}`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { child, url: `http://127.0.0.1:${port}`, startupMs: performance.now() - started, stop };
}

/**
 * The bench's own environment without the instance's database and role settings: a
 * DATABASE_URL meant for the PostgreSQL run must not turn the PGlite run into another one.
 */
function inheritedEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, DATA_DIR: _dir, NODE_ROLE: _role, ...rest } = process.env;
  return rest;
}

/** A process's resident memory in megabytes, read from /proc (Linux): now, or (`VmHWM`) the most it has held. */
export function rssMb(pid: number, field: "VmRSS" | "VmHWM" = "VmRSS"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]);
  return kb / 1024;
}

/** Samples a process's RSS every 100 ms while `work` runs; resolves to its result and the peak. */
export async function withPeakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peakMb = rssMb(pid);
  const timer = setInterval(() => {
    try {
      peakMb = Math.max(peakMb, rssMb(pid));
    } catch {
      // the process ended; the work will report why
    }
  }, 100);
  try {
    return { result: await work(), peakMb };
  } finally {
    clearInterval(timer);
  }
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
