import type { Federation, InboxContext } from "@fedify/fedify";
import {
  Accept,
  Activity,
  Agreement,
  Announce,
  Create,
  Delete,
  Event,
  Flag,
  Follow,
  Join,
  Leave,
  Note,
  Offer,
  Proposal,
  Reject,
  Undo,
  Update,
} from "@fedify/vocab";
import { loggable, logger } from "../src/logging.ts";
import { MAX_QUANTITY } from "../src/posts/post.schema.ts";
import { type FederationData, INSTANCE_ACTOR } from "./context.ts";
import { readCrisisEvent } from "./crisis-objects.ts";
import { receiveJoin, receiveLeave } from "./event-inbox.ts";
import { readSiblingEvent } from "./event-objects.ts";
import { parseResponseId } from "./outgoing-response-publisher.ts";
import { EXTRA, readExtras, readProposal } from "./post-objects.ts";
import { parseFollowId } from "./publisher.ts";
import { toRemoteActorProfile } from "./remote-actor.ts";

const log = logger("federation", "inbox");

/**
 * What we do with activities that arrive. Fedify has verified the signature and that the
 * activity's actor is the signer before any of these run; malformed activities are
 * logged and dropped, never thrown (a throw would make Fedify retry them).
 */
export function registerInbox(federation: Federation<FederationData>): void {
  federation
    .setInboxListeners("/actors/{identifier}/inbox", "/inbox")
    .setSharedKeyDispatcher(() => ({ identifier: INSTANCE_ACTOR }))
    // No "already processed?" read as an activity is posted: with a queue, Fedify 2.3.6 marks an
    // activity done under another key (the queue's worker checks and marks its own), so that
    // read never found anything and cost a statement on every activity. A second delivery of
    // the same activity is still dropped, by the worker.
    .withIdempotency(() => null)
    .on(
      Follow,
      unlessBlocked(async (ctx, follow) => {
        // (Remote text is cleaned of NUL characters in toRemoteActorProfile and the readers.)
        if (follow.id === null || follow.objectId === null) return drop("Follow without id or object", follow.id);
        const target = ctx.parseUri(follow.objectId);
        if (target?.type !== "actor" || target.identifier !== ctx.data.services.settings.handle) {
          return drop("Follow of someone else", follow.id);
        }
        const profile = await ctx.data.actors.actorOf(ctx, follow);
        if (profile === null) return drop("Follow from an actor without an inbox", follow.id);
        await ctx.data.services.networks.receiveFollow(profile, follow.id.href);
      }),
    )
    .on(
      Accept,
      unlessBlocked((ctx, accept) => answerToOurFollow(ctx, accept, true)),
    )
    .on(
      Reject,
      unlessBlocked((ctx, reject) => answerToOurFollow(ctx, reject, false)),
    )
    .on(
      Create,
      unlessBlocked((ctx, create) => receivePostOrReply(ctx, create)),
    )
    .on(
      Update,
      unlessBlocked(async (ctx, update) => {
        // An actor's Update of itself (a profile edit): what we kept of it is stale now.
        if (update.actorId !== null && update.objectId?.href === update.actorId.href) return ctx.data.actors.forget(update.actorId.href);
        await receivePostOrReply(ctx, update);
      }),
    )
    .on(
      Delete,
      unlessBlocked(async (ctx, del) => {
        if (del.objectId === null || del.actorId === null) return drop("Delete without object or actor", del.id);
        // Only its author can delete a thing; the stores below check the actor owns it.
        await ctx.data.services.siblingPosts.remove(del.actorId.href, del.objectId.href);
        await ctx.data.services.responses.removeReply(del.actorId.href, del.objectId.href);
        await ctx.data.services.siblingEvents.remove(del.actorId.href, del.objectId.href);
      }),
    )
    .on(
      Announce,
      unlessBlocked(async (ctx, announce) => {
        // A sibling forwarding a need (an Announce of a Proposal); boosts of our Notes are ignored.
        if (announce.actorId === null || announce.objectId === null) return drop("Announce without actor or object", announce.id);
        const object = await announce.getObject(ctx).catch(() => null);
        if (!(object instanceof Proposal)) return drop("an Announce of something other than a need", announce.id);
        const need = await readProposal(object);
        const origin = await object.getAttribution(ctx).catch(() => null);
        const originProfile = origin === null ? null : await toRemoteActorProfile(ctx, origin);
        const forwarderProfile = await ctx.data.actors.actorOf(ctx, announce);
        if (need === null || originProfile === null || forwarderProfile === null) return drop("a forward we cannot read", announce.id);
        if (await ctx.data.services.serverBlocks.isBlocked(originProfile.iri)) return drop("a need from a blocked server", announce.id);
        const hops = Number.parseInt((await readExtras(announce).catch(() => new Map<string, string>())).get(EXTRA.hops) ?? "0", 10);
        const crisisIri = announce.contextIds[0] ?? null;
        // The crisis may not have reached us yet (its own delivery can come later): fetch it.
        if (crisisIri !== null && !(await ctx.data.services.siblingPosts.knowsCrisis(crisisIri.href))) {
          const event = await ctx
            .lookupObject(crisisIri, { documentLoader: await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR }) })
            .catch(() => null);
          const crisis = event instanceof Event ? await readCrisisEvent(event) : null;
          if (crisis !== null && event instanceof Event && event.attributionId?.href === originProfile.iri) {
            await ctx.data.services.siblingPosts.receiveCrisis(originProfile, crisis);
          }
        }
        await ctx.data.services.siblingPosts.receiveForward(forwarderProfile, originProfile, need, {
          objectIri: need.objectIri,
          crisisIri: crisisIri?.href ?? null,
          // However many hops a sender claims, a need goes through at most three networks.
          hopsLeft: Number.isInteger(hops) ? Math.min(Math.max(hops, 0), 2) : 0,
        });
      }),
    )
    .on(
      Offer,
      unlessBlocked(async (ctx, offer) => {
        // Help from a sibling network's member: an Offer of an Agreement committing to our need.
        if (offer.id === null || offer.actorId === null) return drop("Offer without id or actor", offer.id);
        const agreement = await offer.getObject(ctx).catch(() => null);
        if (!(agreement instanceof Agreement)) return drop("an Offer of something other than an Agreement", offer.id);
        const satisfies = agreement.stipulates?.satisfies;
        const target = satisfies ? ctx.parseUri(new URL(satisfies.pathname, satisfies)) : null;
        if (target?.type !== "object" || target.class !== Proposal) return drop("an Offer for something not ours", offer.id);
        const profile = await ctx.data.actors.actorOf(ctx, offer);
        if (profile === null) return drop("Offer from an actor without an inbox", offer.id);
        const quantity = Number(agreement.stipulates?.resourceQuantity?.numericalValue ?? Number.NaN);
        await ctx.data.services.responses.receiveOffer(target.values.id!, profile, {
          objectIri: offer.id.href,
          message: agreement.content?.toString() ?? "",
          quantity: Number.isInteger(quantity) && quantity > 0 && quantity <= MAX_QUANTITY ? quantity : null,
        });
      }),
    )
    .on(
      Flag,
      unlessBlocked(async (ctx, flag) => {
        // A report from another server (Mastodon's shape): the objects it names that are our
        // posts become reports from that server's host; anything else it names is ignored.
        if (flag.actorId === null) return drop("Flag without actor", flag.id);
        const postIds = flag.objectIds.flatMap((iri) => {
          const target = ctx.parseUri(iri);
          return target?.type === "object" && typeof target.values.id === "string" ? [target.values.id] : [];
        });
        const filed = await ctx.data.services.reports.receiveFlag(flag.actorId.host, postIds, flag.content?.toString() ?? "");
        if (filed === 0) return drop("a Flag about nothing of ours", flag.id);
      }),
    )
    .on(
      Join,
      unlessBlocked(async (ctx, join) => droppedIf(await receiveJoin(ctx, join), join.id)),
    )
    .on(
      Leave,
      unlessBlocked(async (ctx, leave) => droppedIf(await receiveLeave(ctx, leave), leave.id)),
    )
    .on(
      Undo,
      unlessBlocked(async (ctx, undo) => {
        const object = await undo.getObject(ctx).catch(() => null);
        if (object instanceof Join) return droppedIf(await receiveLeave(ctx, undo, object), undo.id);
        if (object instanceof Announce && undo.actorId !== null && object.objectId !== null) {
          // A network that passed us a need says it closed: ask its origin how it stands now.
          const latest = await ctx
            .lookupObject(object.objectId, { documentLoader: await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR }) })
            .catch(() => null);
          const need = latest instanceof Proposal ? await readProposal(latest) : null;
          await ctx.data.services.siblingPosts.receiveForwardClosed(undo.actorId.href, object.objectId.href, need);
          return;
        }
        if (!(object instanceof Follow) || undo.actorId === null) return drop("Undo of something we do not track", undo.id);
        if (object.actorId?.href !== undo.actorId.href) return drop("Undo of another actor's Follow", undo.id);
        await ctx.data.services.networks.receiveUnfollow(undo.actorId.href, object.id?.href);
      }),
    )
    // Every other activity (an Add to someone's collection, a Like…) is ignored quietly, as
    // ActivityPub expects of a server that does not use it. Fedify picks the most specific
    // listener, so this one only hears what none of the above handles.
    .on(Activity, (_ctx, activity) => drop(`${activity.constructor.name}, which we do not use`, activity.id))
    .onError((_ctx, error) => {
      log.error("Could not handle an incoming activity: {error}", { error: loggable(error) });
    });
}

