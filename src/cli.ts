// Entry point of `npm run cli -- COMMAND …`: the operator's commands (see src/cli/commands.ts).
import { type CliOutput, findCommand, isHelpRequest, runCommand } from "./cli/commands.ts";
import { sendToRunningInstance } from "./cli/control-socket.ts";
import { COPY_COMMAND, COPY_USAGE, copyToPostgres } from "./cli/copy-command.ts";
import { type Config, ConfigError, parseConfig } from "./config.ts";
import type { OpenInstance } from "./instance.ts";
import { DataDirInUseError, runningLockOwner } from "./instance-lock.ts";
import { configureLogging } from "./logging.ts";

const output: CliOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

async function cli(argv: string[]): Promise<number> {
  // Moving to PostgreSQL works on the database itself, with the instance stopped.
  const copying = argv.slice(0, 2).join(" ") === COPY_COMMAND;
  if (copying && (argv.includes("--help") || argv.includes("-h"))) {
    output.out(COPY_USAGE);
    return 0;
  }
  if ((!copying && isHelpRequest(argv)) || findCommand(argv)?.name === "version") return runCommand(argv, null, output);
  let config: Config;
  try {
    // The CLI serves no HTTP, so the web/worker split does not concern it.
    config = parseConfig({ ...process.env, NODE_ROLE: "all" });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    output.err(`error: ${error.message}`);
    return 1;
  }
  await configureLogging(config.logLevel === "info" ? "warning" : config.logLevel);
  if (copying) return copyToPostgres(argv.slice(2), config, output);

  // The embedded database admits one process: if the instance runs, it runs the command.
  if (config.databaseUrl === undefined && runningLockOwner(config.dataDir) !== null) {
    try {
      const result = await sendToRunningInstance(config.dataDir, argv);
      result.stderr.forEach(output.err);
      result.stdout.forEach(output.out);
      return result.exitCode;
    } catch (error) {
      output.err(
        `error: Mycelium is running on ${config.dataDir} but did not answer (${(error as Error).message}). ` +
          "Stop it and run the command again.",
      );
      return 1;
    }
  }

  // Loaded only here: the instance brings in federation, services and their libraries (seconds
  // of start-up), which help, a bad configuration and a running instance's commands never need.
  const { openInstance } = await import("./instance.ts");
  let instance: OpenInstance;
  try {
    instance = await openInstance(config);
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    output.err(`error: ${error.message} Stop it, or run the command again once it has started.`);
    return 1;
  }
  try {
    return await runCommand(argv, instance.services, output);
  } finally {
    await instance.close();
  }
}

process.exitCode = await cli(process.argv.slice(2));
