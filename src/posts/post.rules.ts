import type { NewPostRow, PostRow } from "../../db/queries/posts.ts";
import { dayProblem } from "../dates.ts";
import { ForbiddenError, InvalidFieldsError } from "../errors.ts";
import type { Member } from "../members/member.service.ts";
import { isCoordinator } from "../members/viewer.ts";
import { ACTIVE_STATUSES, type ContactInput, type PostKind } from "./post.schema.ts";

// The rules a post's fields follow, as plain functions: its dates, when it expires, how
// coarse its point is, and which status changes who may make.

/** A post with no date of its own stays up this long before it asks "still needed?". */
export const DEFAULT_LIFETIME_DAYS = 30;
const DAY_MS = 86_400_000;
/** 0.01° is about 1.1 km of latitude (and less of longitude): the coarsest point we keep. */
const POINT_GRID = 0.01;

/** A request has a "needed by" date, an offer an "available until" date: a real day, from today to two years ahead. */
export function checkDates(
  kind: PostKind,
  dates: { neededBy?: string | null; availableUntil?: string | null },
  now: Date = new Date(),
): string | null {
  // Two whole sentences rather than one built from the kind, so that each can be said again in any language.
  if (kind === "request" && dates.availableUntil) {
    throw new InvalidFieldsError({ availableUntil: "a request has neededBy, not availableUntil" });
  }
  if (kind === "offer" && dates.neededBy) throw new InvalidFieldsError({ neededBy: "an offer has availableUntil, not neededBy" });
  const [own, ownName] = kind === "request" ? [dates.neededBy, "neededBy"] : [dates.availableUntil, "availableUntil"];
  const problem = own ? dayProblem(own, now) : null;
  if (problem !== null) throw new InvalidFieldsError({ [ownName]: problem });
  return own ?? null;
}

/** A dated post expires after its date; an undated one after the default lifetime. */
export function expiryFor(untilDate: string | null, now: number = Date.now()): Date {
  if (untilDate !== null) return new Date(Date.parse(`${untilDate}T00:00:00Z`) + DAY_MS);
  return new Date(now + DEFAULT_LIFETIME_DAYS * DAY_MS);
}

/** Keeps at most a point on a ~1 km grid: an exact place never reaches the database. */
export function snapPoint(latitude: number | null | undefined, longitude: number | null | undefined) {
  if (latitude == null || longitude == null) return { approxLatitude: null, approxLongitude: null };
  const snap = (v: number) => Math.round(v / POINT_GRID) * POINT_GRID;
  return { approxLatitude: Number(snap(latitude).toFixed(2)), approxLongitude: Number(snap(longitude).toFixed(2)) };
}

export function contactRow(postId: string, contact: ContactInput) {
  return {
    postId,
    name: contact.name ?? null,
    phone: contact.phone ?? null,
    email: contact.email ?? null,
    address: contact.address ?? null,
    notes: contact.notes ?? null,
  };
}

/**
 * Status changes: authors and coordinators withdraw, reopen and renew; only coordinators
 * mark a post fulfilled. Renewing (or reopening) gives the post a fresh lifetime.
 */
export function statusChange(
  member: Member,
  post: PostRow,
  status: "open" | "withdrawn" | "fulfilled" | undefined,
  renew: boolean | undefined,
  untilDate: string | null,
): Partial<NewPostRow> {
  const active = (ACTIVE_STATUSES as readonly string[]).includes(post.status);
  if (status === "fulfilled") {
    if (!isCoordinator(member)) throw new ForbiddenError("Only a coordinator can mark a post fulfilled.");
    if (post.status === "withdrawn") throw new InvalidFieldsError({ status: "a withdrawn post cannot be fulfilled" });
    return { status: "fulfilled" };
  }
  if (status === "withdrawn") {
    if (post.status === "fulfilled") throw new InvalidFieldsError({ status: "a fulfilled post cannot be withdrawn" });
    return { status: "withdrawn" };
  }
  if (status === "open" || renew) {
    if (post.status === "fulfilled" && !isCoordinator(member)) {
      throw new ForbiddenError("Only a coordinator can reopen a fulfilled post.");
    }
    const expiresAt = expiryFor(untilDate !== null && untilDate >= today() ? untilDate : null);
    return { status: active || post.status === "matched" ? post.status : "open", expiresAt };
  }
  return {};
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}
