import { REPORT_OUTCOMES, REPORT_REASONS, type ReportSubjectType } from "../../src/safety/report.schema.ts";
import type { OwnReportView, ReportView } from "../../src/safety/report.service.ts";
import { ErrorSummary, Notice, Select, TextArea, TextField } from "../components/fields.tsx";
import { NotesList } from "../components/notes-list.tsx";
import { useFormat } from "../components/when.tsx";
import { useT } from "../env.ts";
import type { FormValues } from "../forms.ts";

/** The "Report" link beside anything that can be reported; the form works without JavaScript. */
export function ReportLink({ type, id }: { type: ReportSubjectType; id: string }) {
  const t = useT();
  return (
    <a class="report-link" href={`/report?type=${type}&id=${encodeURIComponent(id)}`}>
      {t("report.link")}
    </a>
  );
}

/** Reporting one thing: why, and optionally in the reporter's words. */
export function ReportFormPage({
  type,
  id,
  values,
  errors,
}: {
  type: string;
  id: string;
  values: FormValues;
  errors: Record<string, string>;
}) {
  const t = useT();
  return (
    <>
      <h1>{t("report.title")}</h1>
      <p>{t("report.intro")}</p>
      <ErrorSummary errors={errors} />
      {(errors["subject.type"] || errors["subject.id"]) && <p class="error">{errors["subject.type"] ?? errors["subject.id"]}</p>}
      <form method="post" action="/report">
        <input type="hidden" name="type" value={type} />
        <input type="hidden" name="id" value={id} />
        <Select
          name="reason"
          label={t("report.reasonLabel")}
          value={values.reason}
          error={errors.reason}
          required
          empty={t("report.chooseReason")}
          options={REPORT_REASONS.map((reason) => ({ value: reason, label: t(`report.reason.${reason}`) }))}
        />
        <TextArea
          name="text"
          label={t("report.textLabel")}
          hint={t("report.textHint")}
          value={values.text}
          error={errors.text}
          optional
          maxlength={2000}
        />
        <button type="submit">{t("report.send")}</button>
      </form>
    </>
  );
}

export function ReportSentPage({ signedIn }: { signedIn: boolean }) {
  const t = useT();
  return (
    <>
      <h1>{t("report.sentTitle")}</h1>
      <Notice>
        <p>{t("report.sent")}</p>
      </Notice>
      {signedIn && (
        <p>
          <a href="/my/reports">{t("report.myReports")}</a>
        </p>
      )}
    </>
  );
}

