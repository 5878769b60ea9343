import type { InboxContext } from "@fedify/fedify";
import { Event, type Join, type Leave, type Undo } from "@fedify/vocab";
import type { FederationData } from "./context.ts";

// Joins and Leaves of our public events, as Mobilizon sends them. Each handler answers why
// it dropped the activity, or nothing when it was handled.

/** The id of our event that `iri` names (/ap/events/ID), or null. */
function ourEventId(ctx: InboxContext<FederationData>, iri: URL | null): string | null {
  const target = iri === null ? null : ctx.parseUri(iri);
  if (target?.type !== "object" || target.class !== Event || target.values.kind !== "events") return null;
  return target.values.id ?? null;
}

/** A person elsewhere takes part in one of our public events. */
export async function receiveJoin(ctx: InboxContext<FederationData>, join: Join): Promise<string | undefined> {
  const eventId = ourEventId(ctx, join.objectId);
  if (join.id === null || eventId === null) return "a Join of something not ours";
  const profile = await ctx.data.actors.actorOf(ctx, join);
  if (profile === null) return "a Join from an actor without an inbox";
  await ctx.data.services.events.receiveJoin(eventId, profile, join.id.href);
}

/** They no longer take part: a Leave of the event, or an Undo of their own Join. */
export async function receiveLeave(ctx: InboxContext<FederationData>, leave: Leave | Undo, join?: Join): Promise<string | undefined> {
  const eventId = ourEventId(ctx, join === undefined ? leave.objectId : join.objectId);
  if (eventId === null || leave.actorId === null) return "a Leave of something not ours";
  if (join !== undefined && join.actorId?.href !== leave.actorId.href) return "an Undo of another actor's Join";
  await ctx.data.services.events.receiveLeave(eventId, leave.actorId.href);
}
