import { UnauthenticatedError } from "../errors.ts";
import type { Member } from "./member.service.ts";

/** Who is asking: a member (signed in or with a token), or nobody (the public). */
export type Viewer = Member | null;

const RANK = { member: 1, coordinator: 2, admin: 3 } as const;

/** Pending and suspended members count as the public until a coordinator lets them in. */
export function activeMember(viewer: Viewer): Member | null {
  return viewer !== null && viewer.status === "active" ? viewer : null;
}

/** The viewer as an active member, or a 401 asking them to sign in. */
export function requireMember(viewer: Viewer): Member {
  const member = activeMember(viewer);
  if (member === null) throw new UnauthenticatedError("Sign in as an active member first.");
  return member;
}

export function isCoordinator(viewer: Viewer): boolean {
  const member = activeMember(viewer);
  return member !== null && RANK[member.role] >= RANK.coordinator;
}

export function isAdmin(viewer: Viewer): boolean {
  return activeMember(viewer)?.role === "admin";
}
