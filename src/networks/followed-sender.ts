import type { Database } from "../../db/database.ts";
import { findFollowedActor, findFollowingStateByIri, type RemoteActorRow } from "../../db/queries/remote-networks.ts";

/**
 * The network we follow that sent an activity, or undefined when we do not follow it.
 *
 * A network that approves our follow sends its Accept and then its open posts, crises and
 * events, and they can be handled here in either order. While our follow is pending, an
 * activity from that network throws instead of being ignored, so the queue hands it back a
 * little later, after the Accept. "Accepted" here means the Accept committed between the
 * two reads: try again too.
 */
export async function findFollowedSender(db: Database, iri: string): Promise<RemoteActorRow | undefined> {
  const actor = await findFollowedActor(db, iri);
  if (actor !== undefined) return actor;
  const state = await findFollowingStateByIri(db, iri);
  if (state === "pending" || state === "accepted") {
    throw new Error(`${iri} sent an activity before we handled its Accept of our follow; it will be tried again`);
  }
  return undefined;
}
