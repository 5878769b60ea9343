import type { DecisionOptionRow, DecisionVoteRow, DecisionWithNames } from "../../db/queries/decisions.ts";
import type { DecisionStatus } from "./decision.schema.ts";
import {
  type Ballot,
  type DecisionOption,
  type DecisionProcess,
  type DecisionResult,
  type DecisionRules,
  type HideResults,
  type MeetingAnswer,
  resultOf,
  resultsVisible,
  type Tally,
  tallyVotes,
} from "./tally.ts";

/** A decision as lists show it. */
export interface DecisionSummary {
  id: string;
  title: string;
  process: DecisionProcess;
  anyOf: boolean;
  status: DecisionStatus;
  closesAt: string;
  closedAt: string | null;
  starter: string | null;
  quorum: number | null;
  hideResults: HideResults;
  anonymous: boolean;
  /** How many have voted (shown even when the counts are hidden). */
  voterCount: number;
  /** Whether the member asking has voted. */
  voted: boolean;
  /** The working group that decides, by id and name; null when every member does. */
  workingGroupId: string | null;
  workingGroup: string | null;
  /** Whether the member asking may vote (a working group's decision: its members only). */
  canVote: boolean;
  outcome: string | null;
  outcomeAt: string | null;
  reviewOn: string | null;
  createdAt: string;
}

/** A vote as shown: options by their words, a meeting time's answers as `{time: answer}`. */
export interface VoteView {
  choice?: string;
  choices?: string[] | Record<string, MeetingAnswer>;
  ranking?: string[];
  reason: string | null;
}

/** One decision as a member may see it. */
export interface DecisionView extends DecisionSummary {
  body: string;
  options: string[];
  /** The counts, or null while the decision hides them from this member. */
  tally: Tally | null;
  /** Each vote with who cast it and why; null when anonymous or while the counts are hidden. */
  votes: (VoteView & { member: string; at: string })[] | null;
  /** The member's own vote, to change it. */
  myVote: VoteView | null;
  /** Once closed: whether the quorum was reached and, for polls, ranked choices and meeting times, the winner. */
  result?: DecisionResult;
  outcomeBy: string | null;
  /** Whether the member asking may close it or write its outcome. */
  canClose: boolean;
}

export function rulesOf(row: DecisionWithNames, options: readonly DecisionOptionRow[]): DecisionRules {
  return {
    process: row.decision.process,
    anyOf: row.decision.anyOf,
    options: options.map((o) => ({ id: o.id, label: o.label })),
    quorum: row.decision.quorum,
  };
}

export function toSummary({
  decision: d,
  starterUsername,
  voterCount,
  voted,
  workingGroupName,
  mayVote,
}: DecisionWithNames): DecisionSummary {
  return {
    id: d.id,
    title: d.title,
    process: d.process,
    anyOf: d.anyOf,
    status: d.status,
    closesAt: d.closesAt.toISOString(),
    closedAt: d.closedAt?.toISOString() ?? null,
    starter: starterUsername,
    quorum: d.quorum,
    hideResults: d.hideResults,
    anonymous: d.anonymous,
    voterCount,
    voted,
    workingGroupId: d.workingGroupId,
    workingGroup: workingGroupName,
    canVote: mayVote,
    outcome: d.outcome,
    outcomeAt: d.outcomeAt?.toISOString() ?? null,
    reviewOn: d.reviewOn,
    createdAt: d.createdAt.toISOString(),
  };
}

/**
 * The decision as `memberId` may see it: the counts only when its `hideResults` allows,
 * who voted how only when it is not anonymous (never, for anonymous ones), the result once closed.
 */
export function toView(
  row: DecisionWithNames,
  options: readonly DecisionOptionRow[],
  votes: readonly { vote: DecisionVoteRow; username: string }[],
  viewer: { memberId: string; eligible: number; canClose: boolean },
): DecisionView {
  const rules = rulesOf(row, options);
  const closed = row.decision.status === "closed";
  const visible = resultsVisible(row.decision.hideResults, { closed, voted: row.voted });
  const ballots = votes.map(({ vote }) => vote.ballot);
  const eligible = row.decision.eligibleCount ?? viewer.eligible;
  const mine = votes.find(({ vote }) => vote.memberId === viewer.memberId);
  return {
    ...toSummary(row),
    body: row.decision.body,
    options: rules.options.map((o) => o.label),
    tally: visible ? tallyVotes(rules, ballots, eligible) : null,
    votes:
      visible && !row.decision.anonymous
        ? votes.map(({ vote, username }) => ({
            member: username,
            ...voteView(rules.options, vote.ballot, vote.reason),
            at: vote.updatedAt.toISOString(),
          }))
        : null,
    myVote: mine === undefined ? null : voteView(rules.options, mine.vote.ballot, mine.vote.reason),
    ...(closed ? { result: resultOf(rules, ballots, eligible) } : {}),
    outcomeBy: row.outcomeByUsername,
    canClose: viewer.canClose,
  };
}

function voteView(options: readonly DecisionOption[], ballot: Ballot, reason: string | null): VoteView {
  const label = (id: string) => options.find((o) => o.id === id)?.label ?? id;
  if ("choice" in ballot) return { choice: options.length > 0 ? label(ballot.choice) : ballot.choice, reason };
  if ("choices" in ballot) return { choices: ballot.choices.map(label), reason };
  if ("ranking" in ballot) return { ranking: ballot.ranking.map(label), reason };
  return { choices: Object.fromEntries(options.map((o) => [o.label, ballot.answers[o.id] ?? "no"])), reason };
}
