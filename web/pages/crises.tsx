import type { ServiceArea } from "../../src/areas/service-area.service.ts";
import { type CrisisReport, type CrisisView, SEVERITIES } from "../../src/crises/crisis.service.ts";
import { isCoordinator } from "../../src/members/viewer.ts";
import { CATEGORIES } from "../../src/posts/post.schema.ts";
import { DataTable } from "../components/data-table.tsx";
import { ErrorSummary, Select, TextArea, TextField } from "../components/fields.tsx";
import { useT, useWebContext } from "../env.ts";
import type { FormValues } from "../forms.ts";

/** Every crisis; coordinators also get the form to declare one. */
export function CrisesPage({
  crises,
  areas,
  values,
  chosen,
  errors,
}: {
  crises: CrisisView[];
  areas: ServiceArea[];
  values: FormValues;
  /** The areas and categories ticked when the form came back with errors. */
  chosen: { areas: string[]; categories: string[] };
  errors: Record<string, string>;
}) {
  const t = useT();
  const viewer = useWebContext().var.viewer;
  return (
    <>
      <h1>{t("crises.title")}</h1>
      <p>{t("crises.intro")}</p>
      {crises.length === 0 ? (
        <p>{t("crises.none")}</p>
      ) : (
        <ul class="posts">
          {crises.map((c) => (
            <li class="post">
              <h2>
                <a href={`/crises/${c.id}`} dir="auto">
                  {c.title}
                </a>
              </h2>
              <p class="meta">
                <span class="tag">{t(`severity.${c.severity}`)}</span>
                <span class="tag">{c.active ? t("crises.active") : t("crises.over")}</span> {c.areas.join(", ")}
              </p>
            </li>
          ))}
        </ul>
      )}
      {isCoordinator(viewer) && (
        <section aria-labelledby="declare-heading">
          <h2 id="declare-heading">{t("crises.declare")}</h2>
          <ErrorSummary errors={errors} />
          <form method="post" action="/crises" novalidate>
            <TextField name="title" label={t("field.title")} value={values.title} error={errors.title} maxlength={120} />
            <TextArea name="description" label={t("field.details")} value={values.description} error={errors.description} optional />
            <fieldset aria-describedby={errors.areas ? "areas-error" : undefined}>
              <legend>{t("crises.areas")}</legend>
              {errors.areas && (
                <p class="error" id="areas-error">
                  {errors.areas}
                </p>
              )}
              {areas.map((a, i) => (
                <label class="choice" for={`area-${i}`}>
                  <input type="checkbox" id={`area-${i}`} name="areas" value={a.name} checked={chosen.areas.includes(a.name)} />
                  {a.name}
                </label>
              ))}
            </fieldset>
            <fieldset aria-describedby={errors.categories ? "categories-error" : undefined}>
              <legend>{t("crises.categories")}</legend>
              {errors.categories && (
                <p class="error" id="categories-error">
                  {errors.categories}
                </p>
              )}
              {CATEGORIES.map((c, i) => (
                <label class="choice" for={`category-${i}`}>
                  <input type="checkbox" id={`category-${i}`} name="categories" value={c} checked={chosen.categories.includes(c)} />
                  {t(`category.${c}`)}
                </label>
              ))}
            </fieldset>
            <Select
              name="severity"
              label={t("crises.severity")}
              value={values.severity ?? "severe"}
              error={errors.severity}
              options={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
            />
            <TextField
              name="forwardDelayMinutes"
              type="number"
              label={t("crises.delay")}
              hint={t("crises.delayHint")}
              value={values.forwardDelayMinutes ?? "120"}
              error={errors.forwardDelayMinutes}
            />
            <TextField
              name="maxHops"
              type="number"
              label={t("crises.hops")}
              hint={t("crises.hopsHint")}
              value={values.maxHops ?? "1"}
              error={errors.maxHops}
            />
            <button type="submit">{t("crises.declareButton")}</button>
          </form>
        </section>
      )}
    </>
  );
}

/** One crisis and what forwarding achieved. */
export function CrisisPage({ crisis }: { crisis: CrisisReport }) {
  const t = useT();
  const viewer = useWebContext().var.viewer;
  const f = crisis.forwarding;
  return (
    <>
      <h1 dir="auto">{crisis.title}</h1>
      <p class="meta">
        <span class="tag">{t(`severity.${crisis.severity}`)}</span>
        <span class="tag">{crisis.active ? t("crises.active") : t("crises.over")}</span>
      </p>
      {crisis.description && (
        <p class="pre-line" dir="auto">
          {crisis.description}
        </p>
      )}
      <dl class="details">
        <dt>{t("crises.areas")}</dt>
        <dd>{crisis.areas.join(", ")}</dd>
        <dt>{t("crises.categories")}</dt>
        <dd>{crisis.categories.map((c) => t(`category.${c}`)).join(", ")}</dd>
        <dt>{t("crises.delay")}</dt>
        <dd>{t("crises.minutes", { count: crisis.forwardDelayMinutes })}</dd>
        <dt>{t("crises.hops")}</dt>
        <dd>{crisis.maxHops}</dd>
      </dl>
      <h2>{t("crises.accountability")}</h2>
      <dl class="details">
        <dt>{t("crises.forwarded")}</dt>
        <dd>{f.forwarded}</dd>
        <dt>{t("crises.fulfilled")}</dt>
        <dd>{f.fulfilled}</dd>
        <dt>{t("crises.medianToFulfilment")}</dt>
        <dd>{f.medianMinutesToFulfilment === null ? "—" : t("crises.minutes", { count: f.medianMinutesToFulfilment })}</dd>
      </dl>
      {crisis.siblings.length > 0 && (
        <DataTable
          caption={t("crises.bySibling")}
          columns={[
            t("networks.network"),
            t("crises.forwarded"),
            t("crises.responsesReceived"),
            t("crises.responsesAccepted"),
            t("crises.needsFulfilled"),
            t("crises.medianToFirstResponse"),
            t("crises.medianToFulfilment"),
          ]}
        >
          {crisis.siblings.map((s) => (
            <tr>
              <th scope="row">{s.network.name ?? s.network.handle ?? s.network.actor}</th>
              <td>{s.needsForwarded}</td>
              <td>{s.responsesReceived}</td>
              <td>{s.responsesAccepted}</td>
              <td>{s.needsFulfilled}</td>
              <td>{s.medianMinutesToFirstResponse === null ? "—" : t("crises.minutes", { count: s.medianMinutesToFirstResponse })}</td>
              <td>{s.medianMinutesToFulfilment === null ? "—" : t("crises.minutes", { count: s.medianMinutesToFulfilment })}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {isCoordinator(viewer) && crisis.active && (
        <form method="post" action={`/crises/${crisis.id}/end`}>
          <button type="submit" class="secondary">
            {t("crises.end")}
          </button>
        </form>
      )}
    </>
  );
}
