import type { Services } from "../src/services.ts";
import type { HandleConfirmations } from "./handles.ts";
import type { ActorKeyPairs } from "./keys.ts";
import type { RemoteActorProfiles } from "./remote-actors.ts";

/** What every Fedify callback receives as `ctx.data`. */
export interface FederationData {
  services: Services;
  keys: ActorKeyPairs;
  /** Remote handles, confirmed through WebFinger before they are shown. */
  handles: HandleConfirmations;
  /** The actors that send us activities, reused for a few minutes once fetched. */
  actors: RemoteActorProfiles;
  /** Words for the Notes we publish, in a post's own language. */
  translate: (language: string) => (key: string, values?: Record<string, unknown>) => string;
}

/**
 * The instance actor's identifier. It has a dot, which a network handle cannot have, so the
 * two never collide.
 */
export const INSTANCE_ACTOR = "instance.actor";

/**
 * The federation's context data, in two phases. The publishers are built before the
 * services (the services need them), but they only publish once the services exist:
 * `attach` completes the data then, and any use before it fails with a clear error
 * instead of reading an undefined value.
 */
export class FederationDataSlot {
  #data: FederationData | null = null;

  attach(data: FederationData): void {
    if (this.#data !== null) throw new Error("The federation's context data is already attached.");
    this.#data = data;
  }

  get data(): FederationData {
    if (this.#data === null) throw new Error("The federation was used before the services were attached to it.");
    return this.#data;
  }
}
