import type { Database } from "../../db/database.ts";
import type { RemoteActorProfile } from "../networks/ports.ts";
import type { EventView } from "./event.view.ts";

/** An answer to a remote person's Join: going (Accept), or refused (Reject). */
export interface JoinAnswer {
  eventId: string;
  actor: RemoteActorProfile;
  joinIri: string;
  accepted: boolean;
}

/**
 * Tells other servers about public events. Called inside the domain's transaction `tx`;
 * the implementation enqueues, so nothing is sent unless the change commits. `event` is
 * always the public view: no members-only detail, no private street address.
 */
export interface EventPublisher {
  /** A public event was created, or changed; `moved` when its time, place or status changed. */
  published(tx: Database, event: EventView, created: boolean, moved: boolean): Promise<void>;
  /** A public event became members-only: followers are told to drop it. */
  withdrawn(tx: Database, eventId: string): Promise<void>;
  joinAnswered(tx: Database, answer: JoinAnswer): Promise<void>;
}

/** A sibling network's public event, as read from the Event it sent. */
export interface SiblingEventInput {
  objectIri: string;
  url: string | null;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date | null;
  place: string | null;
  address: string | null;
  capacity: number | null;
  remainingCapacity: number | null;
  online: boolean;
  status: "confirmed" | "cancelled";
}
