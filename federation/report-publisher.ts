import { randomUUID } from "node:crypto";
import type { Context } from "@fedify/fedify";
import { Flag } from "@fedify/vocab";
import type { ForwardedReport, ReportPublisher } from "../src/safety/ports.ts";
import { type FederationData, INSTANCE_ACTOR } from "./context.ts";
import { toRecipient } from "./remote-actor.ts";

/**
 * Forwards reports as Mastodon does: a `Flag` whose `object` is the reported objects and
 * whose `content` is the reporter's words, sent by the instance actor (not the network
 * actor, not a member) so that nothing on the wire says who reported.
 */
export class FederationReportPublisher implements ReportPublisher {
  readonly #context: () => Context<FederationData>;

  constructor(context: () => Context<FederationData>) {
    this.#context = context;
  }

  async forward(report: ForwardedReport): Promise<void> {
    const ctx = this.#context();
    await ctx.sendActivity(
      { identifier: INSTANCE_ACTOR },
      toRecipient(report.target),
      new Flag({
        id: new URL(`/flags/${randomUUID()}`, ctx.canonicalOrigin),
        actor: ctx.getActorUri(INSTANCE_ACTOR),
        objects: report.objectIris.map((iri) => new URL(iri)),
        content: report.text,
      }),
    );
  }
}
