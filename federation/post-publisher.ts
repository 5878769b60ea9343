import type { Context } from "@fedify/fedify";
import { Create, Delete, PUBLIC_COLLECTION, Tombstone, Update, type Activity, type Recipient } from "@fedify/vocab";

import type { Database } from "../db/database.ts";
import type { RemoteActorProfile } from "../src/networks/ports.ts";
import type { FederationAudience, PostChange, PostPublisher } from "../src/posts/ports.ts";
import type { PostView } from "../src/posts/post.view.ts";
import type { FederationData } from "./context.ts";
import { buildNote, buildProposal, noteUri, proposalUri } from "./post-objects.ts";
import { toRecipient } from "./remote-actor.ts";

const reachesFollowers = (audience: FederationAudience) => audience === "everyone";
const reachesSiblings = (audience: FederationAudience) => audience !== "none";

/**
 * Sends each change to a post twice over: as a Note to all followers (what Mastodon shows),
 * and as a FEP-0837 Proposal to sibling networks (what they rebuild the post from). A post
 * that newly reaches an audience is a Create, one that still does an Update, one that no
 * longer does (deleted, or made private) a Delete. One ordering key per post keeps them in
 * order.
 */
export class FederationPostPublisher implements PostPublisher {
  readonly #context: () => Context<FederationData>;

  constructor(context: () => Context<FederationData>) {
    this.#context = context;
  }

  async postChanged(tx: Database, { post, postId, before, after }: PostChange): Promise<void> {
    const ctx = this.#context();
    const handle = ctx.data.services.settings.handle;
    const actor = ctx.getActorUri(handle);
    const followersUri = ctx.getFollowersUri(handle);
    const options = { orderingKey: `post:${postId}`, preferSharedInbox: true };
    const stamp = Date.now();

    const noteActivity = this.#activity({
      actor,
      objectId: noteUri(ctx, postId),
      object: () => buildNote(ctx, post!, ctx.data.translate(post!.language)),
      was: reachesFollowers(before),
      is: post !== null && reachesFollowers(after),
      stamp,
      addressing: { to: PUBLIC_COLLECTION, cc: followersUri },
    });
    // Recipients are read here, in the transaction: Fedify's "followers" would read them beside it.
    const followers = (await ctx.data.services.networks.acceptedFollowers(tx)).map(toRecipient);
    if (noteActivity && followers.length > 0) await ctx.sendActivity({ identifier: handle }, followers, noteActivity, options);

    const siblings = await ctx.data.services.networks.siblings(tx);
    if (siblings.length === 0) return;
    const siblingIds = siblings.map((s) => new URL(s.iri));
    const proposalActivity = this.#activity({
      actor,
      objectId: proposalUri(ctx, postId),
      object: () => buildProposal(ctx, post!, siblingIds),
      was: reachesSiblings(before),
      is: post !== null && reachesSiblings(after),
      stamp,
      addressing: after === "everyone" ? { to: PUBLIC_COLLECTION, ccs: siblingIds } : { tos: siblingIds },
    });
    if (proposalActivity)
      await ctx.sendActivity({ identifier: handle }, siblings.map(toRecipient) as Recipient[], proposalActivity, options);
  }

  async introduce(post: PostView, audience: FederationAudience, sibling: RemoteActorProfile): Promise<void> {
    const ctx = this.#context();
    const handle = ctx.data.services.settings.handle;
    const recipient = new URL(sibling.iri);
    const proposal = buildProposal(ctx, post, [recipient]);
    await ctx.sendActivity(
      { identifier: handle },
      toRecipient(sibling),
      new Create({
        id: new URL(`#create/${Date.now()}`, proposal.id!),
        actor: ctx.getActorUri(handle),
        object: proposal,
        ...(audience === "everyone" ? { to: PUBLIC_COLLECTION, cc: recipient } : { to: recipient }),
      }),
      { orderingKey: `post:${post.id}`, preferSharedInbox: true },
    );
  }

  #activity(spec: {
    actor: URL;
    objectId: URL;
    object: () => Tombstone | ReturnType<typeof buildNote> | ReturnType<typeof buildProposal>;
    was: boolean;
    is: boolean;
    stamp: number;
    addressing: Record<string, URL | URL[]>;
  }): Activity | null {
    const { actor, objectId, was, is, stamp, addressing } = spec;
    if (is) {
      const values = { actor, object: spec.object(), ...addressing };
      return was
        ? new Update({ id: new URL(`#update/${stamp}`, objectId), ...values })
        : new Create({ id: new URL(`#create/${stamp}`, objectId), ...values });
    }
    if (was) {
      return new Delete({
        id: new URL(`#delete/${stamp}`, objectId),
        actor,
        object: new Tombstone({ id: objectId }),
        ...addressing,
      });
    }
    return null;
  }
}
