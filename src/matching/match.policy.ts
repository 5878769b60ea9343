import type { MatchDetails } from "../../db/queries/matches.ts";
import { matchStatus } from "../../db/schema/index.ts";
import { activeMember, isCoordinator, type Viewer } from "../members/viewer.ts";

export const MATCH_STATUSES = matchStatus.enumValues;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

/** What a viewer is to a match: it decides what they may do and see. */
export type MatchRole = "coordinator" | "requester" | "offerer" | "volunteer";

/** What a viewer may do with a match now; pages show these as buttons, the API lists them. */
export const MATCH_ACTIONS = ["accept", "schedule", "assign", "take", "complete", "cancel", "drop", "no_show", "feedback"] as const;
export type MatchAction = (typeof MATCH_ACTIONS)[number];

/** A match still to be handed over: it holds a volunteer's place and can be scheduled. */
export const ACTIVE_STATUSES: readonly MatchStatus[] = ["accepted", "scheduled"];
/** Statuses in which the two parties (and the volunteer) see each other's contact details. */
const CONTACTS_SHARED: readonly MatchStatus[] = ["accepted", "scheduled", "completed"];

/** In which statuses each action makes sense at all. */
const WHEN: Record<MatchAction, readonly MatchStatus[]> = {
  accept: ["proposed"],
  schedule: ACTIVE_STATUSES,
  assign: ACTIVE_STATUSES,
  take: ACTIVE_STATUSES,
  complete: ACTIVE_STATUSES,
  cancel: ["proposed", "accepted", "scheduled"],
  drop: ACTIVE_STATUSES,
  no_show: ["scheduled", "completed", "cancelled"],
  feedback: ["completed"],
};

interface Who {
  roles: readonly MatchRole[];
  party: boolean;
  proposedIt: boolean;
  volunteers: boolean;
  untaken: boolean;
  feedbackGiven: boolean;
}

/**
 * Who may do what. A proposal is accepted by a coordinator or by the party who did not
 * make it (in peer-to-peer mode one party claims, the other accepts). Either party or a
 * coordinator schedules and cancels; anyone involved can mark it completed; coordinators
 * assign volunteers and record no-shows; a member who volunteers takes an untaken task.
 */
const WHO: Record<MatchAction, (w: Who) => boolean> = {
  accept: (w) => w.roles.includes("coordinator") || (w.party && !w.proposedIt),
  schedule: (w) => w.roles.includes("coordinator") || w.party,
  assign: (w) => w.roles.includes("coordinator"),
  take: (w) => w.volunteers && w.untaken,
  complete: (w) => w.roles.length > 0,
  cancel: (w) => w.roles.includes("coordinator") || w.party,
  drop: (w) => w.roles.includes("volunteer"),
  no_show: (w) => w.roles.includes("coordinator"),
  feedback: (w) => !w.feedbackGiven && w.roles.some((r) => r !== "coordinator"),
};

export function statusAllows(status: MatchStatus, action: MatchAction): boolean {
  return WHEN[action].includes(status);
}

export function actionsFor(
  viewer: Viewer,
  roles: readonly MatchRole[],
  details: MatchDetails,
  feedbackGiven: boolean,
): MatchAction[] {
  const member = activeMember(viewer);
  const who: Who = {
    roles,
    party: roles.includes("requester") || roles.includes("offerer"),
    proposedIt: member !== null && details.match.createdById === member.id,
    volunteers: member !== null && member.maxTasks > 0,
    untaken: details.match.volunteerId === null,
    feedbackGiven,
  };
  return MATCH_ACTIONS.filter((action) => statusAllows(details.match.status, action) && WHO[action](who));
}

export function rolesOf(viewer: Viewer, details: MatchDetails): MatchRole[] {
  const member = activeMember(viewer);
  if (member === null) return [];
  const roles: MatchRole[] = [];
  if (isCoordinator(member)) roles.push("coordinator");
  if (details.request.authorId === member.id) roles.push("requester");
  if (details.offer.authorId === member.id) roles.push("offerer");
  if (details.match.volunteerId === member.id) roles.push("volunteer");
  return roles;
}

/** Contact details go to coordinators, and to the parties and the volunteer once the match is accepted. */
export function seesContacts(roles: readonly MatchRole[], status: MatchStatus): boolean {
  if (roles.includes("coordinator")) return true;
  return roles.length > 0 && CONTACTS_SHARED.includes(status);
}
