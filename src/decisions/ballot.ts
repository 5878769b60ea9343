// What a vote may say, per process: the shapes castVote takes, checked and turned into
// the ballot that is kept (option ids). Plain functions, no database.

import { InvalidFieldsError } from "../errors.ts";
import {
  type Ballot,
  CHOICES_NEEDING_A_REASON,
  CONSENT_CHOICES,
  type DecisionOption,
  type DecisionRules,
  MEETING_ANSWERS,
  type MeetingAnswer,
  PROPOSAL_CHOICES,
} from "./tally.ts";

/** castVote's body after its shape was checked: one of `choice`, `choices` or `ranking`, and an optional reason. */
export interface VoteInput {
  choice?: string | undefined;
  choices?: string[] | Record<string, string> | undefined;
  ranking?: string[] | undefined;
  reason?: string | undefined;
}

/** The field each process takes, for the error that names it. */
function fieldFor(rules: Pick<DecisionRules, "process" | "anyOf">): "choice" | "choices" | "ranking" {
  if (rules.process === "ranked") return "ranking";
  if (rules.process === "meeting_time" || (rules.process === "poll" && rules.anyOf)) return "choices";
  return "choice";
}

/**
 * The ballot a vote makes, or the fields that are wrong: a choice the process offers (an
 * option by its id or its words), a reason for an objection or a block, nothing twice.
 */
export function ballotFrom(rules: DecisionRules, input: VoteInput): { ballot: Ballot; reason: string | null } {
  const field = fieldFor(rules);
  const wrong = (["choice", "choices", "ranking"] as const).filter((name) => name !== field && input[name] !== undefined);
  if (wrong.length > 0) throw new InvalidFieldsError({ [wrong[0]!]: `this decision takes \`${field}\`, not \`${wrong[0]}\`` });
  if (input[field] === undefined) throw new InvalidFieldsError({ [field]: "say how you vote" });
  const reason = input.reason === undefined || input.reason === "" ? null : input.reason;
  const ballot = ballotOf(rules, input);
  if ("choice" in ballot && CHOICES_NEEDING_A_REASON.includes(ballot.choice) && reason === null) {
    throw new InvalidFieldsError({ reason: `say why you ${ballot.choice === "block" ? "block" : "object"}` });
  }
  return { ballot, reason };
}

function ballotOf(rules: DecisionRules, input: VoteInput): Ballot {
  switch (rules.process) {
    case "consent":
    case "proposal": {
      const choices: readonly string[] = rules.process === "consent" ? CONSENT_CHOICES : PROPOSAL_CHOICES;
      if (!choices.includes(input.choice!)) throw new InvalidFieldsError({ choice: `use one of: ${choices.join(", ")}` });
      return { choice: input.choice! };
    }
    case "poll":
      if (!rules.anyOf) return { choice: optionId(rules.options, input.choice!, "choice") };
      return { choices: optionList(rules.options, input.choices!, "choices", { min: 1 }) };
    case "ranked":
      return { ranking: optionList(rules.options, input.ranking!, "ranking", { min: 1 }) };
    case "meeting_time":
      return { answers: meetingAnswers(rules.options, input.choices!) };
  }
}

/** An option named by its id or by its words (exactly, then ignoring case). */
function optionId(options: readonly DecisionOption[], name: string, field: string): string {
  const wanted = name.trim();
  const found =
    options.find((o) => o.id === wanted || o.label === wanted) ?? options.find((o) => o.label.toLowerCase() === wanted.toLowerCase());
  if (found === undefined) throw new InvalidFieldsError({ [field]: `choose among the options: ${options.map((o) => o.label).join("; ")}` });
  return found.id;
}

function optionList(options: readonly DecisionOption[], names: unknown, field: string, { min }: { min: number }): string[] {
  if (!Array.isArray(names)) throw new InvalidFieldsError({ [field]: "send a list of options" });
  if (names.length < min) throw new InvalidFieldsError({ [field]: "choose at least one option" });
  const ids = names.map((name, index) => optionId(options, String(name), `${field}.${index}`));
  const twice = ids.findIndex((id, index) => ids.indexOf(id) !== index);
  if (twice !== -1) throw new InvalidFieldsError({ [`${field}.${twice}`]: "this option is already listed" });
  return ids;
}

/**
 * A meeting time's answers: `{time: answer}` for each time (by its id or words), or a list
 * of the times that suit (yes). Times left out are a no.
 */
function meetingAnswers(options: readonly DecisionOption[], choices: string[] | Record<string, string>): Record<string, MeetingAnswer> {
  const answers: Record<string, MeetingAnswer> = Object.fromEntries(options.map((o) => [o.id, "no" as const]));
  if (Array.isArray(choices)) {
    for (const id of optionList(options, choices, "choices", { min: 0 })) answers[id] = "yes";
    return answers;
  }
  if (Object.keys(choices).length === 0) throw new InvalidFieldsError({ choices: "answer at least one time" });
  const seen = new Set<string>();
  for (const [name, answer] of Object.entries(choices)) {
    const id = optionId(options, name, `choices.${name}`);
    if (!(MEETING_ANSWERS as readonly string[]).includes(answer)) {
      throw new InvalidFieldsError({ [`choices.${name}`]: `answer one of: ${MEETING_ANSWERS.join(", ")}` });
    }
    if (seen.has(id)) throw new InvalidFieldsError({ [`choices.${name}`]: "this time is already answered" });
    seen.add(id);
    answers[id] = answer as MeetingAnswer;
  }
  return answers;
}
