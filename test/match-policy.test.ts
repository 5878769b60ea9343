import { describe, expect, it } from "vitest";
import type { MatchDetails } from "../db/queries/matches.ts";
import {
  actionsFor,
  allowedActions,
  contactsShown,
  isOfferedAsTask,
  MATCH_STATUSES,
  type MatchStatus,
  rolesOf,
  type Who,
} from "../src/matching/match.policy.ts";
import type { Member } from "../src/members/member.service.ts";

// Plain unit tests of who may do what with a match, in which status: no HTTP, no database.

function member(id: string, overrides: Partial<Member> = {}): Member {
  return {
    id,
    username: id,
    displayName: null,
    role: "member",
    status: "active",
    passwordHash: null,
    joinMessage: null,
    availableWeekdays: 0,
    availabilityNote: null,
    maxTasks: 0,
    volunteerStatus: "none",
    calendarTokenHash: null,
    mastodonId: 100,
    email: null,
    emailVerifiedAt: null,
    emailFailingAt: null,
    language: null,
    timeZone: null,
    treasurer: false,
    roleUntil: null,
    roleRemindedAt: null,
    treasurerUntil: null,
    treasurerRemindedAt: null,
    appearInThanks: false,
    quietStart: null,
    quietEnd: null,
    createdAt: new Date(0),
    ...overrides,
  };
}

const coordinator = member("coord", { role: "coordinator" });
const requester = member("req");
const offerer = member("off");
const stranger = member("stranger");
const approved = member("vol", { volunteerStatus: "approved", maxTasks: 2 });

function match(
  overrides: Partial<MatchDetails["match"]> = {},
  visibility: "public" | "members" | "coordinators" = "members",
): MatchDetails {
  return {
    match: {
      id: "m1",
      requestId: "r1",
      offerId: "o1",
      quantity: 1,
      status: "accepted",
      createdById: coordinator.id,
      method: null,
      windowStart: null,
      windowEnd: null,
      volunteerId: null,
      openToVolunteers: true,
      noShow: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      ...overrides,
    },
    request: { title: "Need", area: "East", authorId: requester.id, visibility, hiddenAt: null },
    offer: { title: "Spare", area: "East", authorId: offerer.id, visibility: "public", hiddenAt: null },
    volunteer: null,
  };
}

const nobody: Who = {
  roles: [],
  party: false,
  proposedIt: false,
  approvedVolunteer: false,
  openToVolunteers: false,
  seesBothPosts: false,
  untaken: true,
  feedbackGiven: false,
};

