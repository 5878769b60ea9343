import type { ServiceArea } from "../../src/areas/service-area.service.ts";
import { EVENT_KINDS, EVENT_VISIBILITIES } from "../../src/events/event.schema.ts";
import { Checkbox, ErrorSummary, Select, TextArea, TextField } from "../components/fields.tsx";
import { useT } from "../env.ts";
import type { FormValues } from "../forms.ts";

/** The form to create an event (`eventId` null) or edit one; an assembly's agenda and minutes when editing one. */
export function EventFormPage({
  eventId,
  areas,
  values,
  errors,
}: {
  eventId: string | null;
  areas: ServiceArea[];
  values: FormValues;
  errors: Record<string, string>;
}) {
  const t = useT();
  const assembly = eventId !== null && values.kind === "assembly";
  return (
    <>
      <h1>{eventId === null ? t("events.new") : t("events.edit")}</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={eventId === null ? "/events" : `/events/${eventId}/edit`} novalidate>
        <TextField name="title" label={t("field.title")} value={values.title} error={errors.title} maxlength={120} required />
        <TextArea name="description" label={t("events.description")} value={values.description} error={errors.description} optional />
        <Select
          name="kind"
          label={t("events.kindLabel")}
          value={values.kind}
          error={errors.kind}
          options={EVENT_KINDS.map((kind) => ({ value: kind, label: t(`events.kind.${kind}`) }))}
        />
        <TextField name="startsAt" type="datetime-local" label={t("events.startsAt")} value={values.startsAt} error={errors.startsAt} />
        <TextField name="endsAt" type="datetime-local" label={t("events.endsAt")} value={values.endsAt} error={errors.endsAt} />
        <Select
          name="area"
          label={t("field.area")}
          value={values.area}
          error={errors.area}
          options={areas.map((a) => ({ value: a.name, label: a.name }))}
        />
        <TextField name="place" label={t("events.place")} hint={t("events.placeHint")} value={values.place} error={errors.place} optional />
        <TextField
          name="address"
          label={t("events.address")}
          hint={t("events.addressHint")}
          value={values.address}
          error={errors.address}
          optional
        />
        <Checkbox name="addressPublic" label={t("events.addressPublic")} checked={values.addressPublic === "on"} />
        <TextField name="onlineUrl" type="url" label={t("events.onlineUrl")} value={values.onlineUrl} error={errors.onlineUrl} optional />
        <TextField
          name="capacity"
          type="number"
          label={t("events.capacity")}
          hint={t("events.capacityHint")}
          value={values.capacity}
          error={errors.capacity}
          optional
        />
        <Select
          name="visibility"
          label={t("events.visibility")}
          value={values.visibility}
          error={errors.visibility}
          options={EVENT_VISIBILITIES.map((v) => ({ value: v, label: t(`events.visibilityOption.${v}`) }))}
        />
        {assembly && (
          <>
            <TextArea name="agenda" label={t("events.agenda")} hint={t("events.agendaHint")} value={values.agenda} error={errors.agenda} />
            <TextArea name="minutes" label={t("events.minutes")} value={values.minutes} error={errors.minutes} optional />
          </>
        )}
        <button type="submit">{eventId === null ? t("events.create") : t("events.save")}</button>
      </form>
    </>
  );
}
