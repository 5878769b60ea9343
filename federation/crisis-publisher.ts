import { randomUUID } from "node:crypto";
import type { Context } from "@fedify/fedify";
import { Announce, Create, PropertyValue, type Proposal, PUBLIC_COLLECTION, type Recipient, Undo, Update } from "@fedify/vocab";
import type { Database } from "../db/database.ts";
import type { CrisisView } from "../src/crises/crisis.service.ts";
import type { CrisisPublisher } from "../src/crises/ports.ts";
import type { PostView } from "../src/posts/post.view.ts";
import type { ForwardInput, SiblingPostPublisher } from "../src/sibling-posts/ports.ts";
import type { FederationData } from "./context.ts";
import { buildCrisisEvent, buildCrisisNote, crisisEventUri } from "./crisis-objects.ts";
import { buildProposal, EXTRA, proposalUri } from "./post-objects.ts";
import { toRecipient } from "./remote-actor.ts";

/**
 * Crises and forwarded needs on the wire:
 * - a declared or ended crisis: a Note for all followers (#Crisis), an Event for siblings;
 * - a forwarded need: an Announce of its Proposal to our siblings, in the crisis's context,
 *   saying how many more hops it may take;
 * - a need forwarded to us: an Announce of the origin's own Note to our followers (by
 *   reference: Mastodon requires an object's id to be on its author's host), undone when
 *   the need closes.
 */
export class FederationCrisisPublisher implements CrisisPublisher {
  readonly #context: () => Context<FederationData>;

  constructor(context: () => Context<FederationData>) {
    this.#context = context;
  }

  async crisisChanged(tx: Database, crisis: CrisisView, declared: boolean): Promise<void> {
    const ctx = this.#context();
    const handle = ctx.data.services.settings.handle;
    const actor = ctx.getActorUri(handle);
    const stamp = Date.now();
    const Activity = declared ? Create : Update;
    const options = { orderingKey: `crisis:${crisis.id}`, preferSharedInbox: true };
    const note = buildCrisisNote(ctx, crisis, ctx.data.translate("en"));
    await ctx.sendActivity(
      { identifier: handle },
      await followersOf(ctx, tx),
      new Activity({
        id: new URL(`#${declared ? "create" : "update"}/${stamp}`, note.id!),
        actor,
        object: note,
        to: PUBLIC_COLLECTION,
        cc: ctx.getFollowersUri(handle),
      }),
      options,
    );
    const siblings = await siblingsOf(ctx, tx, []);
    if (siblings.length === 0) return;
    const event = buildCrisisEvent(ctx, crisis);
    await ctx.sendActivity(
      { identifier: handle },
      siblings,
      new Activity({ id: new URL(`#${declared ? "create" : "update"}/${stamp}`, event.id!), actor, object: event, to: PUBLIC_COLLECTION }),
      options,
    );
  }

  async needForwarded(tx: Database, post: PostView, crisis: CrisisView | null, hops: number): Promise<void> {
    const ctx = this.#context();
    const forward = {
      objectIri: proposalUri(ctx, post.id).href,
      crisisIri: crisis === null ? null : crisisEventUri(ctx, crisis.id).href,
      hopsLeft: hops - 1,
    };
    // Our own need travels embedded, so siblings need not fetch it (members-only ones cannot be fetched).
    const siblings = await siblingsOf(ctx, tx, []);
    await sendForward(
      ctx,
      tx,
      forward,
      [],
      buildProposal(
        ctx,
        post,
        siblings.map((s) => s.id!),
      ),
    );
  }
}

/** Needs forwarded to us: announced to our followers, passed on to our siblings, and undone when they close. */
export class FederationSiblingPostPublisher implements SiblingPostPublisher {
  readonly #context: () => Context<FederationData>;

  constructor(context: () => Context<FederationData>) {
    this.#context = context;
  }

