import type { Federation } from "@fedify/fedify";
import { isActor } from "@fedify/vocab";
import type { ActorDirectory, RemoteActorProfile } from "../src/networks/ports.ts";
import { INSTANCE_ACTOR, type FederationData } from "./context.ts";
import { toRemoteActorProfile } from "./remote-actor.ts";

/** Looks remote actors up over ActivityPub, signing the fetch as our instance actor. */
export class FederationActorDirectory implements ActorDirectory {
  readonly #federation: Federation<FederationData>;
  readonly #origin: URL;
  readonly #data: () => FederationData;

  constructor(federation: Federation<FederationData>, origin: URL, data: () => FederationData) {
    this.#federation = federation;
    this.#origin = origin;
    this.#data = data;
  }

  async lookUp(actorUrlOrHandle: string): Promise<RemoteActorProfile | null> {
    const ctx = this.#federation.createContext(this.#origin, this.#data());
    const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR });
    const object = await ctx.lookupObject(actorUrlOrHandle, { documentLoader }).catch(() => null);
    return isActor(object) ? toRemoteActorProfile(object) : null;
  }
}
