import { MAX_PURPOSE } from "../../src/groups/working-group.schema.ts";
import type { GroupTaskView, WorkingGroupSummary, WorkingGroupView } from "../../src/groups/working-group.view.ts";
import { ErrorSummary, TextArea, TextField } from "../components/fields.tsx";
import { useT } from "../env.ts";
import type { FormValues } from "../forms.ts";
import { When } from "./matching.tsx";

/** The working groups, each with its purpose and head count; coordinators create them here. */
export function GroupsPage({
  groups,
  canCreate,
  values,
  errors,
}: {
  groups: WorkingGroupSummary[];
  canCreate: boolean;
  values: FormValues;
  errors: Record<string, string>;
}) {
  const t = useT();
  return (
    <>
      <h1>{t("groups.title")}</h1>
      <p>{t("groups.intro")}</p>
      {groups.length === 0 ? (
        <p>{t("groups.none")}</p>
      ) : (
        <ul class="posts">
          {groups.map((g) => (
            <li class="post">
              <h2>
                <a href={`/groups/${g.id}`}>{g.name}</a>
              </h2>
              <p class="pre-line">{g.purpose}</p>
              <p class="meta">
                {t("groups.memberCount", { count: g.memberCount })}
                {g.joined && ` · ${t("groups.youAreIn")}`}
              </p>
            </li>
          ))}
        </ul>
      )}
      {canCreate && (
        <section aria-labelledby="new-group-heading">
          <h2 id="new-group-heading">{t("groups.new.title")}</h2>
          <ErrorSummary errors={errors} />
          <form method="post" action="/groups" novalidate>
            <TextField name="name" label={t("groups.new.name")} value={values.name} error={errors.name} required maxlength={80} />
            <TextArea
              name="purpose"
              label={t("groups.new.purpose")}
              hint={t("groups.new.purposeHint")}
              value={values.purpose}
              error={errors.purpose}
              required
              maxlength={MAX_PURPOSE}
            />
            <button type="submit">{t("groups.new.submit")}</button>
          </form>
        </section>
      )}
    </>
  );
}

/** One group: who is in it and convenes it, joining or leaving, its tasks, its decisions, and (to whoever manages it) naming convenors. */
export function GroupPage({
  group: g,
  me,
  values,
  errors,
}: {
  group: WorkingGroupView;
  me: string;
  values: FormValues;
  errors: Record<string, string>;
}) {
  const t = useT();
  return (
    <>
      <h1>{g.name}</h1>
      <p class="pre-line">{g.purpose}</p>
      {errors.group === undefined ? (
        <ErrorSummary errors={errors} />
      ) : (
        <div class="alert" role="alert">
          <p>{errors.group}</p>
        </div>
      )}
      <form method="post" action={`/groups/${g.id}/${g.joined ? "leave" : "join"}`} class="inline">
        <button type="submit" class={g.joined ? "secondary" : undefined}>
          {g.joined ? t("groups.leave") : t("groups.join")}
        </button>
      </form>
      <section aria-labelledby="people-heading">
        <h2 id="people-heading">{t("groups.people")}</h2>
        <p>
          <strong>{t("groups.convenors")}:</strong>{" "}
          {g.convenors
            .map((username) =>
              g.convenorTerms[username] ? `${username} (${t("terms.until", { day: g.convenorTerms[username] })})` : username,
            )
            .join(", ")}
        </p>
        <p>
          <strong>{t("groups.members")}:</strong> {g.members.length === 0 ? t("groups.nobody") : g.members.join(", ")}
        </p>
        {g.canManage && <ConvenorForms group={g} values={values} errors={errors} />}
      </section>
      <section aria-labelledby="group-tasks-heading">
        <h2 id="group-tasks-heading">{t("groups.tasks.title")}</h2>
        <GroupTaskList tasks={g.tasks} back="group" me={me} member={g.joined} manages={g.canManage} />
        {(g.joined || g.canManage) && (
          <form method="post" action={`/groups/${g.id}/tasks`} novalidate>
            <TextField name="title" label={t("groups.tasks.newTitle")} value={values.title} error={errors.title} required maxlength={200} />
            <TextField name="dueOn" type="date" label={t("groups.tasks.dueOn")} value={values.dueOn} error={errors.dueOn} optional />
            <button type="submit">{t("groups.tasks.add")}</button>
          </form>
        )}
      </section>
      <section aria-labelledby="group-decisions-heading">
        <h2 id="group-decisions-heading">{t("groups.decisions")}</h2>
        {g.decisions.length === 0 ? (
          <p>{t("groups.noDecisions")}</p>
        ) : (
          <ul>
            {g.decisions.map((d) => (
              <li>
                <a href={`/decisions/${d.id}`}>{d.title}</a> · {t(`groups.decisionStatus.${d.status}`)} <When iso={d.closesAt} />
              </li>
            ))}
          </ul>
        )}
        {(g.joined || g.canManage) && (
          <p>
            <a href={`/decisions/new?group=${g.id}`}>{t("groups.startDecision")}</a>
          </p>
        )}
      </section>
    </>
  );
}