/**
 * A listener that first drops activities from a blocked server or actor. The inbox already
 * refuses their deliveries (web/inbox-guard.ts); this catches those queued before the block.
 */
function unlessBlocked<T extends Activity>(
  handler: (ctx: InboxContext<FederationData>, activity: T) => Promise<void> | void,
): (ctx: InboxContext<FederationData>, activity: T) => Promise<void> {
  return async (ctx, activity) => {
    if (activity.actorId !== null && (await ctx.data.services.serverBlocks.isBlocked(activity.actorId))) {
      return drop("an activity from a blocked server or actor", activity.id);
    }
    await handler(ctx, activity);
  };
}

/**
 * An Accept or Reject of a Follow we sent. We match the object's id against our own follow
 * ids rather than dereferencing it: the embedded Follow's id is on our host, and Fedify
 * would refetch it from there and get nothing useful.
 */
async function answerToOurFollow(ctx: InboxContext<FederationData>, answer: Accept | Reject, accepted: boolean): Promise<void> {
  if (answer.objectId === null || answer.actorId === null) return drop("Answer without object or actor", answer.id);
  const followId = parseFollowId(ctx, answer.objectId);
  if (followId !== null) return ctx.data.services.networks.receiveFollowAnswer(followId, answer.actorId.href, accepted);
  const responseId = parseResponseId(ctx, answer.objectId);
  if (responseId !== null) return ctx.data.services.outgoingResponses.receiveAnswer(responseId, answer.actorId.href, accepted);
  drop("Answer to something we did not send", answer.id);
}

