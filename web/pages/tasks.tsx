import type { GroupTaskView } from "../../src/groups/working-group.view.ts";
import { WEEKDAYS } from "../../src/matching/availability.ts";
import type { MatchView } from "../../src/matching/match.service.ts";
import type { TaskList } from "../../src/matching/volunteer.service.ts";
import { ErrorSummary, Notice } from "../components/fields.tsx";
import { useT } from "../env.ts";
import type { FormValues } from "../forms.ts";
import { GroupTaskList } from "./groups.tsx";
import { MatchList, When } from "./matching.tsx";

/**
 * "My tasks": the member's matches, the handovers they volunteer for, the ones nobody has
 * taken yet (within their limit), their working groups' open tasks, their availability, and
 * their calendar feed.
 */
export function TasksPage({
  tasks,
  groupTasks,
  me,
  matches,
  values,
  errors,
  calendarUrl,
}: {
  tasks: TaskList;
  /** The open tasks of the working groups the member is in. */
  groupTasks: GroupTaskView[];
  /** The member's username. */
  me: string;
  /** Matches of the member's own posts. */
  matches: MatchView[];
  values: FormValues | null;
  errors: Record<string, string>;
  /** Shown once, right after a new feed URL was made. */
  calendarUrl: string | null;
}) {
  const t = useT();
  const { availability } = tasks;
  const days = values === null ? availability.weekdays : WEEKDAYS.filter((d) => values[`day-${d}`] === "on");
  return (
    <>
      <h1>{t("tasks.title")}</h1>
      <p>
        <a href="/thanks">{t("thanks.title")}</a>
      </p>
      <section aria-labelledby="my-matches-heading">
        <h2 id="my-matches-heading">{t("tasks.myMatches")}</h2>
        {matches.length === 0 ? <p>{t("tasks.noMatches")}</p> : <MatchList matches={matches} />}
      </section>
      <section aria-labelledby="my-tasks-heading">
        <h2 id="my-tasks-heading">{t("tasks.mine")}</h2>
        {tasks.mine.length === 0 ? <p>{t("tasks.noTasks")}</p> : <MatchList matches={tasks.mine} />}
      </section>
      <section aria-labelledby="group-tasks-heading">
        <h2 id="group-tasks-heading">{t("tasks.groupTasks")}</h2>
        <GroupTaskList tasks={groupTasks} back="tasks" me={me} member manages={false} />
      </section>
      {availability.status === "asked" && <p class="notice">{t("tasks.waitingApproval")}</p>}
      {availability.status === "approved" && availability.maxTasks > 0 && (
        <section aria-labelledby="open-tasks-heading">
          <h2 id="open-tasks-heading">{t("tasks.open")}</h2>
          {tasks.atLimit ? (
            <p>{t("tasks.atLimit", { count: availability.maxTasks })}</p>
          ) : tasks.open.length === 0 ? (
            <p>{t("tasks.noOpen")}</p>
          ) : (
            <ul class="posts">
              {tasks.open.map((m) => (
                <li class="post">
                  <h3>{t("match.summary", { offer: m.offerTitle, request: t("tasks.aNeighbour") })}</h3>
                  <p class="meta">
                    {m.offerArea} → {m.requestArea}
                    {m.windowStart && (
                      <>
                        {` · ${t(`match.method.${m.method ?? "pickup"}`)} `}
                        <When iso={m.windowStart} />
                      </>
                    )}
                  </p>
                  <form method="post" action={`/matches/${m.id}/take`}>
                    <button type="submit">{t("match.take")}</button>
                  </form>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <section aria-labelledby="availability-heading">
        <h2 id="availability-heading">{t("tasks.availability")}</h2>
        <p class="hint">{t("tasks.availabilityHint")}</p>
        <ErrorSummary errors={errors} />
        <form method="post" action="/tasks/availability" novalidate>
          <fieldset>
            <legend>{t("tasks.days")}</legend>
            {WEEKDAYS.map((d) => (
              <label class="choice" for={`day-${d}`}>
                <input type="checkbox" id={`day-${d}`} name={`day-${d}`} checked={days.includes(d)} />
                {t(`weekday.${d}`)}
              </label>
            ))}
          </fieldset>
          <label for="maxTasks">{t("tasks.maxTasks")}</label>
          <span class="hint" id="maxTasks-hint">
            {t("tasks.maxTasksHint")}
          </span>
          {errors.maxTasks && (
            <p class="error" id="maxTasks-error">
              {errors.maxTasks}
            </p>
          )}
          <input
            type="number"
            id="maxTasks"
            name="maxTasks"
            min="0"
            max="20"
            value={values?.maxTasks ?? String(availability.maxTasks)}
            aria-invalid={errors.maxTasks ? "true" : undefined}
            aria-describedby={errors.maxTasks ? "maxTasks-hint maxTasks-error" : "maxTasks-hint"}
          />
          <label for="note">{t("tasks.note")}</label>
          {errors.note && (
            <p class="error" id="note-error">
              {errors.note}
            </p>
          )}
          <input
            type="text"
            id="note"
            name="note"
            maxlength={200}
            value={values?.note ?? availability.note}
            aria-describedby={errors.note ? "note-error" : undefined}
          />
          <button type="submit">{t("tasks.save")}</button>
        </form>
      </section>
      <section aria-labelledby="calendar-heading">
        <h2 id="calendar-heading">{t("tasks.calendar")}</h2>
        <p class="hint">{t("tasks.calendarHint")}</p>
        {calendarUrl && (
          <Notice>
            <p>{t("tasks.calendarNew")}</p>
            <p>
              <code>{calendarUrl}</code>
            </p>
          </Notice>
        )}
        <form method="post" action="/tasks/calendar" class="inline">
          <button type="submit">{tasks.hasCalendar ? t("tasks.calendarReplace") : t("tasks.calendarCreate")}</button>
        </form>{" "}
        {tasks.hasCalendar && (
          <form method="post" action="/tasks/calendar/revoke" class="inline">
            <button type="submit" class="secondary">
              {t("tasks.calendarRevoke")}
            </button>
          </form>
        )}
      </section>
    </>
  );
}
