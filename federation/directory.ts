import type { Context } from "@fedify/fedify";
import { isActor } from "@fedify/vocab";
import type { ActorDirectory, RemoteActorProfile } from "../src/networks/ports.ts";
import { type FederationData, INSTANCE_ACTOR } from "./context.ts";
import { toRemoteActorProfile } from "./remote-actor.ts";

/** Looks remote actors up over ActivityPub, signing the fetch as our instance actor. */
export class FederationActorDirectory implements ActorDirectory {
  readonly #context: () => Context<FederationData>;

  constructor(context: () => Context<FederationData>) {
    this.#context = context;
  }

  async lookUp(actorUrlOrHandle: string): Promise<RemoteActorProfile | null> {
    const ctx = this.#context();
    const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR });
    const object = await ctx.lookupObject(actorUrlOrHandle, { documentLoader }).catch(() => null);
    return isActor(object) ? toRemoteActorProfile(ctx, object) : null;
  }
}
