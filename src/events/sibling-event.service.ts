import type { Database } from "../../db/database.ts";
import { findRemoteActorByIri } from "../../db/queries/remote-networks.ts";
import { deleteSiblingEvent, listUpcomingSiblingEvents, upsertSiblingEvent } from "../../db/queries/sibling-events.ts";
import { logger } from "../logging.ts";
import { findFollowedSender } from "../networks/followed-sender.ts";
import type { RemoteActorProfile } from "../networks/ports.ts";
import type { SiblingEventInput } from "./ports.ts";

const log = logger("events", "siblings");

/** How many of the siblings' upcoming events the Nearby page lists. */
const LISTED = 50;

/** A sibling network's public event, as our pages and API show it. */
export interface SiblingEventView {
  id: string;
  origin: { actor: string; name: string | null; handle: string | null };
  title: string;
  description: string;
  startsAt: string;
  endsAt: string | null;
  place: string | null;
  address: string | null;
  capacity: number | null;
  remainingCapacity: number | null;
  online: boolean;
  status: SiblingEventInput["status"];
  url: string | null;
}

/**
 * The public gatherings of the networks we follow, so members can see what happens next
 * door. Only networks whose follow is accepted can put events here, and only events whose
 * ids are on their own host.
 */
export class SiblingEventService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async receive(origin: RemoteActorProfile, input: SiblingEventInput): Promise<boolean> {
    if (new URL(input.objectIri).origin !== new URL(origin.iri).origin) {
      log.warn("Ignoring event {object} from {origin}: not on its host", { object: input.objectIri, origin: origin.iri });
      return false;
    }
    const actor = await findFollowedSender(this.#db, origin.iri);
    if (actor === undefined) {
      log.info("Ignoring an event from {origin}, which we do not follow", { origin: origin.iri });
      return false;
    }
    await upsertSiblingEvent(this.#db, { ...input, originId: actor.id });
    return true;
  }

  async remove(originIri: string, objectIri: string): Promise<void> {
    const actor = await findRemoteActorByIri(this.#db, originIri);
    if (actor !== undefined) await deleteSiblingEvent(this.#db, actor.id, objectIri);
  }

  async listUpcoming(): Promise<SiblingEventView[]> {
    const rows = await listUpcomingSiblingEvents(this.#db, LISTED);
    return rows.map(({ event, originIri, originName, originHandle }) => ({
      id: event.id,
      origin: { actor: originIri, name: originName, handle: originHandle },
      title: event.title,
      description: event.description,
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt?.toISOString() ?? null,
      place: event.place,
      address: event.address,
      capacity: event.capacity,
      remainingCapacity: event.remainingCapacity,
      online: event.online,
      status: event.status,
      url: event.url,
    }));
  }
}
