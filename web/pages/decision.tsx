import { MAX_OUTCOME, MAX_REASON } from "../../src/decisions/decision.schema.ts";
import type { DecisionView, VoteView } from "../../src/decisions/decision.view.ts";
import { CONSENT_CHOICES, MEETING_ANSWERS, PROPOSAL_CHOICES } from "../../src/decisions/tally.ts";
import { DataTable } from "../components/data-table.tsx";
import { ErrorSummary, Notice, TextArea, TextField } from "../components/fields.tsx";
import { useT } from "../env.ts";
import type { FormValues } from "../forms.ts";
import { When } from "./matching.tsx";

/** One decision: the proposal, the vote form while open, the tally as the member may see it, the result and the outcome. */
export function DecisionPage({
  decision: d,
  values,
  errors,
  saved,
}: {
  decision: DecisionView;
  values: FormValues;
  errors: Record<string, string>;
  saved: boolean;
}) {
  const t = useT();
  const open = d.status === "open";
  return (
    <>
      <h1>{d.title}</h1>
      <p class="meta">
        {t(`decisions.process.${d.process}`)}
        {d.process === "poll" && ` (${t(d.anyOf ? "decisions.anyOf" : "decisions.oneOf")})`} ·{" "}
        {t("decisions.startedBy", { username: d.starter ?? t("log.formerMember") })} ·{" "}
        {open ? t("decisions.closes") : t("decisions.closedOn")} <When iso={d.closedAt ?? d.closesAt} />
        {d.anonymous && ` · ${t("decisions.anonymous")}`}
        {d.quorum !== null && ` · ${t("decisions.quorum", { percent: Math.round(d.quorum * 100) })}`}
      </p>
      {d.workingGroupId !== null && (
        <p>
          {t("decisions.decidedBy")} <a href={`/groups/${d.workingGroupId}`}>{d.workingGroup}</a>
          {open && !d.canVote && ` · ${t("decisions.groupOnly")}`}
        </p>
      )}
      <p class="pre-line">{d.body}</p>
      {saved && (
        <Notice>
          <p>{t("decisions.voteSaved")}</p>
        </Notice>
      )}
      {d.outcome !== null && <Outcome decision={d} />}
      {open && d.canVote && <VoteForm decision={d} values={values} errors={errors} />}
      <Results decision={d} />
      {d.canClose && <CloseForm decision={d} values={values} errors={errors} />}
    </>
  );
}

function Outcome({ decision: d }: { decision: DecisionView }) {
  const t = useT();
  return (
    <section aria-labelledby="outcome-heading">
      <h2 id="outcome-heading">{t("decisions.outcome")}</h2>
      <p class="pre-line">{d.outcome}</p>
      <p class="meta">
        {t("decisions.outcomeBy", { username: d.outcomeBy ?? t("log.formerMember") })}
        {d.outcomeAt !== null && (
          <>
            {" · "}
            <When iso={d.outcomeAt} />
          </>
        )}
        {d.reviewOn !== null && ` · ${t("decisions.reviewOn", { date: d.reviewOn })}`}
      </p>
    </section>
  );
}

/** The choices of a consent or proposal, or the options of a one-of poll: one radio each. */
function choicesOf(d: DecisionView, t: ReturnType<typeof useT>): { value: string; label: string }[] {
  if (d.process === "consent") return CONSENT_CHOICES.map((c) => ({ value: c, label: t(`decisions.choice.${c}`) }));
  if (d.process === "proposal") return PROPOSAL_CHOICES.map((c) => ({ value: c, label: t(`decisions.choice.${c}`) }));
  return d.options.map((o) => ({ value: o, label: o }));
}

