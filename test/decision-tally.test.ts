import { describe, expect, it } from "vitest";
import { ballotFrom } from "../src/decisions/ballot.ts";
import {
  type Ballot,
  type DecisionRules,
  instantRunoff,
  quorumReached,
  resultOf,
  resultsVisible,
  tallyVotes,
} from "../src/decisions/tally.ts";
import { InvalidFieldsError } from "../src/errors.ts";

// Plain unit tests of how a decision's votes are counted, shown and checked: no HTTP, no database.

const options = (...labels: string[]) => labels.map((label, index) => ({ id: `o${index}`, label }));
const rules = (process: DecisionRules["process"], extra: Partial<DecisionRules> = {}): DecisionRules => ({
  process,
  anyOf: false,
  options: [],
  quorum: null,
  ...extra,
});
const ranks = (...rankings: string[]) => rankings.map((r) => r.split("").map((letter) => `o${"ABCDE".indexOf(letter)}`));

function fieldsOf(work: () => unknown): Record<string, string> {
  try {
    work();
  } catch (error) {
    if (error instanceof InvalidFieldsError) return error.fields;
    throw error;
  }
  throw new Error("expected invalid fields");
}

describe("consent and proposal", () => {
  it("counts each choice, with zero for the ones nobody took", () => {
    const ballots: Ballot[] = [{ choice: "consent" }, { choice: "consent" }, { choice: "stand_aside" }];
    expect(tallyVotes(rules("consent"), ballots, 10)).toEqual({
      voters: 3,
      eligible: 10,
      counts: { consent: 2, object: 0, stand_aside: 1 },
    });
    const proposal = tallyVotes(rules("proposal"), [{ choice: "block" }, { choice: "agree" }], 4);
    expect(proposal.counts).toEqual({ agree: 1, abstain: 0, disagree: 0, block: 1 });
  });

  it("asks a reason of an objection and of a block, and of nothing else", () => {
    expect(fieldsOf(() => ballotFrom(rules("consent"), { choice: "object" }))).toEqual({ reason: "say why you object" });
    expect(fieldsOf(() => ballotFrom(rules("proposal"), { choice: "block", reason: "" }))).toEqual({ reason: "say why you block" });
    expect(ballotFrom(rules("proposal"), { choice: "block", reason: "It leaves out the night shift." })).toEqual({
      ballot: { choice: "block" },
      reason: "It leaves out the night shift.",
    });
    expect(ballotFrom(rules("consent"), { choice: "stand_aside" })).toEqual({ ballot: { choice: "stand_aside" }, reason: null });
  });

  it("refuses choices of another process, naming the field", () => {
    expect(fieldsOf(() => ballotFrom(rules("consent"), { choice: "agree" }))).toEqual({
      choice: "use one of: consent, object, stand_aside",
    });
    expect(fieldsOf(() => ballotFrom(rules("proposal"), { ranking: ["agree"] }))).toEqual({
      ranking: "this decision takes `choice`, not `ranking`",
    });
    expect(fieldsOf(() => ballotFrom(rules("proposal"), {}))).toEqual({ choice: "say how you vote" });
  });
});

describe("polls", () => {
  const picnic = rules("poll", { options: options("Park", "Beach", "Library") });

  it("one of: counts by option, takes an option by its id or its words, and names a winner", () => {
    const park = ballotFrom(picnic, { choice: "park" }).ballot;
    const beach = ballotFrom(picnic, { choice: "o1" }).ballot;
    expect(fieldsOf(() => ballotFrom(picnic, { choice: "Moon" }))).toEqual({ choice: "choose among the options: Park; Beach; Library" });
    const ballots = [park, park, beach];
    expect(tallyVotes(picnic, ballots, 5).counts).toEqual({ Park: 2, Beach: 1, Library: 0 });
    expect(resultOf(picnic, ballots, 5)).toEqual({ quorumReached: true, winner: "Park" });
  });

  it("one of: a tie for first has no winner and names the tied options", () => {
    const ballots: Ballot[] = [{ choice: "o0" }, { choice: "o2" }];
    expect(resultOf(picnic, ballots, 5)).toEqual({ quorumReached: true, winner: null, tied: ["Park", "Library"] });
    expect(resultOf(picnic, [], 5)).toEqual({ quorumReached: true, winner: null });
  });

  it("any of: each chosen option counts once, and the same option twice is refused", () => {
    const anyOf = { ...picnic, anyOf: true };
    const ballot = ballotFrom(anyOf, { choices: ["Park", "Library"] }).ballot;
    expect(ballot).toEqual({ choices: ["o0", "o2"] });
    const ballots = [ballot, { choices: ["o2"] }];
    expect(tallyVotes(anyOf, ballots, 5).counts).toEqual({ Park: 1, Beach: 0, Library: 2 });
    expect(resultOf(anyOf, ballots, 5).winner).toBe("Library");
    expect(fieldsOf(() => ballotFrom(anyOf, { choices: ["Park", "park"] }))).toEqual({ "choices.1": "this option is already listed" });
    expect(fieldsOf(() => ballotFrom(anyOf, { choices: [] }))).toEqual({ choices: "choose at least one option" });
    expect(fieldsOf(() => ballotFrom(anyOf, { choice: "Park" }))).toEqual({ choice: "this decision takes `choices`, not `choice`" });
  });
});

