import { DECISION_PROCESSES, HIDE_RESULTS, MAX_DECISION_BODY } from "../../src/decisions/decision.schema.ts";
import type { DecisionSummary, DecisionView } from "../../src/decisions/decision.view.ts";
import { Checkbox, ErrorSummary, Select, TextArea, TextField } from "../components/fields.tsx";
import { useT } from "../env.ts";
import type { FormValues } from "../forms.ts";
import { When } from "./matching.tsx";

/** Decisions, open ones first, then closed ones; each says whether the member has voted. */
export function DecisionsPage({ decisions }: { decisions: DecisionSummary[] }) {
  const t = useT();
  const open = decisions.filter((d) => d.status === "open");
  const closed = decisions.filter((d) => d.status === "closed");
  return (
    <>
      <h1>{t("decisions.title")}</h1>
      <p>{t("decisions.intro")}</p>
      <p>
        <a href="/decisions/new">{t("decisions.start")}</a> · <a href="/decisions/log">{t("decisions.log.title")}</a>
      </p>
      <h2>{t("decisions.open")}</h2>
      <DecisionList decisions={open} empty={t("decisions.noneOpen")} />
      <h2>{t("decisions.closed")}</h2>
      <DecisionList decisions={closed} empty={t("decisions.noneClosed")} />
    </>
  );
}

function DecisionList({ decisions, empty }: { decisions: DecisionSummary[]; empty: string }) {
  const t = useT();
  if (decisions.length === 0) return <p>{empty}</p>;
  return (
    <ul class="posts">
      {decisions.map((d) => (
        <li class="post">
          <h3>
            <a href={`/decisions/${d.id}`}>{d.title}</a>
          </h3>
          <p class="meta">
            {t(`decisions.process.${d.process}`)} · {d.status === "open" ? t("decisions.closes") : t("decisions.closedOn")}{" "}
            <When iso={d.closedAt ?? d.closesAt} /> · {t("decisions.voterCount", { count: d.voterCount })}
            {d.status === "open" && ` · ${d.voted ? t("decisions.youVoted") : t("decisions.notVoted")}`}
          </p>
          {d.outcome !== null && (
            <p>
              <strong>{t("decisions.outcome")}:</strong> {d.outcome}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

/** A datetime-local value (the server's local time) a week from now, to start the form with. */
function aWeekFromNow(): string {
  const d = new Date(Date.now() + 7 * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:00`;
}

/** Starting a decision: what is proposed, the process (with when to use each), the options, until when. */
export function NewDecisionPage({
  values,
  errors,
  groups,
}: {
  values: FormValues;
  errors: Record<string, string>;
  /** The working groups the member may have decide (theirs; every group for coordinators). */
  groups: { id: string; name: string }[];
}) {
  const t = useT();
  const process = values.process ?? "consent";
  const optionsError = errors.options ?? Object.entries(errors).find(([field]) => field.startsWith("options."))?.[1];
  return (
    <>
      <h1>{t("decisions.new.title")}</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action="/decisions" novalidate>
        <TextField name="title" label={t("decisions.new.titleLabel")} value={values.title} error={errors.title} required maxlength={200} />
        <TextArea
          name="body"
          label={t("decisions.new.bodyLabel")}
          hint={t("decisions.new.bodyHint")}
          value={values.body}
          error={errors.body}
          required
          maxlength={MAX_DECISION_BODY}
        />
        {groups.length > 0 && (
          <Select
            name="workingGroupId"
            label={t("decisions.new.whoDecidesLabel")}
            hint={t("decisions.new.whoDecidesHint")}
            value={values.workingGroupId}
            error={errors.workingGroupId}
            empty={t("decisions.new.everyone")}
            options={groups.map((g) => ({ value: g.id, label: g.name }))}
          />
        )}
        <fieldset aria-describedby={errors.process ? "process-error" : undefined}>
          <legend>{t("decisions.new.processLabel")}</legend>
          {errors.process && (
            <p class="error" id="process-error">
              {errors.process}
            </p>
          )}
          {DECISION_PROCESSES.map((p) => (
            <>
              <label class="choice" for={`process-${p}`}>
                <input
                  type="radio"
                  id={`process-${p}`}
                  name="process"
                  value={p}
                  checked={p === process}
                  aria-describedby={`process-${p}-hint`}
                />
                {t(`decisions.process.${p}`)}
              </label>
              <span class="hint" id={`process-${p}-hint`}>
                {t(`decisions.processHint.${p}`)}
              </span>
            </>
          ))}
        </fieldset>
        <TextArea
          name="options"
          label={t("decisions.new.optionsLabel")}
          hint={t("decisions.new.optionsHint")}
          value={values.options}
          error={optionsError}
          optional
        />
        <Checkbox name="anyOf" label={t("decisions.new.anyOfLabel")} checked={values.anyOf === "on"} />
        {errors.anyOf && <p class="error">{errors.anyOf}</p>}
        <TextField
          name="closesAt"
          type="datetime-local"
          label={t("decisions.new.closesAtLabel")}
          value={values.closesAt ?? aWeekFromNow()}
          error={errors.closesAt}
          required
        />
        <TextField
          name="quorum"
          type="number"
          label={t("decisions.new.quorumLabel")}
          hint={t("decisions.new.quorumHint")}
          value={values.quorum}
          error={errors.quorum}
          optional
        />
        <Select
          name="hideResults"
          label={t("decisions.new.hideResultsLabel")}
          value={values.hideResults ?? "never"}
          error={errors.hideResults}
          options={HIDE_RESULTS.map((h) => ({ value: h, label: t(`decisions.hideResults.${h}`) }))}
        />
        <Checkbox
          name="anonymous"
          label={t("decisions.new.anonymousLabel")}
          hint={t("decisions.new.anonymousHint")}
          checked={values.anonymous === "on"}
        />
        <button type="submit">{t("decisions.new.submit")}</button>
      </form>
    </>
  );
}

/** The decisions log: every outcome, newest first, the network's memory. */
export function DecisionLogPage({ decisions }: { decisions: DecisionView[] }) {
  const t = useT();
  return (
    <>
      <h1>{t("decisions.log.title")}</h1>
      <p>{t("decisions.log.intro")}</p>
      {decisions.length === 0 ? (
        <p>{t("decisions.log.empty")}</p>
      ) : (
        <ol class="posts">
          {decisions.map((d) => (
            <li class="post">
              <h2>
                <a href={`/decisions/${d.id}`}>{d.title}</a>
              </h2>
              <p class="meta">
                {d.outcomeAt !== null && <When iso={d.outcomeAt} />} · {t(`decisions.process.${d.process}`)} ·{" "}
                {t("decisions.voterCount", { count: d.voterCount })}
                {d.result?.quorumReached === false && ` · ${t("decisions.quorumNotReached")}`}
              </p>
              <p class="pre-line">{d.outcome}</p>
              {d.reviewOn !== null && <p class="meta">{t("decisions.reviewOn", { date: d.reviewOn })}</p>}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