describe("the match policy", () => {
  it("lets someone with no part in a match do nothing with it, in any status", () => {
    for (const status of MATCH_STATUSES) expect(allowedActions(status, nobody), status).toEqual([]);
  });

  it("gives coordinators every step of the lifecycle in its own status, and feedback never", () => {
    const who: Who = { ...nobody, roles: ["coordinator"] };
    const expected: Record<MatchStatus, string[]> = {
      proposed: ["accept", "cancel"],
      accepted: ["schedule", "assign", "open_task", "complete", "cancel"],
      scheduled: ["schedule", "assign", "open_task", "complete", "cancel", "no_show"],
      completed: ["no_show"],
      cancelled: ["no_show"],
    };
    for (const status of MATCH_STATUSES) expect(allowedActions(status, who), status).toEqual(expected[status]);
  });

  it("lets the party who did not propose accept, and either party schedule and cancel but not assign or open", () => {
    const proposer: Who = { ...nobody, roles: ["requester"], party: true, proposedIt: true };
    const other: Who = { ...nobody, roles: ["offerer"], party: true };
    expect(allowedActions("proposed", proposer)).toEqual(["cancel"]);
    expect(allowedActions("proposed", other)).toEqual(["accept", "cancel"]);
    expect(allowedActions("scheduled", other)).toEqual(["schedule", "complete", "cancel"]);
    expect(allowedActions("completed", other)).toEqual(["feedback"]);
    expect(allowedActions("completed", { ...other, feedbackGiven: true })).toEqual([]);
  });

  it("lets a volunteer take a task only when approved, opened to volunteers, untaken, and both posts are visible to them", () => {
    const ready: Who = { ...nobody, approvedVolunteer: true, openToVolunteers: true, seesBothPosts: true };
    expect(allowedActions("accepted", ready)).toEqual(["take"]);
    expect(allowedActions("scheduled", ready)).toEqual(["take"]);
    for (const status of ["proposed", "completed", "cancelled"] as const) expect(allowedActions(status, ready), status).toEqual([]);
    expect(allowedActions("scheduled", { ...ready, approvedVolunteer: false })).toEqual([]);
    expect(allowedActions("scheduled", { ...ready, openToVolunteers: false })).toEqual([]);
    expect(allowedActions("scheduled", { ...ready, seesBothPosts: false })).toEqual([]);
    expect(allowedActions("scheduled", { ...ready, untaken: false })).toEqual([]);
  });

  it("lets the volunteer holding a task give it back, complete it, and give feedback once it is completed", () => {
    const holder: Who = { ...nobody, roles: ["volunteer"], untaken: false };
    expect(allowedActions("scheduled", holder)).toEqual(["complete", "drop"]);
    expect(allowedActions("completed", holder)).toEqual(["feedback"]);
  });

  it("counts a member as the volunteer only while a coordinator's approval stands", () => {
    const taken = match({ volunteerId: approved.id });
    expect(rolesOf(approved, taken)).toEqual(["volunteer"]);
    expect(rolesOf({ ...approved, volunteerStatus: "none" }, taken)).toEqual([]);
    expect(rolesOf({ ...approved, volunteerStatus: "asked" }, taken)).toEqual([]);
    expect(rolesOf({ ...approved, status: "suspended" }, taken)).toEqual([]);
    expect(rolesOf(coordinator, taken)).toEqual(["coordinator"]);
    expect(rolesOf(requester, taken)).toEqual(["requester"]);
    expect(rolesOf(null, taken)).toEqual([]);
  });

  it("offers a task only to approved volunteers who may see both posts, never on a coordinators-only request", () => {
    expect(isOfferedAsTask(approved, match())).toBe(true);
    expect(isOfferedAsTask(approved, match({}, "coordinators"))).toBe(false);
    expect(isOfferedAsTask(approved, match({ openToVolunteers: false }))).toBe(false);
    expect(isOfferedAsTask({ ...approved, volunteerStatus: "asked" }, match())).toBe(false);
    expect(isOfferedAsTask(member("selfmade", { maxTasks: 20 }), match())).toBe(false);
  });

  it("works out the same from a member and a match: a self-set limit alone takes nothing", () => {
    expect(actionsFor(approved, [], match(), false)).toEqual(["take"]);
    expect(actionsFor(member("selfmade", { maxTasks: 20 }), [], match(), false)).toEqual([]);
    expect(actionsFor({ ...approved, maxTasks: 0 }, [], match(), false)).toEqual([]);
    expect(actionsFor(approved, [], match({}, "coordinators"), false)).toEqual([]);
    expect(actionsFor(approved, [], match({ volunteerId: stranger.id }), false)).toEqual([]);
    // The author of a coordinators-only request sees their own post, and may take its task.
    const ownRequest = { ...approved, id: requester.id };
    expect(actionsFor(ownRequest, ["requester"], match({}, "coordinators"), false)).toContain("take");
  });

  it("shows contacts: all to coordinators and to accepted parties, the handover's needs to its volunteer while it is to be done", () => {
    expect(contactsShown(["coordinator"], "proposed")).toBe("all");
    expect(contactsShown(["requester"], "proposed")).toBe("none");
    for (const status of ["accepted", "scheduled", "completed"] as const) expect(contactsShown(["offerer"], status)).toBe("all");
    expect(contactsShown(["offerer"], "cancelled")).toBe("none");
    expect(contactsShown(["volunteer"], "accepted")).toBe("handover");
    expect(contactsShown(["volunteer"], "scheduled")).toBe("handover");
    expect(contactsShown(["volunteer"], "completed")).toBe("none");
    expect(contactsShown(["volunteer"], "cancelled")).toBe("none");
    expect(contactsShown([], "scheduled")).toBe("none");
  });
});
