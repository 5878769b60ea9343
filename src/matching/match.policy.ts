import type { MatchDetails } from "../../db/queries/matches.ts";
import { matchStatus } from "../../db/schema/index.ts";
import type { Member } from "../members/member.service.ts";
import { activeMember, isCoordinator, type Viewer } from "../members/viewer.ts";
import { canView } from "../posts/post.policy.ts";

export const MATCH_STATUSES = matchStatus.enumValues;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

/** What a viewer is to a match: it decides what they may do and see. */
export type MatchRole = "coordinator" | "requester" | "offerer" | "volunteer";

/** What a viewer may do with a match now; pages show these as buttons, the API lists them. */
export const MATCH_ACTIONS = [
  "accept",
  "schedule",
  "assign",
  "open_task",
  "take",
  "complete",
  "cancel",
  "drop",
  "no_show",
  "feedback",
] as const;
export type MatchAction = (typeof MATCH_ACTIONS)[number];

/** A match still to be handed over: it holds a volunteer's place and can be scheduled. */
export const ACTIVE_STATUSES: readonly MatchStatus[] = ["accepted", "scheduled"];
/** Statuses in which the two parties see each other's contact details. */
const CONTACTS_SHARED: readonly MatchStatus[] = ["accepted", "scheduled", "completed"];

/** In which statuses each action makes sense at all. */
const WHEN: Record<MatchAction, readonly MatchStatus[]> = {
  accept: ["proposed"],
  schedule: ACTIVE_STATUSES,
  assign: ACTIVE_STATUSES,
  open_task: ACTIVE_STATUSES,
  take: ACTIVE_STATUSES,
  complete: ACTIVE_STATUSES,
  cancel: ["proposed", "accepted", "scheduled"],
  drop: ACTIVE_STATUSES,
  no_show: ["scheduled", "completed", "cancelled"],
  feedback: ["completed"],
};

/** The facts about a viewer and a match that the rules below decide on; plain values, so they are easy to test. */
export interface Who {
  roles: readonly MatchRole[];
  party: boolean;
  proposedIt: boolean;
  /** A coordinator approved the viewer as a volunteer, and they offer at least one task at a time. */
  approvedVolunteer: boolean;
  /** A coordinator opened the handover to volunteers. */
  openToVolunteers: boolean;
  /** The viewer may see both posts of the match (a coordinators-only one is never open to a plain member). */
  seesBothPosts: boolean;
  untaken: boolean;
  feedbackGiven: boolean;
}

/**
 * Who may do what. A proposal is accepted by a coordinator or by the party who did not
 * make it (in peer-to-peer mode one party claims, the other accepts). Either party or a
 * coordinator schedules and cancels; anyone involved can mark it completed; coordinators
 * assign volunteers, open handovers to volunteers and record no-shows. An approved
 * volunteer takes an untaken handover only if a coordinator opened it to volunteers and
 * they may see both of its posts: taking it shows them both sides' contacts.
 */
const WHO: Record<MatchAction, (w: Who) => boolean> = {
  accept: (w) => w.roles.includes("coordinator") || (w.party && !w.proposedIt),
  schedule: (w) => w.roles.includes("coordinator") || w.party,
  assign: (w) => w.roles.includes("coordinator"),
  open_task: (w) => w.roles.includes("coordinator"),
  take: (w) => w.approvedVolunteer && w.openToVolunteers && w.seesBothPosts && w.untaken,
  complete: (w) => w.roles.length > 0,
  cancel: (w) => w.roles.includes("coordinator") || w.party,
  drop: (w) => w.roles.includes("volunteer"),
  no_show: (w) => w.roles.includes("coordinator"),
  feedback: (w) => !w.feedbackGiven && w.roles.some((r) => r !== "coordinator"),
};

export function statusAllows(status: MatchStatus, action: MatchAction): boolean {
  return WHEN[action].includes(status);
}

/** The actions `who` may take on a match in `status`. */
export function allowedActions(status: MatchStatus, who: Who): MatchAction[] {
  return MATCH_ACTIONS.filter((action) => statusAllows(status, action) && WHO[action](who));
}

export function actionsFor(viewer: Viewer, roles: readonly MatchRole[], details: MatchDetails, feedbackGiven: boolean): MatchAction[] {
  const member = activeMember(viewer);
  return allowedActions(details.match.status, {
    roles,
    party: roles.includes("requester") || roles.includes("offerer"),
    proposedIt: member !== null && details.match.createdById === member.id,
    approvedVolunteer: member !== null && isApprovedVolunteer(member) && member.maxTasks > 0,
    openToVolunteers: details.match.openToVolunteers,
    seesBothPosts: member !== null && canView(member, details.request) && canView(member, details.offer),
    untaken: details.match.volunteerId === null,
    feedbackGiven,
  });
}

export function isApprovedVolunteer(member: Member): boolean {
  return member.volunteerStatus === "approved";
}

/**
 * Whether an approved volunteer may know of this match as a task: it is open to
 * volunteers and they may see both posts. Anything else is "no such match" to them, so
 * that a refusal tells nothing about a match they may not see (taken or not, its status).
 */
export function isOfferedAsTask(member: Member, details: MatchDetails): boolean {
  return (
    isApprovedVolunteer(member) && details.match.openToVolunteers && canView(member, details.request) && canView(member, details.offer)
  );
}

export function rolesOf(viewer: Viewer, details: MatchDetails): MatchRole[] {
  const member = activeMember(viewer);
  if (member === null) return [];
  const roles: MatchRole[] = [];
  if (isCoordinator(member)) roles.push("coordinator");
  if (details.request.authorId === member.id) roles.push("requester");
  if (details.offer.authorId === member.id) roles.push("offerer");
  // A volunteer whose approval was removed no longer holds the handover (nor sees it).
  if (details.match.volunteerId === member.id && isApprovedVolunteer(member)) roles.push("volunteer");
  return roles;
}

/**
 * Which contact details a viewer sees: everything for coordinators, and for the parties
 * once the match is accepted; what the handover needs for its volunteer, while it is still
 * to be done; nothing otherwise.
 */
export type ContactsShown = "all" | "handover" | "none";

export function contactsShown(roles: readonly MatchRole[], status: MatchStatus): ContactsShown {
  if (roles.includes("coordinator")) return "all";
  if ((roles.includes("requester") || roles.includes("offerer")) && CONTACTS_SHARED.includes(status)) return "all";
  if (roles.includes("volunteer") && ACTIVE_STATUSES.includes(status)) return "handover";
  return "none";
}