/** The vote form for the decision's process; it shows the member's vote, which they may change until it closes. */
function VoteForm({ decision: d, values, errors }: { decision: DecisionView; values: FormValues; errors: Record<string, string> }) {
  const t = useT();
  const mine: VoteView | null = d.myVote;
  const voteError =
    errors.choice ?? errors.choices ?? errors.ranking ?? Object.entries(errors).find(([f]) => /^(choices|ranking)\./.test(f))?.[1];
  return (
    <section aria-labelledby="vote-heading">
      <h2 id="vote-heading">{mine === null ? t("decisions.vote") : t("decisions.changeVote")}</h2>
      <ErrorSummary errors={errors} />
      <form method="post" action={`/decisions/${d.id}/vote`}>
        <fieldset aria-describedby={voteError ? "vote-error" : undefined}>
          <legend>{t(`decisions.voteLegend.${d.process === "poll" && d.anyOf ? "anyOf" : d.process}`)}</legend>
          {voteError && (
            <p class="error" id="vote-error">
              {voteError}
            </p>
          )}
          {d.process === "ranked"
            ? d.options.map((option, index) => {
                const rank = values[`rank-${index}`] ?? String((mine?.ranking?.indexOf(option) ?? -1) + 1 || "");
                return (
                  <>
                    <label for={`rank-${index}`}>{option}</label>
                    <select id={`rank-${index}`} name={`rank-${index}`}>
                      <option value="">{t("decisions.notRanked")}</option>
                      {d.options.map((_, place) => (
                        <option value={String(place + 1)} selected={rank === String(place + 1)}>
                          {t("decisions.rank", { place: place + 1 })}
                        </option>
                      ))}
                    </select>
                  </>
                );
              })
            : d.process === "meeting_time"
              ? d.options.map((time, index) => {
                  const answer = values[`time-${index}`] ?? (mine?.choices as Record<string, string> | undefined)?.[time] ?? "";
                  return (
                    <fieldset>
                      <legend>{time}</legend>
                      {MEETING_ANSWERS.map((a) => (
                        <label class="choice" for={`time-${index}-${a}`}>
                          <input type="radio" id={`time-${index}-${a}`} name={`time-${index}`} value={a} checked={answer === a} />
                          {t(`decisions.answer.${a}`)}
                        </label>
                      ))}
                    </fieldset>
                  );
                })
              : d.process === "poll" && d.anyOf
                ? d.options.map((option, index) => (
                    <label class="choice" for={`option-${index}`}>
                      <input
                        type="checkbox"
                        id={`option-${index}`}
                        name={`option-${index}`}
                        checked={values[`option-${index}`] === "on" || (mine?.choices as string[] | undefined)?.includes(option) === true}
                      />
                      {option}
                    </label>
                  ))
                : choicesOf(d, t).map((c, index) => (
                    <label class="choice" for={`choice-${index}`}>
                      <input
                        type="radio"
                        id={`choice-${index}`}
                        name="choice"
                        value={c.value}
                        checked={(values.choice ?? mine?.choice) === c.value}
                      />
                      {c.label}
                    </label>
                  ))}
        </fieldset>
        <TextArea
          name="reason"
          label={t("decisions.reasonLabel")}
          hint={d.process === "consent" || d.process === "proposal" ? t(`decisions.reasonHint.${d.process}`) : undefined}
          value={values.reason ?? mine?.reason ?? ""}
          error={errors.reason}
          optional
          maxlength={MAX_REASON}
        />
        <button type="submit">{mine === null ? t("decisions.castVote") : t("decisions.changeVote")}</button>
      </form>
    </section>
  );
}

