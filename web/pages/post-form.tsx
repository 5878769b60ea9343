import type { ServiceArea } from "../../src/areas/service-area.service.ts";
import { isCoordinator } from "../../src/members/viewer.ts";
import { CATEGORIES, POST_KINDS, URGENCIES, VISIBILITIES } from "../../src/posts/post.schema.ts";
import { Checkbox, ErrorSummary, Select, TextArea, TextField } from "../components/fields.tsx";
import { useT, useWebContext } from "../env.ts";
import type { FormValues } from "../forms.ts";
import { LANGUAGES } from "../i18n.ts";

/** The form to post an offer or request, or to edit one. It keeps what was typed when something is wrong. */
export function PostFormPage({
  values,
  errors,
  areas,
  action,
  editing,
}: {
  values: FormValues;
  errors: Record<string, string>;
  areas: ServiceArea[];
  action: string;
  editing: boolean;
}) {
  const t = useT();
  const viewer = useWebContext().var.viewer;
  const err = (field: string) => errors[field];
  if (areas.length === 0) {
    return (
      <>
        <h1>{t("postForm.newTitle")}</h1>
        <p class="alert">{t("postForm.noAreas")}</p>
      </>
    );
  }
  return (
    <>
      <h1>{editing ? t("postForm.editTitle") : t("postForm.newTitle")}</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={action} novalidate>
        <fieldset aria-describedby={err("kind") ? "kind-error" : undefined}>
          <legend>{t("field.kind")}</legend>
          {err("kind") && (
            <p class="error" id="kind-error">
              {err("kind")}
            </p>
          )}
          {POST_KINDS.map((kind) => (
            <label class="choice" for={`kind-${kind}`}>
              <input type="radio" id={`kind-${kind}`} name="kind" value={kind} checked={values.kind === kind} />
              {t(`postForm.kind.${kind}`)}
            </label>
          ))}
        </fieldset>
        <Select
          name="category"
          label={t("field.category")}
          value={values.category}
          error={err("category")}
          empty={t("postForm.choose")}
          options={CATEGORIES.map((k) => ({ value: k, label: t(`category.${k}`) }))}
        />
        <TextField
          name="title"
          label={t("field.title")}
          hint={t("postForm.titleHint")}
          value={values.title}
          error={err("title")}
          maxlength={120}
        />
        <TextArea
          name="details"
          label={t("field.details")}
          hint={t("postForm.detailsHint")}
          value={values.details}
          error={err("details")}
          optional
          maxlength={4000}
        />
        <TextField name="quantity" type="number" label={t("field.quantity")} value={values.quantity} error={err("quantity")} optional />
        <TextField
          name="unit"
          label={t("field.unit")}
          hint={t("postForm.unitHint")}
          value={values.unit}
          error={err("unit")}
          optional
          maxlength={30}
        />
        <Select
          name="urgency"
          label={t("field.urgency")}
          value={values.urgency ?? "normal"}
          error={err("urgency")}
          options={URGENCIES.map((k) => ({ value: k, label: t(`urgency.${k}`) }))}
        />
        <Select
          name="area"
          label={t("field.area")}
          hint={t("postForm.areaHint")}
          value={values.area}
          error={err("area")}
          empty={t("postForm.choose")}
          options={areas.map((a) => ({ value: a.name, label: a.name }))}
        />
        <TextField
          name="until"
          type="date"
          label={t("field.until")}
          hint={t("postForm.untilHint")}
          value={values.until}
          error={err("neededBy") ?? err("availableUntil")}
          optional
        />
        <Select
          name="language"
          label={t("field.language")}
          value={values.language}
          error={err("language")}
          options={Object.entries(LANGUAGES).map(([code, name]) => ({ value: code, label: name }))}
        />
        <Select
          name="visibility"
          label={t("field.visibility")}
          value={values.visibility ?? "public"}
          error={err("visibility")}
          options={VISIBILITIES.map((k) => ({ value: k, label: t(`visibilityChoice.${k}`) }))}
        />
        <Checkbox
          name="showAuthorName"
          label={t("postForm.showName")}
          hint={t("postForm.showNameHint")}
          checked={values.showAuthorName === "on"}
        />
        <fieldset aria-describedby="contact-hint">
          <legend>{t("postForm.contactLegend")}</legend>
          <p class="hint" id="contact-hint">
            {t("postForm.contactHint")}
          </p>
          {isCoordinator(viewer) && !editing && (
            <Checkbox name="onBehalf" label={t("postForm.onBehalf")} hint={t("postForm.onBehalfHint")} checked={values.onBehalf === "on"} />
          )}
          <TextField
            name="contactName"
            label={t("contact.name")}
            value={values.contactName}
            error={err("contact.name")}
            optional
            autocomplete="off"
          />
          <TextField
            name="contactPhone"
            type="tel"
            label={t("contact.phone")}
            value={values.contactPhone}
            error={err("contact.phone")}
            optional
            autocomplete="off"
          />
          <TextField
            name="contactEmail"
            type="email"
            label={t("contact.email")}
            value={values.contactEmail}
            error={err("contact.email")}
            optional
            autocomplete="off"
          />
          <TextArea
            name="contactAddress"
            label={t("contact.address")}
            value={values.contactAddress}
            error={err("contact.address")}
            optional
          />
          <TextArea name="contactNotes" label={t("contact.notes")} value={values.contactNotes} error={err("contact.notes")} optional />
        </fieldset>
        <button type="submit">{editing ? t("postForm.save") : t("postForm.submit")}</button>
      </form>
    </>
  );
}
