import { describe, expect, it } from "vitest";
import type { SiblingResponseStats } from "../db/queries/crises.ts";
import type { UnmetRow } from "../db/queries/dashboard.ts";
import type { RemoteNetworkRow } from "../db/queries/remote-networks.ts";
import { siblingReports } from "../src/crises/crisis.service.ts";
import { openTotals, toTenthOfAnHour, toUnmet } from "../src/matching/dashboard.service.ts";

// The counts computed in plain code for a crisis report and the dashboard, without a
// database (the medians themselves come from SQL and are checked through the services).

type FollowState = RemoteNetworkRow["theyFollowUs"];

function network(name: string, theyFollowUs: FollowState, weFollowThem: FollowState): RemoteNetworkRow {
  return {
    actor: {
      id: `id-${name}`,
      iri: `https://${name}.example/actors/${name}`,
      type: "Group",
      handle: `${name}@${name}.example`,
      name: `${name} mutual aid`,
      inboxUrl: `https://${name}.example/inbox`,
      sharedInboxUrl: null,
      url: null,
      mastodonId: 100,
      updatedAt: new Date(0),
    },
    followerId: theyFollowUs === null ? null : `follower-${name}`,
    theyFollowUs,
    weFollowThem,
  };
}

const responded = (name: string, stats: Partial<SiblingResponseStats> = {}): SiblingResponseStats => ({
  actorId: `id-${name}`,
  received: 1,
  accepted: 0,
  fulfilled: 0,
  medianMinutesToFirstResponse: 12,
  medianMinutesToFulfilment: null,
  ...stats,
});

describe("a crisis report's line per sibling", () => {
  it("lists every sibling with every forwarded need, and zeros for one that did not respond", () => {
    const reports = siblingReports(
      [network("west", "accepted", "accepted"), network("north", "accepted", "accepted")],
      [responded("west", { received: 3, accepted: 2, fulfilled: 1, medianMinutesToFirstResponse: 42, medianMinutesToFulfilment: 300 })],
      5,
    );
    expect(reports).toEqual([
      {
        network: { actor: "https://west.example/actors/west", name: "west mutual aid", handle: "west@west.example" },
        needsForwarded: 5,
        responsesReceived: 3,
        responsesAccepted: 2,
        needsFulfilled: 1,
        medianMinutesToFirstResponse: 42,
        medianMinutesToFulfilment: 300,
      },
      {
        network: { actor: "https://north.example/actors/north", name: "north mutual aid", handle: "north@north.example" },
        needsForwarded: 5,
        responsesReceived: 0,
        responsesAccepted: 0,
        needsFulfilled: 0,
        medianMinutesToFirstResponse: null,
        medianMinutesToFulfilment: null,
      },
    ]);
  });

  it("leaves out networks that are not siblings, unless they responded", () => {
    const reports = siblingReports(
      [
        network("follower", "accepted", null),
        network("followed", null, "accepted"),
        network("pending", "accepted", "pending"),
        network("former", "accepted", "rejected"),
      ],
      [responded("former", { received: 2 })],
      3,
    );
    expect(reports.map((r) => [r.network.name, r.responsesReceived])).toEqual([["former mutual aid", 2]]);
  });

  it("has no lines without networks, and counts stay per network", () => {
    expect(siblingReports([], [], 4)).toEqual([]);
    const [west] = siblingReports([network("west", "accepted", "accepted")], [responded("other", { received: 9 })], 0);
    expect(west).toMatchObject({ needsForwarded: 0, responsesReceived: 0 });
  });
});

describe("dashboard tallies", () => {
  it("adds open requests and offers over all categories", () => {
    expect(
      openTotals([
        { key: "food", requests: 4, offers: 1 },
        { key: "shelter", requests: 0, offers: 2 },
        { key: "tools", requests: 3, offers: 0 },
      ]),
    ).toEqual({ requests: 7, offers: 3 });
    expect(openTotals([])).toEqual({ requests: 0, offers: 0 });
  });

  it("shows hours to a tenth, and none as none", () => {
    expect(toTenthOfAnHour(2.04)).toBe(2);
    expect(toTenthOfAnHour(2.05 + 1e-9)).toBe(2.1);
    expect(toTenthOfAnHour(0.3333)).toBe(0.3);
    expect(toTenthOfAnHour(0)).toBe(0);
    expect(toTenthOfAnHour(null)).toBeNull();
  });

  it("counts a request's waiting days in whole days", () => {
    const row: UnmetRow = {
      id: "p1",
      title: "Rice",
      category: "food",
      urgency: "high",
      area: "Gràcia",
      created_at: new Date("2030-03-01T10:00:00Z"),
      total: 1,
    };
    const at = (iso: string) => toUnmet(row, Date.parse(iso)).waitingDays;
    expect(at("2030-03-01T10:00:00Z")).toBe(0);
    expect(at("2030-03-02T09:59:59Z")).toBe(0);
    expect(at("2030-03-02T10:00:00Z")).toBe(1);
    expect(at("2030-03-11T23:00:00Z")).toBe(10);
    expect(toUnmet(row, Date.parse("2030-03-05T00:00:00Z"))).toEqual({
      id: "p1",
      title: "Rice",
      category: "food",
      urgency: "high",
      area: "Gràcia",
      createdAt: "2030-03-01T10:00:00.000Z",
      waitingDays: 3,
    });
  });
});