/** The tally as the member may see it, the result once closed, and (unless anonymous) who voted how and why. */
function Results({ decision: d }: { decision: DecisionView }) {
  const t = useT();
  const tally = d.tally;
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading">{t("decisions.results")}</h2>
      <p>
        {tally === null
          ? t("decisions.voterCount", { count: d.voterCount })
          : t("decisions.voterCountOf", { count: d.voterCount, eligible: tally.eligible })}
      </p>
      {tally === null ? (
        <p>{t(`decisions.hidden.${d.hideResults}`)}</p>
      ) : tally.times !== undefined ? (
        <DataTable columns={[t("decisions.time"), ...MEETING_ANSWERS.map((a) => t(`decisions.answer.${a}`))]}>
          {Object.entries(tally.times).map(([time, answers]) => (
            <tr>
              <td>{time}</td>
              {MEETING_ANSWERS.map((a) => (
                <td>{answers[a]}</td>
              ))}
            </tr>
          ))}
        </DataTable>
      ) : (
        <DataTable columns={[t(d.process === "ranked" ? "decisions.firstPreference" : "decisions.choiceColumn"), t("decisions.votes")]}>
          {Object.entries(tally.counts ?? {}).map(([choice, count]) => (
            <tr>
              <td>{d.process === "consent" || d.process === "proposal" ? t(`decisions.choice.${choice}`) : choice}</td>
              <td>{count}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {d.result !== undefined && (
        <>
          <p>
            <strong>{d.result.quorumReached ? t("decisions.quorumReached") : t("decisions.quorumNotReached")}</strong>
          </p>
          {d.result.winner !== undefined && (
            <p>
              {d.result.winner !== null
                ? t("decisions.winner", { option: d.result.winner })
                : d.result.tied !== undefined
                  ? t("decisions.tie", { options: d.result.tied.join("; ") })
                  : t("decisions.noWinner")}
            </p>
          )}
          {d.result.rounds !== undefined && d.result.rounds.length > 0 && (
            <ol aria-label={t("decisions.rounds")}>
              {d.result.rounds.map((round) => (
                <li>
                  {Object.entries(round.counts)
                    .map(([option, count]) => `${option}: ${count}`)
                    .join(", ")}
                  {round.exhausted > 0 && ` · ${t("decisions.exhausted", { count: round.exhausted })}`}
                  {round.eliminated !== null && ` · ${t("decisions.eliminated", { option: round.eliminated })}`}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
      {d.votes !== null && d.votes.length > 0 && (
        <DataTable
          caption={t("decisions.whoVoted")}
          columns={[t("decisions.member"), t("decisions.voteColumn"), t("decisions.reasonColumn")]}
        >
          {d.votes.map((v) => (
            <tr>
              <td>{v.member}</td>
              <td>{describeVote(v, d, t)}</td>
              <td class="pre-line">{v.reason ?? ""}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function describeVote(v: VoteView, d: DecisionView, t: ReturnType<typeof useT>): string {
  if (v.choice !== undefined) return d.process === "poll" ? v.choice : t(`decisions.choice.${v.choice}`);
  if (v.ranking !== undefined) return v.ranking.map((o, i) => `${i + 1}. ${o}`).join(" ");
  if (Array.isArray(v.choices)) return v.choices.join("; ");
  return Object.entries(v.choices ?? {})
    .map(([time, answer]) => `${time}: ${t(`decisions.answer.${answer}`)}`)
    .join("; ");
}

/** For the one who started it and coordinators: close it now (outcome optional), or write the outcome once closed. */
function CloseForm({ decision: d, values, errors }: { decision: DecisionView; values: FormValues; errors: Record<string, string> }) {
  const t = useT();
  const open = d.status === "open";
  return (
    <section aria-labelledby="close-heading">
      <h2 id="close-heading">{open ? t("decisions.closeNow") : t("decisions.writeOutcome")}</h2>
      <form method="post" action={`/decisions/${d.id}/close`}>
        <TextArea
          name="outcome"
          label={t("decisions.outcomeLabel")}
          hint={open ? t("decisions.outcomeLaterHint") : undefined}
          value={values.outcome}
          error={errors.outcome}
          optional={open}
          required={!open}
          maxlength={MAX_OUTCOME}
        />
        <TextField
          name="reviewOn"
          type="date"
          label={t("decisions.reviewOnLabel")}
          value={values.reviewOn}
          error={errors.reviewOn}
          optional
        />
        <button type="submit">{open ? t("decisions.closeNow") : t("decisions.saveOutcome")}</button>
      </form>
    </section>
  );
}
