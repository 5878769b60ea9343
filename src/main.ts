// Entry point of `npm start`: reads the environment, starts the instance, and stops it
// cleanly on SIGINT/SIGTERM so that the embedded database is never left half-written.
import { type Config, ConfigError, parseConfig } from "./config.ts";
import type { RunningInstance } from "./instance.ts";
import { DataDirInUseError } from "./instance-lock.ts";
import { configureLogging, logger } from "./logging.ts";

const SHUTDOWN_GRACE_MS = 15_000;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Mycelium cannot start: ${error.message}`);
    process.exit(1);
  }
  await configureLogging(config.logLevel);
  const log = logger("main");

  let instance: RunningInstance;
  try {
    // Loaded only once the configuration is good: a mistake in it is told at once, without
    // first loading the whole server.
    const { startInstance } = await import("./instance.ts");
    instance = await startInstance(config);
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      console.error(`Mycelium cannot start: ${error.message} Stop it first, or set DATA_DIR to another folder.`);
      process.exit(1);
    }
    const { code, port } = error as NodeJS.ErrnoException & { port?: number };
    if (code === "EADDRINUSE") {
      const variable =
        config.metricsListener !== null && port === config.metricsListener.port && port !== config.port ? "METRICS_PORT" : "PORT";
      console.error(`Mycelium cannot start: port ${port ?? config.port} is already in use. Set ${variable} to a free port.`);
      process.exit(1);
    }
    throw error;
  }
  if (instance.listeningUrl !== null) {
    log.info("Open {origin} in a browser; listening on {url}", {
      origin: config.origin.href,
      url: instance.listeningUrl.href,
    });
  }

  const shutdown = (signal: string) => {
    log.info("Received {signal}; finishing what is in flight", { signal });
    const forced = setTimeout(() => {
      log.error("Still busy after {ms} ms; exiting anyway", { ms: SHUTDOWN_GRACE_MS });
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    forced.unref();
    instance.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error("Error while stopping: {error}", { error });
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

await main();