  async passOn(tx: Database, forward: ForwardInput, exceptActors: string[]): Promise<void> {
    await sendForward(this.#context(), tx, forward, exceptActors);
  }

  async passOnClosure(tx: Database, objectIri: string, exceptActors: string[]): Promise<void> {
    const ctx = this.#context();
    const siblings = await siblingsOf(ctx, tx, exceptActors);
    if (siblings.length === 0) return;
    const handle = ctx.data.services.settings.handle;
    const actor = ctx.getActorUri(handle);
    const to = siblings.map((s) => s.id!);
    await ctx.sendActivity(
      { identifier: handle },
      siblings,
      new Undo({
        id: new URL(`#forwards/${randomUUID()}/undo`, actor),
        actor,
        object: new Announce({ actor, object: new URL(objectIri), tos: to }),
        tos: to,
      }),
      { orderingKey: `forward:${objectIri}`, preferSharedInbox: true },
    );
  }

  async announceNeed(tx: Database, noteIri: string): Promise<string> {
    const ctx = this.#context();
    const handle = ctx.data.services.settings.handle;
    const actor = ctx.getActorUri(handle);
    const id = new URL(`#announces/${randomUUID()}`, actor);
    await ctx.sendActivity(
      { identifier: handle },
      await followersOf(ctx, tx),
      new Announce({ id, actor, object: new URL(noteIri), to: PUBLIC_COLLECTION, cc: ctx.getFollowersUri(handle) }),
      { orderingKey: `announce:${noteIri}`, preferSharedInbox: true },
    );
    return id.href;
  }

  async undoAnnounce(tx: Database, announceIri: string, noteIri: string): Promise<void> {
    const ctx = this.#context();
    const handle = ctx.data.services.settings.handle;
    const actor = ctx.getActorUri(handle);
    const followers = ctx.getFollowersUri(handle);
    await ctx.sendActivity(
      { identifier: handle },
      await followersOf(ctx, tx),
      new Undo({
        id: new URL(`${announceIri}/undo`),
        actor,
        object: new Announce({ id: new URL(announceIri), actor, object: new URL(noteIri), to: PUBLIC_COLLECTION, cc: followers }),
        to: PUBLIC_COLLECTION,
        cc: followers,
      }),
      { orderingKey: `announce:${noteIri}`, preferSharedInbox: true },
    );
  }
}

/** An Announce of a need to our siblings (but those in `except`), saying how many more hops it may take. */
async function sendForward(
  ctx: Context<FederationData>,
  tx: Database,
  forward: ForwardInput,
  except: string[],
  embedded?: Proposal,
): Promise<void> {
  const siblings = await siblingsOf(ctx, tx, except);
  if (siblings.length === 0) return;
  const handle = ctx.data.services.settings.handle;
  const actor = ctx.getActorUri(handle);
  await ctx.sendActivity(
    { identifier: handle },
    siblings,
    new Announce({
      id: new URL(`#forwards/${randomUUID()}`, actor),
      actor,
      object: embedded ?? new URL(forward.objectIri),
      contexts: forward.crisisIri === null ? [] : [new URL(forward.crisisIri)],
      attachments: [new PropertyValue({ name: EXTRA.hops, value: String(Math.max(0, forward.hopsLeft)) })],
      tos: siblings.map((s) => s.id!),
    }),
    { orderingKey: `forward:${forward.objectIri}`, preferSharedInbox: true },
  );
}

/** Recipients are read in the domain's transaction: Fedify's "followers" would read them beside it. */
async function followersOf(ctx: Context<FederationData>, tx: Database): Promise<Recipient[]> {
  return (await ctx.data.services.networks.acceptedFollowers(tx)).map(toRecipient);
}

async function siblingsOf(ctx: Context<FederationData>, tx: Database, except: string[]): Promise<Recipient[]> {
  const siblings = await ctx.data.services.networks.siblings(tx);
  return siblings.filter((s) => !except.includes(s.iri)).map(toRecipient);
}