describe("ranked choice (instant runoff)", () => {
  const three = options("Apples", "Bread", "Cheese");

  it("a majority of first preferences wins in one round", () => {
    const { winner, rounds } = instantRunoff(three, ranks("AB", "AC", "B"));
    expect(winner).toBe("Apples");
    expect(rounds).toEqual([{ counts: { Apples: 2, Bread: 1, Cheese: 0 }, exhausted: 0, eliminated: null }]);
  });

  it("eliminates the fewest, moves their ballots to the next preference, and shows every round", () => {
    // First preferences: A 4, B 3, C 2. C goes out; its ballots go to B, which then has 5 of 9.
    const ballots = ranks("A", "A", "A", "A", "BA", "BA", "B", "CB", "CB");
    const { winner, rounds } = instantRunoff(three, ballots);
    expect(rounds).toEqual([
      { counts: { Apples: 4, Bread: 3, Cheese: 2 }, exhausted: 0, eliminated: "Cheese" },
      { counts: { Apples: 4, Bread: 5 }, exhausted: 0, eliminated: null },
    ]);
    expect(winner).toBe("Bread");
  });

  it("counts ballots with nothing left as exhausted, and wins on a majority of those still counting", () => {
    // D goes out with 1; its ballot ranks nothing else. Then C (2) goes out: one goes to A, one is exhausted.
    const four = options("A", "B", "C", "D");
    const { winner, rounds } = instantRunoff(four, ranks("A", "A", "A", "B", "B", "B", "CA", "C", "D"));
    expect(rounds.map((r) => [r.counts, r.exhausted, r.eliminated])).toEqual([
      [{ A: 3, B: 3, C: 2, D: 1 }, 0, "D"],
      [{ A: 3, B: 3, C: 2 }, 1, "C"],
      [{ A: 4, B: 3 }, 2, null],
    ]);
    expect(winner).toBe("A");
  });

  it("breaks a tie for the fewest by the earliest round where the tied options differ", () => {
    // Round 1: A 3, B 2, C 2, D 1: D goes out, its ballot to C. Round 2: A 3, B 2, C 3: B goes
    // out, its ballots rank nothing else. Round 3: A 3, C 3: C had fewer in round 1, so C goes out.
    const four = options("A", "B", "C", "D");
    const first = instantRunoff(four, ranks("A", "A", "A", "B", "B", "C", "C", "DC"));
    expect(first.rounds.map((r) => r.eliminated)).toEqual(["D", "B", "C", null]);
    expect(first.rounds[2]!.counts).toEqual({ A: 3, C: 3 });
    expect(first.winner).toBe("A");
    // Round 1: A 2, B 3, C 2, D 2: A, C and D tie for the fewest; all have the same first
    // preferences, so the one listed last (D) goes out. Round 2: D's ballot goes to A: A 3, B 3, C 2.
    // C goes out; its ballots go to A: A 5 of 9.
    const tied = instantRunoff(four, ranks("A", "A", "B", "B", "B", "CA", "CA", "DA", "D"));
    expect(tied.rounds.map((r) => r.eliminated)).toEqual(["D", "C", null]);
    expect(tied.rounds[1]!.counts).toEqual({ A: 3, B: 3, C: 2 });
    expect(tied.winner).toBe("A");
  });

  it("with equal votes now, puts out the option that had fewer at an earlier round", () => {
    // Round 1: A 4, B 3, C 2, D 1 → D out (its ballot to C). Round 2: A 4, B 3, C 3: B and C tie,
    // C had fewer first preferences (2 against 3), so C goes out: two ballots go to B, one has nothing left.
    const four = options("A", "B", "C", "D");
    const { rounds, winner } = instantRunoff(four, ranks("A", "A", "A", "A", "B", "B", "B", "CB", "CB", "DC"));
    expect(rounds.map((r) => r.eliminated)).toEqual(["D", "C", null]);
    expect(rounds[2]).toEqual({ counts: { A: 4, B: 5 }, exhausted: 1, eliminated: null });
    expect(winner).toBe("B");
  });

  it("level all the way: the option listed later goes out, so the result is the same every time", () => {
    const { winner, rounds } = instantRunoff(options("A", "B"), ranks("A", "B"));
    expect(rounds).toEqual([
      { counts: { A: 1, B: 1 }, exhausted: 0, eliminated: "B" },
      { counts: { A: 1 }, exhausted: 1, eliminated: null },
    ]);
    expect(winner).toBe("A");
  });

  it("has no winner without votes", () => {
    expect(instantRunoff(three, [])).toEqual({
      winner: null,
      rounds: [{ counts: { Apples: 0, Bread: 0, Cheese: 0 }, exhausted: 0, eliminated: null }],
    });
  });

  it("takes a ranking of some options, refuses one listed twice, and tallies first preferences", () => {
    const ranked = rules("ranked", { options: three });
    expect(ballotFrom(ranked, { ranking: ["Cheese", "o0"] }).ballot).toEqual({ ranking: ["o2", "o0"] });
    expect(fieldsOf(() => ballotFrom(ranked, { ranking: ["Cheese", "cheese"] }))).toEqual({ "ranking.1": "this option is already listed" });
    const ballots = ranks("CA", "B").map((ranking) => ({ ranking }));
    expect(tallyVotes(ranked, ballots, 3).counts).toEqual({ Apples: 0, Bread: 1, Cheese: 1 });
    // Apples goes out with none; Bread and Cheese are level all the way, so Cheese (listed later) goes.
    expect(resultOf(ranked, ballots, 3)).toMatchObject({
      winner: "Bread",
      rounds: [{ eliminated: "Apples" }, { eliminated: "Cheese" }, {}],
    });
  });
});