/**
 * A Create or Update that carries a sibling's Proposal (stored as a nearby post), its crisis
 * or public event, or a reply to one of our Notes (kept as a response for coordinators).
 * Anything else is dropped.
 */
async function receivePostOrReply(ctx: InboxContext<FederationData>, activity: Create | Update): Promise<void> {
  if (activity.actorId === null) return drop("activity without actor", activity.id);
  const object = await activity.getObject(ctx).catch(() => null);
  if (object === null || object.id === null) return drop("activity without a usable object", activity.id);
  if (object.attributionId?.href !== activity.actorId.href) return drop("object attributed to someone else", activity.id);
  const profile = await ctx.data.actors.actorOf(ctx, activity);
  if (profile === null) return drop("actor without an inbox", activity.id);

  if (object instanceof Event) {
    // An Event with a severity is a crisis; any other is a public gathering.
    const crisis = await readCrisisEvent(object);
    if (crisis !== null) return ctx.data.services.siblingPosts.receiveCrisis(profile, crisis);
    const gathering = await readSiblingEvent(await originalEvent(ctx, object));
    if (gathering === null) return drop("an Event we cannot read", activity.id);
    await ctx.data.services.siblingEvents.receive(profile, gathering);
    return;
  }
  if (object instanceof Proposal) {
    const post = await readProposal(object);
    if (post === null) return drop("a Proposal we cannot read", activity.id);
    await ctx.data.services.siblingPosts.receive(profile, post);
    return;
  }
  if (object instanceof Note && activity instanceof Create && object.replyTargetId !== null) {
    const target = ctx.parseUri(object.replyTargetId);
    if (target?.type !== "object" || target.class !== Note) return drop("a reply to something not ours", activity.id);
    await ctx.data.services.responses.receiveReply(target.values.id!, profile, {
      objectIri: object.id.href,
      contentHtml: object.content?.toString() ?? "",
      url: object.url instanceof URL ? object.url.href : (object.url?.href?.href ?? null),
    });
    return;
  }
  drop("an object we do not use", activity.id);
}

/**
 * The Event as its origin serves it. The copy inside the activity has lost the properties
 * Fedify does not know (Mobilizon's status and capacity) on its way through the inbox
 * queue; fetching it again keeps the JSON its origin wrote. Events change rarely, so one
 * fetch each is cheap. If the origin cannot be reached, the copy we have will do.
 */
async function originalEvent(ctx: InboxContext<FederationData>, event: Event): Promise<Event> {
  const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR });
  const fetched = await ctx.lookupObject(event.id!, { documentLoader }).catch(() => null);
  return fetched instanceof Event && fetched.id?.href === event.id?.href && fetched.attributionId?.href === event.attributionId?.href
    ? fetched
    : event;
}

function droppedIf(reason: string | undefined, activityId: URL | null): void {
  if (reason !== undefined) drop(reason, activityId);
}

function drop(reason: string, activityId: URL | null): void {
  log.debug("Dropped {activity}: {reason}", { activity: activityId?.href ?? "(no id)", reason });
}
