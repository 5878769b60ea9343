// The handbook's rules as plain functions: who reads and who writes a page, and when a save
// is refused because someone else saved first. No database, so the unit tests check them by hand.
import { handbookVisibility } from "../../db/schema/handbook.ts";
import { activeMember, isCoordinator, type Viewer } from "../members/viewer.ts";

export const PAGE_VISIBILITIES = handbookVisibility.enumValues;
export type PageVisibility = (typeof PAGE_VISIBILITIES)[number];

/** A page's address: lowercase letters (any script), digits and single hyphens, 1–60 characters. */
export const SLUG_PATTERN = /^[\p{Ll}\p{Lo}\p{N}]+(-[\p{Ll}\p{Lo}\p{N}]+)*$/u;
export const MAX_SLUG = 60;
/** Addresses the handbook's own pages use (/handbook/new, /handbook/proposals, /handbook/settings). */
export const RESERVED_SLUGS: readonly string[] = ["new", "proposals", "settings"];

/** Whether `viewer` may read a page (or a revision) with this visibility; anyone else gets a 404, as if it did not exist. */
export function mayRead(viewer: Viewer, visibility: PageVisibility): boolean {
  switch (visibility) {
    case "public":
      return true;
    case "members":
      return activeMember(viewer) !== null;
    case "coordinators":
      return isCoordinator(viewer);
  }
}

/** The visibilities `viewer` may read, for lists and search. */
export function readableVisibilities(viewer: Viewer): PageVisibility[] {
  return PAGE_VISIBILITIES.filter((visibility) => mayRead(viewer, visibility));
}

/**
 * Who decides on proposed edits: coordinators and admins. They also write pages and restore
 * revisions, as do working groups' convenors (`convenor`: the viewer convenes a group).
 */
export function mayEdit(viewer: Viewer, convenor = false): boolean {
  return isCoordinator(viewer) || (convenor && activeMember(viewer) !== null);
}

/** Members propose edits to pages they can read; a coordinator accepts or declines them. */
export function mayPropose(viewer: Viewer, visibility: PageVisibility): boolean {
  return activeMember(viewer) !== null && mayRead(viewer, visibility);
}

/** Every save makes the next revision: 1 for a new page, then one more each time. */
export function nextRevision(current: number | null): number {
  return (current ?? 0) + 1;
}

/**
 * Why a save over `current` (the page's revision now, null if there is no page yet) is
 * refused, given the revision the writer started from; null if it may go ahead. A writer
 * who started from an older revision would silently undo someone else's save, and one who
 * sends none for a page that exists did not read it: both are conflicts, answered with the
 * current text beside theirs. A base for a page that does not exist means it was never there.
 */
export function staleSaveReason(current: number | null, baseRevision: number | undefined): string | null {
  if (current === null) return baseRevision === undefined ? null : "this page does not exist (any more); save it without a base revision";
  if (baseRevision === undefined) return `this page already exists (revision ${current}); start from it and send its revision`;
  if (baseRevision !== current) return `the page was saved by someone else since revision ${baseRevision}; it is at revision ${current}`;
  return null;
}
