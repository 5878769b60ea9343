import type { Services } from "../src/services.ts";
import type { ActorKeyPairs } from "./keys.ts";

/** What every Fedify callback receives as `ctx.data`. */
export interface FederationData {
  services: Services;
  keys: ActorKeyPairs;
}

/**
 * The instance actor's identifier. It has a dot, which a network handle cannot have, so the
 * two never collide.
 */
export const INSTANCE_ACTOR = "instance.actor";
