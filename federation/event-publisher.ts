import { randomUUID } from "node:crypto";
import type { Context } from "@fedify/fedify";
import { Accept, Create, Delete, Join, PUBLIC_COLLECTION, type Recipient, Reject, Tombstone } from "@fedify/vocab";
import type { Database } from "../db/database.ts";
import type { EventView } from "../src/events/event.view.ts";
import type { EventPublisher, JoinAnswer } from "../src/events/ports.ts";
import type { FederationData } from "./context.ts";
import { buildEvent, buildEventNote, CreateEvent, eventUri, UpdateEvent } from "./event-objects.ts";
import { toRecipient } from "./remote-actor.ts";

/**
 * Public events on the wire: a Create (then Updates) of the Event in Mobilizon's shape to
 * all followers, a short Note when the time, place or status changes (Mastodon shows no
 * updates of events), a Delete when it becomes members-only, and the answers to Joins.
 */
export class FederationEventPublisher implements EventPublisher {
  readonly #context: () => Context<FederationData>;

  constructor(context: () => Context<FederationData>) {
    this.#context = context;
  }

  async published(tx: Database, event: EventView, created: boolean, moved: boolean): Promise<void> {
    const ctx = this.#context();
    const handle = ctx.data.services.settings.handle;
    const actor = ctx.getActorUri(handle);
    const t = ctx.data.translate("en");
    const object = buildEvent(ctx, event, t);
    const stamp = Date.now();
    const Activity = created ? CreateEvent : UpdateEvent;
    const activity = new Activity({
      id: new URL(`#${created ? "create" : "update"}/${stamp}`, object.id!),
      actor,
      object,
      to: PUBLIC_COLLECTION,
      cc: ctx.getFollowersUri(handle),
    });
    activity.event = object;
    const followers = await followersOf(ctx, tx);
    const options = { orderingKey: `event:${event.id}`, preferSharedInbox: true };
    // One delivery per inbox, never Fedify's fan-out: its worker rebuilds the activity from
    // Fedify's vocabulary, which drops Mobilizon's terms (joinMode, status, places…) and so
    // breaks the object integrity proof made over them.
    await ctx.sendActivity({ identifier: handle }, followers, activity, { ...options, fanout: "skip" });
    if (created || !moved) return;
    const note = buildEventNote(ctx, event, t, stamp);
    await ctx.sendActivity(
      { identifier: handle },
      followers,
      new Create({ id: new URL("#create", note.id!), actor, object: note, to: PUBLIC_COLLECTION, cc: ctx.getFollowersUri(handle) }),
      options,
    );
  }

  async withdrawn(tx: Database, eventId: string): Promise<void> {
    const ctx = this.#context();
    const handle = ctx.data.services.settings.handle;
    const id = eventUri(ctx, eventId);
    await ctx.sendActivity(
      { identifier: handle },
      await followersOf(ctx, tx),
      new Delete({
        id: new URL(`#delete/${Date.now()}`, id),
        actor: ctx.getActorUri(handle),
        object: new Tombstone({ id }),
        to: PUBLIC_COLLECTION,
        cc: ctx.getFollowersUri(handle),
      }),
      { orderingKey: `event:${eventId}`, preferSharedInbox: true },
    );
  }

  async joinAnswered(_tx: Database, answer: JoinAnswer): Promise<void> {
    const ctx = this.#context();
    const handle = ctx.data.services.settings.handle;
    const actor = ctx.getActorUri(handle);
    const Answer = answer.accepted ? Accept : Reject;
    const join = new Join({ id: new URL(answer.joinIri), actor: new URL(answer.actor.iri), object: eventUri(ctx, answer.eventId) });
    await ctx.sendActivity(
      { identifier: handle },
      toRecipient(answer.actor),
      new Answer({
        id: new URL(`#${Answer.name.toLowerCase()}s/${randomUUID()}`, actor),
        actor,
        object: join,
        to: new URL(answer.actor.iri),
      }),
      { orderingKey: `event:${answer.eventId}` },
    );
  }
}

/** Recipients are read in the domain's transaction: Fedify's "followers" would read them beside it. */
async function followersOf(ctx: Context<FederationData>, tx: Database): Promise<Recipient[]> {
  return (await ctx.data.services.networks.acceptedFollowers(tx)).map(toRecipient);
}
