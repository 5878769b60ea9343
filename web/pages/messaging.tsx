import type { ServiceArea } from "../../src/areas/service-area.service.ts";
import { DataTable } from "../components/data-table.tsx";
import { ErrorSummary, Select, TextField } from "../components/fields.tsx";
import { useFormat } from "../components/when.tsx";
import { useT } from "../env.ts";
import type { FormValues } from "../forms.ts";

export interface SmsState {
  provider: string;
  lastInboundAt: Date | null;
  lastOutboundAt: Date | null;
  failures: number;
  lastFailure: string | null;
  lastFailureAt: Date | null;
}

/** For admins: whether texting and e-mail intake work, and the other names people use for areas. */
export function MessagingPage({
  sms,
  intakeAddress,
  aliases,
  areas,
  values,
  errors,
}: {
  sms: SmsState | null;
  intakeAddress: string | null;
  aliases: { alias: string; areaName: string }[];
  areas: ServiceArea[];
  values: FormValues;
  errors: Record<string, string>;
}) {
  const t = useT();
  const at = (date: Date | null) => (date === null ? t("messaging.never") : useFormat().dateTime(date));
  return (
    <>
      <h1>{t("messaging.title")}</h1>
      <ErrorSummary errors={errors} />
      <section aria-labelledby="sms-heading">
        <h2 id="sms-heading">{t("messaging.sms")}</h2>
        {sms === null ? (
          <p>{t("messaging.smsOff")}</p>
        ) : (
          <dl>
            <dt>{t("messaging.provider")}</dt>
            <dd>{sms.provider}</dd>
            <dt>{t("messaging.lastInbound")}</dt>
            <dd>{at(sms.lastInboundAt)}</dd>
            <dt>{t("messaging.lastOutbound")}</dt>
            <dd>{at(sms.lastOutboundAt)}</dd>
            <dt>{t("messaging.failures")}</dt>
            <dd>{sms.failures}</dd>
            {sms.lastFailure !== null && (
              <>
                <dt>{t("messaging.lastFailure")}</dt>
                <dd>
                  {at(sms.lastFailureAt)}: {sms.lastFailure}
                </dd>
              </>
            )}
          </dl>
        )}
      </section>
      <section aria-labelledby="email-heading">
        <h2 id="email-heading">{t("messaging.email")}</h2>
        <p>{intakeAddress === null ? t("messaging.emailOff") : t("messaging.emailOn", { address: intakeAddress })}</p>
      </section>
      <section aria-labelledby="aliases-heading">
        <h2 id="aliases-heading">{t("messaging.aliases")}</h2>
        <p class="hint">{t("messaging.aliasesHint")}</p>
        {aliases.length === 0 ? (
          <p>{t("messaging.noAliases")}</p>
        ) : (
          <DataTable columns={[t("messaging.alias"), t("messaging.area"), t("messaging.remove")]}>
            {aliases.map((a) => (
              <tr>
                <td>{a.alias}</td>
                <td>{a.areaName}</td>
                <td>
                  <form method="post" action="/settings/messages/aliases/delete" class="inline">
                    <input type="hidden" name="alias" value={a.alias} />
                    <button type="submit" aria-label={t("messaging.removeLabel", { alias: a.alias })}>
                      {t("messaging.remove")}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <form method="post" action="/settings/messages/aliases" novalidate>
          <TextField name="alias" label={t("messaging.alias")} value={values.alias} error={errors.alias} maxlength={80} />
          <Select
            name="area"
            label={t("messaging.area")}
            value={values.area}
            error={errors.area}
            options={areas.map((a) => ({ value: a.name, label: a.name }))}
          />
          <button type="submit">{t("messaging.add")}</button>
        </form>
      </section>
    </>
  );
}
