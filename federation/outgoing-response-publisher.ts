import { randomUUID } from "node:crypto";
import type { Context } from "@fedify/fedify";
import { Accept, Agreement, Commitment, Measure, Offer, Reject } from "@fedify/vocab";
import { parseDecimal } from "@fedify/vocab-runtime";
import type { RemoteActorProfile } from "../src/networks/ports.ts";
import type { ResponsePublisher } from "../src/posts/ports.ts";
import type { OutgoingResponseOffer, OutgoingResponsePublisher } from "../src/sibling-posts/ports.ts";
import type { FederationData } from "./context.ts";
import { toRecipient } from "./remote-actor.ts";

const RESPONSE_PATH = /^\/responses\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The IRI of our Offer for the outgoing response `id`. */
export function responseUri(ctx: Context<FederationData>, id: string): URL {
  return new URL(`/responses/${id}`, ctx.canonicalOrigin);
}

/** The outgoing response named by one of our Offer IRIs, or null. */
export function parseResponseId(ctx: Context<FederationData>, iri: URL): string | null {
  if (iri.origin !== new URL(ctx.canonicalOrigin).origin) return null;
  return RESPONSE_PATH.exec(iri.pathname)?.[1] ?? null;
}

/**
 * Help across networks, as FEP-0837 has it: a helper's network sends an `Offer` of an
 * `Agreement` whose `Commitment` satisfies the need's `Intent`; the need's network answers
 * with `Accept` or `Reject` of that Offer. Nothing personal travels either way. This side
 * sends our members' Offers.
 */
export class FederationOutgoingResponsePublisher implements OutgoingResponsePublisher {
  readonly #context: () => Context<FederationData>;

  constructor(context: () => Context<FederationData>) {
    this.#context = context;
  }

  async sendOffer(offer: OutgoingResponseOffer): Promise<void> {
    const ctx = this.#context();
    const handle = ctx.data.services.settings.handle;
    const actor = ctx.getActorUri(handle);
    const id = responseUri(ctx, offer.responseId);
    const origin = new URL(offer.origin.iri);
    await ctx.sendActivity(
      { identifier: handle },
      toRecipient(offer.origin),
      new Offer({
        id,
        actor,
        object: new Agreement({
          id: new URL("#agreement", id),
          attribution: actor,
          content: offer.message,
          mediaType: "text/plain",
          stipulates: new Commitment({
            id: new URL("#commitment", id),
            satisfies: new URL("#intent", offer.proposalIri),
            resourceQuantity:
              offer.quantity === null
                ? null
                : new Measure({ unit: offer.unit ?? "one", numericalValue: parseDecimal(String(offer.quantity)) }),
          }),
        }),
        target: new URL(offer.proposalIri),
        to: origin,
      }),
    );
  }
}

/** The need's side of help across networks: Accept or Reject of a sibling's Offer. */
export class FederationResponsePublisher implements ResponsePublisher {
  readonly #context: () => Context<FederationData>;

  constructor(context: () => Context<FederationData>) {
    this.#context = context;
  }

  async answerOffer(helperNetwork: RemoteActorProfile, offerIri: string, accepted: boolean): Promise<void> {
    const ctx = this.#context();
    const handle = ctx.data.services.settings.handle;
    const actor = ctx.getActorUri(handle);
    const Answer = accepted ? Accept : Reject;
    await ctx.sendActivity(
      { identifier: handle },
      toRecipient(helperNetwork),
      new Answer({
        id: new URL(`#${accepted ? "accepts" : "rejects"}/${randomUUID()}`, actor),
        actor,
        object: new URL(offerIri),
        to: new URL(helperNetwork.iri),
      }),
    );
  }
}
