import type { Database } from "../../db/database.ts";
import { listReadingMarkers, type MarkerTimeline, type ReadingMarkerRow, saveReadingMarker } from "../../db/queries/markers.ts";
import { InvalidInputError } from "../errors.ts";
import type { Member } from "./member.service.ts";

export type ReadingMarker = ReadingMarkerRow;
export const MARKER_TIMELINES: readonly MarkerTimeline[] = ["home", "notifications"];

/** Where a member stopped reading their timelines, shared between their apps. */
export class ReadingMarkerService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  list(member: Member, timelines: readonly string[]): Promise<ReadingMarker[]> {
    const known = MARKER_TIMELINES.filter((t) => timelines.includes(t));
    return known.length === 0 ? Promise.resolve([]) : listReadingMarkers(this.#db, member.id, known);
  }

  save(member: Member, timeline: string, lastReadId: string): Promise<ReadingMarker> {
    if (!(MARKER_TIMELINES as readonly string[]).includes(timeline)) throw new InvalidInputError("timeline", "use home or notifications");
    if (!/^\d{1,15}$/.test(lastReadId)) throw new InvalidInputError(`${timeline}[last_read_id]`, "expected a status or notification id");
    return saveReadingMarker(this.#db, member.id, timeline as MarkerTimeline, Number(lastReadId));
  }
}