/** The reporter's own reports: whether each was handled, never how (notifications will say it too, once they exist). */
export function MyReportsPage({ reports }: { reports: OwnReportView[] }) {
  const t = useT();
  return (
    <>
      <h1>{t("report.myReports")}</h1>
      <p>{t("report.myReportsIntro")}</p>
      {reports.length === 0 ? (
        <p>{t("report.none")}</p>
      ) : (
        <ul class="posts">
          {reports.map((r) => (
            <li class="post">
              <p>
                {t(`report.subject.${r.subject.type}`)} · {t(`report.reason.${r.reason}`)} · {useFormat().dayOf(r.createdAt)}
              </p>
              <p class="meta">
                {r.status === "resolved"
                  ? t("report.handled", { date: r.resolvedAt === null ? "" : useFormat().dayOf(r.resolvedAt) })
                  : t("report.waiting")}
              </p>
              {r.messageFromTeam !== null && (
                <>
                  <p>{t("report.messageFromTeam")}</p>
                  <blockquote class="message" dir="auto">
                    {r.messageFromTeam}
                  </blockquote>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The members the viewer blocked, each with a way to lift it. */
export function MyBlocksPage({ usernames }: { usernames: string[] }) {
  const t = useT();
  return (
    <>
      <h1>{t("blocks.title")}</h1>
      <p>{t("blocks.intro")}</p>
      {usernames.length === 0 ? (
        <p>{t("blocks.none")}</p>
      ) : (
        <ul>
          {usernames.map((username) => (
            <li>
              {username}{" "}
              <form method="post" action={`/my/blocks/${encodeURIComponent(username)}/delete`} class="inline">
                <button type="submit" class="secondary">
                  {t("blocks.unblock", { username })}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The "Block" button beside a member: no JavaScript, no confirmation page, nobody told. */
export function BlockButton({ username }: { username: string }) {
  const t = useT();
  return (
    <form method="post" action="/my/blocks" class="inline">
      <input type="hidden" name="member" value={username} />
      <button type="submit" class="secondary">
        {t("blocks.block", { username })}
      </button>
    </form>
  );
}

/** Where a report's subject can be seen, for the team. */
function subjectHref(report: OwnReportView): string | null {
  if (report.subject.type === "post") return `/posts/${report.subject.id}`;
  if (report.subject.type === "match") return `/matches/${report.subject.id}`;
  return null;
}

/** The safety team's list: open reports first. */
export function SafetyPage({ reports }: { reports: ReportView[] }) {
  const t = useT();
  const sorted = [...reports.filter((r) => r.status === "open"), ...reports.filter((r) => r.status !== "open")];
  return (
    <>
      <h1>{t("safety.title")}</h1>
      <p>{t("safety.intro")}</p>
      <p>
        <a href="/safety/cases">{t("cases.title")}</a> · <a href="/safety/blocks">{t("serverBlocks.link")}</a>
      </p>
      {sorted.length === 0 ? (
        <p>{t("report.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("safety.when")}</th>
              <th scope="col">{t("safety.what")}</th>
              <th scope="col">{t("safety.from")}</th>
              <th scope="col">{t("safety.status")}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr>
                <td>{useFormat().dayOf(r.createdAt)}</td>
                <td>
                  <a href={`/safety/${r.id}`}>
                    {t(`report.subject.${r.subject.type}`)} · {t(`report.reason.${r.reason}`)}
                  </a>
                </td>
                <td>{sourceLabel(t, r)}</td>
                <td>
                  {r.status === "resolved" && r.outcome ? t(`report.outcome.${r.outcome}`) : t("report.status.open")}
                  {r.assignee && ` · ${t("safety.assignedTo", { username: r.assignee })}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function sourceLabel(t: ReturnType<typeof useT>, r: ReportView): string {
  if (r.source === "member") return r.reporter ?? t("log.formerMember");
  if (r.source === "public") return t("safety.public");
  return r.source;
}

/** One report for the team: what and why, its notes, and the forms to assign, note, resolve or reopen. */
export function SafetyReportPage({ report, values, errors }: { report: ReportView; values: FormValues; errors: Record<string, string> }) {
  const t = useT();
  const href = subjectHref(report);
  return (
    <>
      <h1>
        {t(`report.subject.${report.subject.type}`)} · {t(`report.reason.${report.reason}`)}
      </h1>
      <ErrorSummary errors={errors} />
      <p class="meta">
        {useFormat().dayOf(report.createdAt)} · {sourceLabel(t, report)} ·{" "}
        {report.status === "resolved" && report.outcome ? t(`report.outcome.${report.outcome}`) : t("report.status.open")}
      </p>
      <p>
        {href === null ? (
          `${t(`report.subject.${report.subject.type}`)}: ${report.subject.id}`
        ) : (
          <a href={href}>{t("safety.openSubject")}</a>
        )}
        {" · "}
        <a href={`/safety/cases?report=${report.id}#open-heading`}>{t("cases.openFromReport")}</a>
      </p>
      {report.text && (
        <p class="message" dir="auto">
          {report.text}
        </p>
      )}
      <section aria-labelledby="notes-heading">
        <h2 id="notes-heading">{t("safety.notes")}</h2>
        <NotesList notes={report.notes} />
        <form method="post" action={`/safety/${report.id}`}>
          <input type="hidden" name="change" value="note" />
          <TextArea
            name="note"
            label={t("safety.addNote")}
            hint={t("safety.noteHint")}
            value={values.note}
            error={errors.note}
            required
            maxlength={2000}
          />
          <button type="submit">{t("safety.saveNote")}</button>
        </form>
      </section>
      <section aria-labelledby="assign-heading">
        <h2 id="assign-heading">{t("safety.assign")}</h2>
        <p>{report.assignee ? t("safety.assignedTo", { username: report.assignee }) : t("safety.unassigned")}</p>
        <form method="post" action={`/safety/${report.id}`}>
          <input type="hidden" name="change" value="assign" />
          <TextField
            name="assignee"
            label={t("safety.assigneeLabel")}
            hint={t("safety.assigneeHint")}
            value={values.assignee ?? report.assignee ?? ""}
            error={errors.assignee}
          />
          <button type="submit">{t("safety.saveAssignee")}</button>
        </form>
      </section>
      {report.reporter !== null && (
        <form method="post" action={`/safety/${report.id}`}>
          <input type="hidden" name="change" value="message" />
          <TextArea
            name="messageToReporter"
            label={t("safety.messageLabel")}
            hint={t("safety.messageHint")}
            value={values.messageToReporter ?? report.messageFromTeam ?? undefined}
            error={errors.messageToReporter}
            maxlength={2000}
          />
          <button type="submit">{t("safety.messageButton")}</button>
        </form>
      )}
      <section aria-labelledby="resolve-heading">
        <h2 id="resolve-heading">{report.status === "open" ? t("safety.resolve") : t("safety.reopen")}</h2>
        {report.status === "open" ? (
          <form method="post" action={`/safety/${report.id}`}>
            <input type="hidden" name="change" value="resolve" />
            <Select
              name="outcome"
              label={t("safety.outcomeLabel")}
              hint={t("safety.outcomeHint")}
              value={values.outcome}
              error={errors.outcome}
              required
              empty={t("safety.chooseOutcome")}
              options={REPORT_OUTCOMES.filter((o) => o !== "forwarded").map((o) => ({ value: o, label: t(`report.outcome.${o}`) }))}
            />
            <button type="submit">{t("safety.resolveButton")}</button>
          </form>
        ) : (
          <form method="post" action={`/safety/${report.id}`}>
            <input type="hidden" name="change" value="reopen" />
            <button type="submit" class="secondary">
              {t("safety.reopenButton")}
            </button>
          </form>
        )}
      </section>
    </>
  );
}
