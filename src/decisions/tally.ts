// The rules of deciding together, as plain functions of a decision and its ballots: how
// votes are counted per process, instant runoff for ranked choice, quorum, and who may
// see the results when. No database, no HTTP; test/decision-tally.test.ts covers them.
import type { Ballot as StoredBallot } from "../../db/schema/decisions.ts";

export type DecisionProcess = "consent" | "proposal" | "poll" | "ranked" | "meeting_time";
export type HideResults = "never" | "until_voted" | "until_closed";

export const CONSENT_CHOICES = ["consent", "object", "stand_aside"] as const;
export const PROPOSAL_CHOICES = ["agree", "abstain", "disagree", "block"] as const;
export const MEETING_ANSWERS = ["yes", "if_need_be", "no"] as const;
export type MeetingAnswer = (typeof MEETING_ANSWERS)[number];

/** Choices that stop a decision, and so must say why. */
export const CHOICES_NEEDING_A_REASON: readonly string[] = ["object", "block"];

/** The processes whose choices are the decision's own options (the others have fixed choices). */
export function hasOptions(process: DecisionProcess): boolean {
  return process === "poll" || process === "ranked" || process === "meeting_time";
}

/**
 * One member's vote, as kept: option ids, never labels. `choice` is a consent or proposal
 * choice, or a one-of poll's option; `choices` an any-of poll's options; `ranking` the
 * options most preferred first (any of them may be left out); `answers` a meeting time's
 * answer per option.
 */
export type Ballot = StoredBallot;

export interface DecisionOption {
  id: string;
  label: string;
}

/** What the rules need to know of a decision. */
export interface DecisionRules {
  process: DecisionProcess;
  /** A poll where each member may choose any number of options (otherwise exactly one). */
  anyOf: boolean;
  options: readonly DecisionOption[];
  /** A share (0–1) of those who may vote that must have voted; null for none. */
  quorum: number | null;
}

/** Counts per choice: by choice name (consent, proposal) or option label (the rest); per time and answer for meeting_time. */
export interface Tally {
  voters: number;
  /** How many may vote (every active member, for now). */
  eligible: number;
  counts?: Record<string, number>;
  times?: Record<string, Record<MeetingAnswer, number>>;
}

/** One round of instant runoff: each continuing option's votes, ballots with no continuing option left, and who went out. */
export interface RunoffRound {
  counts: Record<string, number>;
  exhausted: number;
  eliminated: string | null;
}

export interface DecisionResult {
  quorumReached: boolean;
  /** poll, ranked and meeting_time: the option chosen; null when there is none or (poll, meeting_time) a tie. */
  winner?: string | null;
  /** The options tied for first, when a poll or meeting time has no single winner. */
  tied?: string[];
  /** ranked: every round of the runoff, the first (first preferences) first. */
  rounds?: RunoffRound[];
}

/** Whether enough of those who may vote have voted. A decision without a quorum always reaches it. */
export function quorumReached(voters: number, eligible: number, quorum: number | null): boolean {
  if (quorum === null) return true;
  // Integers only: 0.3 × 10 is 3.0000000000000004 in floating point, and 3 voters are enough.
  return voters >= Math.ceil(Math.round(quorum * eligible * 1e9) / 1e9);
}

/**
 * Whether the viewer may see the counts now: `never` hidden, `until_voted` once they voted
 * (or it closed), `until_closed` once it closed. Everyone sees them after closing.
 */
export function resultsVisible(hideResults: HideResults, state: { closed: boolean; voted: boolean }): boolean {
  if (state.closed || hideResults === "never") return true;
  return hideResults === "until_voted" && state.voted;
}

/** The counts of a decision's ballots, per its process. */
export function tallyVotes(rules: DecisionRules, ballots: readonly Ballot[], eligible: number): Tally {
  const tally: Tally = { voters: ballots.length, eligible };
  const labels = new Map(rules.options.map((o) => [o.id, o.label]));
  switch (rules.process) {
    case "consent":
    case "proposal": {
      const choices = rules.process === "consent" ? CONSENT_CHOICES : PROPOSAL_CHOICES;
      const counts = Object.fromEntries(choices.map((c) => [c, 0])) as Record<string, number>;
      for (const ballot of ballots) if ("choice" in ballot && ballot.choice in counts) counts[ballot.choice]!++;
      return { ...tally, counts };
    }
    case "poll":
    case "ranked": {
      const counts = Object.fromEntries(rules.options.map((o) => [o.label, 0])) as Record<string, number>;
      for (const ballot of ballots) {
        // A ranked ballot counts here for its first preference (the runoff's first round).
        const ids =
          "choice" in ballot
            ? [ballot.choice]
            : "choices" in ballot
              ? ballot.choices
              : "ranking" in ballot
                ? ballot.ranking.slice(0, 1)
                : [];
        for (const id of new Set(ids)) {
          const label = labels.get(id);
          if (label !== undefined) counts[label]!++;
        }
      }
      return { ...tally, counts };
    }
    case "meeting_time": {
      const times = Object.fromEntries(rules.options.map((o) => [o.label, { yes: 0, if_need_be: 0, no: 0 }]));
      for (const ballot of ballots) {
        if (!("answers" in ballot)) continue;
        for (const option of rules.options) times[option.label]![ballot.answers[option.id] ?? "no"]++;
      }
      return { ...tally, times };
    }
  }
}

