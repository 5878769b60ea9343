import { chmodSync, rmSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { join } from "node:path";
import type { Services } from "../services.ts";
import { runCommand } from "./commands.ts";

/**
 * With the embedded database only one process may open the data directory, so while an
 * instance runs, the CLI hands its command to the instance over a Unix socket in the data
 * directory (readable by its owner only) and prints what comes back.
 */
export function controlSocketPath(dataDir: string): string {
  return join(dataDir, "cli.sock");
}

interface CommandResult {
  stdout: string[];
  stderr: string[];
  exitCode: number;
}

export async function serveControlSocket(dataDir: string, services: Services): Promise<Server> {
  const path = controlSocketPath(dataDir);
  rmSync(path, { force: true }); // a socket left by a process that was killed
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const result: CommandResult = { stdout: [], stderr: [], exitCode: 0 };
    try {
      const { argv } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { argv: unknown };
      if (!Array.isArray(argv) || !argv.every((a) => typeof a === "string")) throw new Error("argv must be strings");
      result.exitCode = await runCommand(argv, services, {
        out: (line) => result.stdout.push(line),
        err: (line) => result.stderr.push(line),
      });
    } catch (error) {
      result.stderr.push(`The running instance could not run the command: ${(error as Error).message}`);
      result.exitCode = 1;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return server;
}

/** Runs `argv` in the instance listening on the data directory's socket. */
export function sendToRunningInstance(dataDir: string, argv: readonly string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: controlSocketPath(dataDir), method: "POST", path: "/" }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as CommandResult);
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    req.on("error", reject);
    req.end(JSON.stringify({ argv }));
  });
}
