import { RESTRICTION_KINDS } from "../../src/safety/case.schema.ts";
import type { CaseView, ParticipantCaseView } from "../../src/safety/case.service.ts";
import { ErrorSummary, Select, TextArea, TextField } from "../components/fields.tsx";
import { NotesList } from "../components/notes-list.tsx";
import { useFormat } from "../components/when.tsx";
import { useT } from "../env.ts";
import type { FormValues } from "../forms.ts";

type AnyCase = CaseView | ParticipantCaseView;
const isFull = (c: AnyCase): c is CaseView => "notes" in c;

/** Cases: the team's list with the form to open one (`team`), or a member's own cases. */
export function CasesPage({
  cases,
  team,
  values,
  errors,
}: {
  cases: AnyCase[];
  team: boolean;
  values: FormValues;
  errors: Record<string, string>;
}) {
  const t = useT();
  return (
    <>
      <h1>{team ? t("cases.title") : t("cases.mine")}</h1>
      <p>{team ? t("cases.intro") : t("cases.mineIntro")}</p>
      {cases.length === 0 ? (
        <p>{t("cases.none")}</p>
      ) : (
        <ul>
          {cases.map((c) => (
            <li>
              <a href={`/cases/${c.id}`}>{isFull(c) ? c.title : t("cases.caseOf", { date: useFormat().dayOf(c.createdAt) })}</a>{" "}
              <span class="tag">{t(`cases.status.${c.status}`)}</span>
              {isFull(c) && <span class="hint">{c.participants.join(", ")}</span>}
            </li>
          ))}
        </ul>
      )}
      {team && (
        <section aria-labelledby="open-heading">
          <h2 id="open-heading">{t("cases.open")}</h2>
          <ErrorSummary errors={errors} />
          <form method="post" action="/safety/cases" novalidate>
            <TextField
              name="title"
              label={t("cases.titleLabel")}
              hint={t("cases.titleHint")}
              value={values.title}
              error={errors.title}
              required
            />
            <TextField
              name="participants"
              label={t("cases.participantsLabel")}
              hint={t("cases.participantsHint")}
              value={values.participants}
              error={errors.participants}
              required
            />
            <TextField name="mediator" label={t("cases.mediatorLabel")} value={values.mediator} error={errors.mediator} optional />
            <TextField
              name="reports"
              label={t("cases.reportLabel")}
              hint={t("cases.reportHint")}
              value={values.reports}
              error={errors.reports}
              optional
            />
            <TextArea
              name="note"
              label={t("cases.firstNote")}
              hint={t("cases.noteHint")}
              value={values.note}
              error={errors.note}
              optional
            />
            <button type="submit">{t("cases.openButton")}</button>
          </form>
        </section>
      )}
    </>
  );
}