/** The result once a decision closes: whether the quorum was reached and, where the process has one, the winner. */
export function resultOf(rules: DecisionRules, ballots: readonly Ballot[], eligible: number): DecisionResult {
  const result: DecisionResult = { quorumReached: quorumReached(ballots.length, eligible, rules.quorum) };
  switch (rules.process) {
    case "consent":
    case "proposal":
      return result;
    case "poll":
      return { ...result, ...mostVoted(tallyVotes(rules, ballots, eligible).counts ?? {}) };
    case "ranked": {
      const rankings = ballots.flatMap((b) => ("ranking" in b ? [b.ranking] : []));
      return { ...result, ...instantRunoff(rules.options, rankings) };
    }
    case "meeting_time":
      return { ...result, ...bestTime(tallyVotes(rules, ballots, eligible).times ?? {}) };
  }
}

/** The option with the most votes; a tie for first has no winner and names the tied options (in option order). */
function mostVoted(counts: Record<string, number>): Pick<DecisionResult, "winner" | "tied"> {
  const top = Math.max(0, ...Object.values(counts));
  if (top === 0) return { winner: null };
  const first = Object.keys(counts).filter((label) => counts[label] === top);
  return first.length === 1 ? { winner: first[0]! } : { winner: null, tied: first };
}

/**
 * The time that suits most people: the most who can come (yes or if need be), then the
 * most who said yes. Still level: no winner, the tied times named.
 */
function bestTime(times: Record<string, Record<MeetingAnswer, number>>): Pick<DecisionResult, "winner" | "tied"> {
  const score = (t: Record<MeetingAnswer, number>) => (t.yes + t.if_need_be) * 1_000_000 + t.yes;
  return mostVoted(Object.fromEntries(Object.entries(times).map(([label, t]) => [label, score(t)])));
}

/**
 * Instant runoff. Each round, every ballot counts for its highest-ranked option still in
 * the running; an option with more than half of the ballots still counting wins. Otherwise
 * the option with the fewest votes goes out, and the next round begins. Every round is
 * kept, so that members can follow how the winner was found.
 *
 * Ties for the fewest votes are broken, the same way every time, by:
 * 1. the fewest votes at the earliest round where the tied options differ (the first
 *    round is first preferences, so this starts with the fewest first preferences);
 * 2. then the option listed later goes out (the order the options were proposed in).
 * One option goes out per round, so a round with several at zero takes several rounds.
 */
export function instantRunoff(
  options: readonly DecisionOption[],
  rankings: readonly (readonly string[])[],
): { winner: string | null; rounds: RunoffRound[] } {
  const rounds: RunoffRound[] = [];
  // Each option's votes in every round so far, by id, for the tie-break.
  const history = new Map<string, number[]>(options.map((o) => [o.id, []]));
  let running = options.map((o) => o.id);
  const label = (id: string) => options.find((o) => o.id === id)!.label;
  while (running.length > 0) {
    const votes = new Map(running.map((id) => [id, 0]));
    let exhausted = 0;
    for (const ranking of rankings) {
      const top = ranking.find((id) => votes.has(id));
      if (top === undefined) exhausted++;
      else votes.set(top, votes.get(top)! + 1);
    }
    for (const id of running) history.get(id)!.push(votes.get(id)!);
    const counts = Object.fromEntries(running.map((id) => [label(id), votes.get(id)!]));
    const counting = rankings.length - exhausted;
    if (counting === 0) {
      rounds.push({ counts, exhausted, eliminated: null });
      return { winner: null, rounds };
    }
    const leader = running.find((id) => votes.get(id)! * 2 > counting);
    if (leader !== undefined || running.length === 1) {
      rounds.push({ counts, exhausted, eliminated: null });
      return { winner: label(leader ?? running[0]!), rounds };
    }
    const out = weakest(running, options, history);
    rounds.push({ counts, exhausted, eliminated: label(out) });
    running = running.filter((id) => id !== out);
  }
  return { winner: null, rounds };
}

/** Which running option goes out: the fewest votes now, then the tie-break documented on `instantRunoff`. */
function weakest(running: readonly string[], options: readonly DecisionOption[], history: Map<string, number[]>): string {
  const position = new Map(options.map((o, index) => [o.id, index]));
  const sorted = [...running].sort((a, b) => {
    const ha = history.get(a)!;
    const hb = history.get(b)!;
    const now = ha.at(-1)! - hb.at(-1)!;
    if (now !== 0) return now;
    for (let round = 0; round < ha.length; round++) {
      if (ha[round] !== hb[round]) return ha[round]! - hb[round]!;
    }
    return position.get(b)! - position.get(a)!;
  });
  return sorted[0]!;
}
