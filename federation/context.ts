import type { Services } from "../src/services.ts";
import type { ActorKeyPairs } from "./keys.ts";

/** What every Fedify callback receives as `ctx.data`. */
export interface FederationData {
  services: Services;
  keys: ActorKeyPairs;
  /** Words for the Notes we publish, in a post's own language. */
  translate: (language: string) => (key: string, values?: Record<string, unknown>) => string;
}

/**
 * The instance actor's identifier. It has a dot, which a network handle cannot have, so the
 * two never collide.
 */
export const INSTANCE_ACTOR = "instance.actor";