function ConvenorForms({ group: g, values, errors }: { group: WorkingGroupView; values: FormValues; errors: Record<string, string> }) {
  const t = useT();
  return (
    <>
      <form method="post" action={`/groups/${g.id}/convenors`} novalidate>
        <TextField
          name="username"
          label={t("groups.nameConvenor")}
          hint={t("groups.nameConvenorHint")}
          value={values.username}
          error={errors.username}
          required
        />
        <TextField
          name="until"
          type="date"
          label={t("groups.convenorUntil")}
          hint={t("groups.convenorUntilHint")}
          value={values.until}
          error={errors.until}
          optional
        />
        <button type="submit">{t("groups.name")}</button>
      </form>
      {g.convenors.length > 1 && (
        <ul>
          {g.convenors.map((username) => (
            <li>
              <form method="post" action={`/groups/${g.id}/convenors/${encodeURIComponent(username)}/unname`} class="inline">
                <button type="submit" class="secondary">
                  {t("groups.unname", { username })}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * Open tasks with the buttons the member may press: take or finish one nobody has; give back or
 * finish one they took (or, for whoever manages the group, one someone else took).
 */
export function GroupTaskList({
  tasks,
  back,
  me,
  member,
  manages,
}: {
  tasks: GroupTaskView[];
  back: "group" | "tasks";
  /** The username of the member looking. */
  me: string;
  /** Whether they are in the task's group, and whether they manage it. */
  member: boolean;
  manages: boolean;
}) {
  const t = useT();
  if (tasks.length === 0) return <p>{t("groups.tasks.none")}</p>;
  return (
    <ul class="posts">
      {tasks.map((task) => (
        <li class="post">
          <h3>{task.title}</h3>
          <p class="meta">
            {back === "tasks" && (
              <>
                <a href={`/groups/${task.groupId}`}>{task.group}</a>
                {" · "}
              </>
            )}
            {task.dueOn !== null && `${t("groups.tasks.due", { day: task.dueOn })} · `}
            {task.takenBy === null ? t("groups.tasks.free") : t("groups.tasks.takenBy", { username: task.takenBy })}
          </p>
          {actionsFor(task, { me, member, manages }).map((action) => (
            <form method="post" action={`/groups/${task.groupId}/tasks/${task.id}`} class="inline">
              <input type="hidden" name="back" value={back} />
              <button type="submit" name="action" value={action} class={action === "done" ? undefined : "secondary"}>
                {t(`groups.tasks.${action}`)}
              </button>
            </form>
          ))}
        </li>
      ))}
    </ul>
  );
}

function actionsFor(task: GroupTaskView, who: { me: string; member: boolean; manages: boolean }): ("take" | "release" | "done")[] {
  if (task.takenBy === null) return who.member ? ["take", "done"] : who.manages ? ["done"] : [];
  return task.takenBy === who.me || who.manages ? ["release", "done"] : [];
}
