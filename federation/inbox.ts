import type { Federation, InboxContext } from "@fedify/fedify";
import { Accept, Follow, isActor, Reject, Undo } from "@fedify/vocab";
import { logger } from "../src/logging.ts";
import { INSTANCE_ACTOR, type FederationData } from "./context.ts";
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
    .on(Follow, async (ctx, follow) => {
      if (follow.id === null || follow.objectId === null) return drop("Follow without id or object", follow.id);
      const target = ctx.parseUri(follow.objectId);
      if (target?.type !== "actor" || target.identifier !== ctx.data.services.settings.handle) {
        return drop("Follow of someone else", follow.id);
      }
      const actor = await follow.getActor(ctx);
      const profile = isActor(actor) ? toRemoteActorProfile(actor) : null;
      if (profile === null) return drop("Follow from an actor without an inbox", follow.id);
      await ctx.data.services.networks.receiveFollow(profile, follow.id.href);
    })
    .on(Accept, (ctx, accept) => answerToOurFollow(ctx, accept, true))
    .on(Reject, (ctx, reject) => answerToOurFollow(ctx, reject, false))
    .on(Undo, async (ctx, undo) => {
      const object = await undo.getObject(ctx);
      if (!(object instanceof Follow) || undo.actorId === null) return drop("Undo of something we do not track", undo.id);
      if (object.actorId?.href !== undo.actorId.href) return drop("Undo of another actor's Follow", undo.id);
      await ctx.data.services.networks.receiveUnfollow(undo.actorId.href, object.id?.href);
    })
    .onError((_ctx, error) => {
      log.error("Could not handle an incoming activity: {error}", { error });
    });
}

/**
 * An Accept or Reject of a Follow we sent. We match the object's id against our own follow
 * ids rather than dereferencing it: the embedded Follow's id is on our host, and Fedify
 * would refetch it from there and get nothing useful.
 */
async function answerToOurFollow(
  ctx: InboxContext<FederationData>,
  answer: Accept | Reject,
  accepted: boolean,
): Promise<void> {
  const followId = answer.objectId === null ? null : parseFollowId(ctx, answer.objectId);
  if (followId === null || answer.actorId === null) return drop("Answer to something other than our Follow", answer.id);
  await ctx.data.services.networks.receiveFollowAnswer(followId, answer.actorId.href, accepted);
}

function drop(reason: string, activityId: URL | null): void {
  log.debug("Dropped {activity}: {reason}", { activity: activityId?.href ?? "(no id)", reason });
}