describe("meeting times", () => {
  const times = rules("meeting_time", { options: options("Mon 18:00", "Tue 18:00", "Sat 10:00") });

  it("counts yes, if need be and no per time; a time left out is a no", () => {
    const one = ballotFrom(times, { choices: { "Mon 18:00": "yes", o1: "if_need_be" } }).ballot;
    expect(one).toEqual({ answers: { o0: "yes", o1: "if_need_be", o2: "no" } });
    const two = ballotFrom(times, { choices: ["Tue 18:00"] }).ballot;
    expect(tallyVotes(times, [one, two], 6).times).toEqual({
      "Mon 18:00": { yes: 1, if_need_be: 0, no: 1 },
      "Tue 18:00": { yes: 1, if_need_be: 1, no: 0 },
      "Sat 10:00": { yes: 0, if_need_be: 0, no: 2 },
    });
    expect(resultOf(times, [one, two], 6).winner).toBe("Tue 18:00");
  });

  it("prefers the time more can come to, then the one more said yes to", () => {
    const ballots: Ballot[] = [
      { answers: { o0: "yes", o1: "if_need_be", o2: "no" } },
      { answers: { o0: "if_need_be", o1: "if_need_be", o2: "yes" } },
    ];
    expect(resultOf(times, ballots, 2).winner).toBe("Mon 18:00");
  });

  it("refuses an answer it does not know, naming the time", () => {
    expect(fieldsOf(() => ballotFrom(times, { choices: { "Sat 10:00": "maybe" } }))).toEqual({
      "choices.Sat 10:00": "answer one of: yes, if_need_be, no",
    });
  });
});

describe("quorum and who sees the results", () => {
  it("is reached when the share of those who may vote have voted, without rounding errors", () => {
    expect(quorumReached(3, 10, 0.3)).toBe(true);
    expect(quorumReached(2, 10, 0.3)).toBe(false);
    expect(quorumReached(4, 7, 0.5)).toBe(true);
    expect(quorumReached(3, 7, 0.5)).toBe(false);
    expect(quorumReached(0, 7, null)).toBe(true);
    expect(resultOf(rules("consent", { quorum: 0.5 }), [{ choice: "consent" }], 4)).toEqual({ quorumReached: false });
  });

  it("shows results as they come, after voting, or only after closing; to everyone once closed", () => {
    expect(resultsVisible("never", { closed: false, voted: false })).toBe(true);
    expect(resultsVisible("until_voted", { closed: false, voted: false })).toBe(false);
    expect(resultsVisible("until_voted", { closed: false, voted: true })).toBe(true);
    expect(resultsVisible("until_closed", { closed: false, voted: true })).toBe(false);
    expect(resultsVisible("until_closed", { closed: true, voted: false })).toBe(true);
  });
});
