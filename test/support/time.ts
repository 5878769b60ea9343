import { Temporal } from "@js-temporal/polyfill";

/**
 * A Temporal.Duration from the polyfill Fedify uses at run time, typed as the built-in
 * Temporal its declarations name (Node 24 has no global Temporal yet).
 */
export function milliseconds(ms: number): globalThis.Temporal.Duration {
  // biome-ignore lint/plugin: the polyfill's Duration is the global Temporal's that Fedify's declarations name.
  return Temporal.Duration.from({ milliseconds: ms }) as unknown as globalThis.Temporal.Duration;
}