/** One case: everything for the team and the mediator (with their forms); steps, own limits and summary for a participant. */
export function CasePage({
  item,
  team,
  values,
  errors,
}: {
  item: AnyCase;
  team: boolean;
  values: FormValues;
  errors: Record<string, string>;
}) {
  const t = useT();
  const full = isFull(item) ? item : null;
  const action = `/cases/${item.id}`;
  return (
    <>
      <h1>{full ? full.title : t("cases.caseOf", { date: useFormat().dayOf(item.createdAt) })}</h1>
      <ErrorSummary errors={errors} />
      <p class="meta">
        {t(`cases.status.${item.status}`)}
        {full && ` · ${t("cases.mediatorIs", { username: full.mediator ?? "—" })} · ${full.participants.join(", ")}`}
      </p>
      {full && full.reports.length > 0 && (
        <p>
          {t("cases.fromReports")}{" "}
          {full.reports.map((id) => (
            <>
              <a href={`/safety/${id}`}>{id.slice(0, 8)}</a>{" "}
            </>
          ))}
        </p>
      )}
      {item.summary && (
        <section aria-labelledby="summary-heading">
          <h2 id="summary-heading">{t("cases.summary")}</h2>
          <p class="message" dir="auto">
            {item.summary}
          </p>
        </section>
      )}
      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">{t("cases.steps")}</h2>
        {item.steps.length === 0 ? (
          <p>{t("cases.noSteps")}</p>
        ) : (
          <ul>
            {item.steps.map((s) => (
              <li>
                {s.text}
                {s.dueDate && <span class="hint">{t("cases.dueBy", { date: useFormat().day(s.dueDate) })}</span>}{" "}
                {s.done && <span class="tag">{t("cases.done")}</span>}
                {full && !s.done && (
                  <form method="post" action={action} class="inline">
                    <input type="hidden" name="change" value="stepDone" />
                    <input type="hidden" name="stepDone" value={s.id} />
                    <button type="submit" class="secondary" aria-label={t("cases.markDoneFor", { step: s.text })}>
                      {t("cases.markDone")}
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
        {full && (
          <form method="post" action={action} novalidate>
            <input type="hidden" name="change" value="step" />
            <TextField name="stepText" label={t("cases.newStep")} value={values.stepText} error={errors["step.text"]} required />
            <TextField
              name="dueDate"
              type="date"
              label={t("cases.dueDate")}
              value={values.dueDate}
              error={errors["step.dueDate"]}
              optional
            />
            <button type="submit">{t("cases.addStep")}</button>
          </form>
        )}
      </section>
      <section aria-labelledby="limits-heading">
        <h2 id="limits-heading">{t("cases.limits")}</h2>
        {item.restrictions.length === 0 ? (
          <p>{t("cases.noLimits")}</p>
        ) : (
          <ul>
            {item.restrictions.map((r) => (
              <li>
                {full && `${r.member}: `}
                {t(`cases.limit.${r.kind}`)} · {r.active ? t("cases.until", { date: useFormat().dateTime(r.until) }) : t("cases.ended")}
                {team && r.active && (
                  <form method="post" action={`${action}/restrictions/${r.id}/delete`} class="inline">
                    <button type="submit" class="secondary" aria-label={t("cases.liftFor", { member: r.member })}>
                      {t("cases.lift")}
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
        {team && full && item.status === "open" && (
          <form method="post" action={`${action}/restrictions`} novalidate>
            <Select
              name="member"
              label={t("cases.limitWho")}
              value={values.member}
              error={errors.member}
              options={full.participants.map((p) => ({ value: p, label: p }))}
            />
            <Select
              name="kind"
              label={t("cases.limitWhat")}
              value={values.kind}
              error={errors.kind}
              options={RESTRICTION_KINDS.map((k) => ({ value: k, label: t(`cases.limit.${k}`) }))}
            />
            <TextField
              name="until"
              type="date"
              label={t("cases.limitUntil")}
              hint={t("cases.limitHint")}
              value={values.until}
              error={errors.until}
              required
            />
            <button type="submit">{t("cases.addLimit")}</button>
          </form>
        )}
      </section>
      {full && (
        <section aria-labelledby="notes-heading">
          <h2 id="notes-heading">{t("cases.notes")}</h2>
          <NotesList notes={full.notes} />
          <form method="post" action={action} novalidate>
            <input type="hidden" name="change" value="note" />
            <TextArea name="note" label={t("safety.addNote")} hint={t("cases.noteHint")} value={values.note} error={errors.note} required />
            <button type="submit">{t("safety.saveNote")}</button>
          </form>
        </section>
      )}
      {team && (
        <section aria-labelledby="close-heading">
          <h2 id="close-heading">{item.status === "open" ? t("cases.close") : t("cases.reopen")}</h2>
          <form method="post" action={action} novalidate>
            <input type="hidden" name="change" value={item.status === "open" ? "close" : "reopen"} />
            {item.status === "open" && (
              <TextArea
                name="summary"
                label={t("cases.summary")}
                hint={t("cases.summaryHint")}
                value={values.summary}
                error={errors.summary}
                required
              />
            )}
            <button type="submit">{item.status === "open" ? t("cases.closeButton") : t("cases.reopenButton")}</button>
          </form>
        </section>
      )}
    </>
  );
}
