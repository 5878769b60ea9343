import { toCurrentMemberView } from "../../src/members/member-settings.service.ts";
import { Notice, Select, TextField } from "../components/fields.tsx";
import { useT, useWebContext } from "../env.ts";
import type { FormValues } from "../forms.ts";
import { LANGUAGES } from "../i18n.ts";

export type SettingsState = "saved" | "verifySent" | "mailOff" | null;

/** The account page's e-mail, time zone and language: the address is shown to its member only. */
export function MemberSettingsSection({
  values,
  errors,
  state,
}: {
  values?: FormValues;
  errors: Record<string, string>;
  state: SettingsState;
}) {
  const t = useT();
  const me = toCurrentMemberView(useWebContext().var.member);
  return (
    <section aria-labelledby="contact-settings">
      <h2 id="contact-settings">{t("memberSettings.title")}</h2>
      {state !== null && (
        <Notice>
          <p>{t(`memberSettings.${state}`)}</p>
        </Notice>
      )}
      {me.email !== null && (
        <p>
          {me.emailFailing ? t("memberSettings.failing") : me.emailVerified ? t("memberSettings.verified") : t("memberSettings.unverified")}
        </p>
      )}
      <form method="post" action="/account/settings" novalidate>
        <TextField
          name="email"
          type="email"
          label={t("memberSettings.email")}
          hint={t("memberSettings.emailHint")}
          value={values?.email ?? me.email ?? ""}
          autocomplete="email"
          error={errors.email}
          optional
          maxlength={254}
        />
        <TextField
          name="timeZone"
          label={t("memberSettings.timeZone")}
          hint={t("memberSettings.timeZoneHint")}
          value={values?.timeZone ?? me.timeZone ?? ""}
          error={errors.timeZone}
          optional
          maxlength={64}
        />
        <Select
          name="language"
          label={t("memberSettings.language")}
          value={values?.language ?? me.language ?? ""}
          empty={t("memberSettings.networkLanguage")}
          options={Object.entries(LANGUAGES).map(([value, label]) => ({ value, label }))}
          error={errors.language}
          optional
        />
        <button type="submit">{t("memberSettings.save")}</button>
      </form>
      {me.email !== null && !me.emailVerified && (
        <form method="post" action="/account/verify-email">
          <button type="submit" class="secondary">
            {t("memberSettings.resend")}
          </button>
        </form>
      )}
    </section>
  );
}

export function UnsubscribePage({ kind, done }: { kind: string; done: boolean }) {
  const t = useT();
  return (
    <>
      <h1>{t("unsubscribe.title")}</h1>
      {done ? (
        <Notice>
          <p>{t("unsubscribe.done", { kind: t(`notificationKinds.${kind}`) })}</p>
        </Notice>
      ) : (
        <form method="post">
          <p>{t("unsubscribe.confirm")}</p>
          <button type="submit">{t("unsubscribe.submit")}</button>
        </form>
      )}
      <p>
        <a href="/notifications/settings">{t("unsubscribe.settings")}</a>
      </p>
    </>
  );
}
