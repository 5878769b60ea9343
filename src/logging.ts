import { AsyncLocalStorage } from "node:async_hooks";
import { configure, getConsoleSink, getLogger, getTextFormatter, type Logger } from "@logtape/logtape";
import type { LogLevel } from "./config.ts";

/** Every Mycelium logger lives under this category; Fedify logs under "fedify". */
export const LOG_ROOT = "mycelium";

export function logger(...category: string[]): Logger {
  return getLogger([LOG_ROOT, ...category]);
}

/**
 * Sends Mycelium's and Fedify's logs to the console at the given level. Safe to call
 * more than once (tests start several instances in one process).
 */
export async function configureLogging(level: LogLevel): Promise<void> {
  await configure({
    reset: true,
    contextLocalStorage: new AsyncLocalStorage(),
    // "bare" prints strings as they are (no quotes), which reads better in a terminal.
    sinks: { console: getConsoleSink({ formatter: getTextFormatter({ value: "bare" }) }) },
    loggers: [
      { category: [LOG_ROOT], lowestLevel: level, sinks: ["console"] },
      // Fedify is chatty at info (every delivery); its warnings are what an operator needs
      // unless they asked for more.
      { category: ["fedify"], lowestLevel: level === "info" ? "warning" : level, sinks: ["console"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["console"] },
    ],
  });
}
