import { AsyncLocalStorage } from "node:async_hooks";
import { configure, getConsoleSink, getLogger, getTextFormatter, type Logger, type LogRecord, type Sink } from "@logtape/logtape";
import { DrizzleQueryError } from "drizzle-orm/errors";
import type { LogLevel } from "./config.ts";

/** Every Mycelium logger lives under this category; Fedify logs under "fedify". */
export const LOG_ROOT = "mycelium";

/**
 * A value as it may be logged. A failed query's parameters can hold a requester's contact
 * details, and Fedify's queued deliveries carry the actor's private keys: so a failed query
 * keeps only the database's own complaint, errors wrapping one (Fedify's AggregateError)
 * are rebuilt from cleaned parts, and key material in any text is blanked.
 */
export function loggable(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (!(value instanceof Error) || depth > 8) return value;
  if (value instanceof DrizzleQueryError) return loggable(value.cause ?? new Error("A database query failed."), depth + 1);
  const message = scrubText(value.message);
  const inner = value instanceof AggregateError ? value.errors.map((e) => loggable(e, depth + 1)) : null;
  const cause = value.cause === undefined ? undefined : loggable(value.cause, depth + 1);
  const innerChanged = inner !== null && inner.some((e, i) => e !== (value as AggregateError).errors[i]);
  if (message === value.message && cause === value.cause && !innerChanged) return value;
  const copy = inner === null ? new Error(message, { cause }) : new AggregateError(inner, message, { cause });
  copy.name = value.name;
  copy.stack = `${value.name}: ${message}\n${(value.stack ?? "")
    .split("\n")
    .filter((line) => line.startsWith("    at "))
    .join("\n")}`;
  return copy;
}

const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g;
/** The private members of an RSA or OKP JSON Web Key. */
const JWK_PRIVATE_MEMBER = /("(?:d|p|q|dp|dq|qi)"\s*:\s*")[^"]*"/g;
/** Drizzle writes a failed query's parameters after "params:". */
const QUERY_PARAMS = /\nparams: [\s\S]*$/;

function scrubText(text: string): string {
  return text
    .replace(PEM_PRIVATE_KEY, "[private key]")
    .replace(JWK_PRIVATE_MEMBER, '$1[redacted]"')
    .replace(QUERY_PARAMS, "\nparams: [not logged]");
}

/** Passes every record to `sink` with its values made loggable, whoever logged it (Fedify too). */
export function redactingSink(sink: Sink): Sink {
  return (record: LogRecord) =>
    sink({
      ...record,
      message: record.message.map((part) => loggable(part)),
      properties: Object.fromEntries(Object.entries(record.properties).map(([key, value]) => [key, loggable(value)])),
    });
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
export async function configureLogging(
  level: LogLevel,
  sink: Sink = getConsoleSink({ formatter: getTextFormatter({ value: "bare" }) }),
): Promise<void> {
  await configure({
    reset: true,
    contextLocalStorage: new AsyncLocalStorage(),
    // "bare" (the default sink's) prints strings as they are (no quotes), which reads better in a terminal.
    sinks: { console: redactingSink(sink) },
    loggers: [
      { category: [LOG_ROOT], lowestLevel: level, sinks: ["console"] },
      // Fedify is chatty at info (every delivery); its warnings are what an operator needs
      // unless they asked for more.
      { category: ["fedify"], lowestLevel: level === "info" ? "warning" : level, sinks: ["console"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["console"] },
    ],
  });
}
