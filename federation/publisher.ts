import { randomUUID } from "node:crypto";
import type { Context } from "@fedify/fedify";
import { Accept, Follow, Reject } from "@fedify/vocab";
import type { NetworkPublisher, RemoteActorProfile } from "../src/networks/ports.ts";
import type { FederationData } from "./context.ts";
import { toRecipient } from "./remote-actor.ts";

/**
 * Turns the domain's announcements into activities. Fedify enqueues each delivery through
 * our database queue, inside whatever transaction the domain has open, so a delivery
 * exists if and only if the change that caused it committed.
 */
export class FederationPublisher implements NetworkPublisher {
  readonly #context: () => Context<FederationData>;

  constructor(context: () => Context<FederationData>) {
    this.#context = context;
  }

  async sendFollow(target: RemoteActorProfile, followId: string): Promise<void> {
    const ctx = this.#context();
    const actor = this.#networkActorUri(ctx);
    const follow = new Follow({ id: followUri(ctx, followId), actor, object: new URL(target.iri) });
    await ctx.sendActivity({ identifier: this.#handle() }, toRecipient(target), follow);
  }

  async sendFollowAccepted(follower: RemoteActorProfile, followActivityIri: string): Promise<void> {
    await this.#answerFollow(Accept, follower, followActivityIri);
  }

  async sendFollowRejected(follower: RemoteActorProfile, followActivityIri: string): Promise<void> {
    await this.#answerFollow(Reject, follower, followActivityIri);
  }

  async #answerFollow(Answer: typeof Accept | typeof Reject, follower: RemoteActorProfile, followActivityIri: string): Promise<void> {
    const ctx = this.#context();
    const actor = this.#networkActorUri(ctx);
    const answer = new Answer({
      id: new URL(`#${Answer.name.toLowerCase()}s/${randomUUID()}`, actor),
      actor,
      object: new Follow({ id: new URL(followActivityIri), actor: new URL(follower.iri), object: actor }),
    });
    await ctx.sendActivity({ identifier: this.#handle() }, toRecipient(follower), answer);
  }

  #handle(): string {
    return this.#context().data.services.settings.handle;
  }

  #networkActorUri(ctx: Context<FederationData>): URL {
    return ctx.getActorUri(this.#handle());
  }
}

const FOLLOW_PATH = /^\/follows\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The IRI of the Follow we send for the `following` row `followId`. */
function followUri(ctx: Context<FederationData>, followId: string): URL {
  return new URL(`/follows/${followId}`, ctx.canonicalOrigin);
}

/** The `following` row id named by one of our Follow IRIs, or null if it is not ours. */
export function parseFollowId(ctx: Context<FederationData>, iri: URL): string | null {
  if (iri.origin !== new URL(ctx.canonicalOrigin).origin) return null;
  return FOLLOW_PATH.exec(iri.pathname)?.[1] ?? null;
}
