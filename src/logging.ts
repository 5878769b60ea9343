import { AsyncLocalStorage } from "node:async_hooks";
import { configure, getConsoleSink, getLogger, getTextFormatter, type Logger } from "@logtape/logtape";
import { DrizzleQueryError } from "drizzle-orm/errors";
import type { LogLevel } from "./config.ts";

/** Every Mycelium logger lives under this category; Fedify logs under "fedify". */
export const LOG_ROOT = "mycelium";

/**
 * An error as it may be logged: a failed query's parameters can hold a requester's contact
 * details, so only the database's own complaint is kept.
 */
export function loggable(error: unknown): unknown {
  if (error instanceof DrizzleQueryError) return error.cause ?? new Error("A database query failed.");
  return error;
}

/** The database refused text containing a NUL character (PostgreSQL cannot store one). */
export function isNulCharacterError(error: unknown): boolean {
  const cause = error instanceof DrizzleQueryError ? error.cause : error;
  const text = `${(cause as { code?: string })?.code ?? ""} ${(cause as Error)?.message ?? ""}`;
  return /22021|22P05|0x00|\\u0000/.test(text);
}

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
