import type { HandoverRole } from "../../src/handbook/orientation.service.ts";
import type { PageView } from "../../src/handbook/page.view.ts";
import type { Contributions } from "../../src/members/appreciation.service.ts";
import type { AuthorizedApp } from "../../src/oauth/oauth.service.ts";
import { ErrorSummary, Notice, TextArea, TextField } from "../components/fields.tsx";
import { useFormat } from "../components/when.tsx";
import { useT, useWebContext } from "../env.ts";
import type { FormValues } from "../forms.ts";
import { MemberSettingsSection } from "./member-settings.tsx";
import { ContributionCounts } from "./thanks.tsx";

interface FormProps {
  values: FormValues;
  errors: Record<string, string>;
}

export function SignInPage({ values, errors, next }: FormProps & { next: string }) {
  const t = useT();
  return (
    <>
      <h1>{t("signIn.title")}</h1>
      {errors.form && (
        <p class="alert" role="alert">
          {errors.form}
        </p>
      )}
      <form method="post" action="/sign-in">
        <input type="hidden" name="next" value={next} />
        <TextField name="username" label={t("field.username")} value={values.username} autocomplete="username" error={errors.username} />
        <TextField name="password" type="password" label={t("field.password")} autocomplete="current-password" error={errors.password} />
        <button type="submit">{t("signIn.submit")}</button>
      </form>
      <p>
        {t("signIn.noAccount")} <a href="/join">{t("board.joinLink")}</a>
      </p>
    </>
  );
}

/** Fields for a new account (joining, or accepting an invitation). */
function NewAccountFields({ values, errors }: FormProps) {
  const t = useT();
  return (
    <>
      <TextField
        name="username"
        label={t("field.username")}
        hint={t("join.usernameHint")}
        value={values.username}
        autocomplete="username"
        error={errors.username}
        maxlength={30}
      />
      <TextField
        name="displayName"
        label={t("field.displayName")}
        hint={t("join.displayNameHint")}
        value={values.displayName}
        autocomplete="nickname"
        error={errors.displayName}
        optional
        maxlength={100}
      />
      <TextField
        name="password"
        type="password"
        label={t("field.password")}
        hint={t("join.passwordHint")}
        autocomplete="new-password"
        error={errors.password}
      />
    </>
  );
}

export function JoinPage({ values, errors }: FormProps) {
  const t = useT();
  return (
    <>
      <h1>{t("join.title")}</h1>
      <p>{t("join.intro")}</p>
      <ErrorSummary errors={errors} />
      <form method="post" action="/join" novalidate>
        <NewAccountFields values={values} errors={errors} />
        <TextArea
          name="message"
          label={t("join.message")}
          hint={t("join.messageHint")}
          value={values.message}
          error={errors.message}
          optional
          maxlength={1000}
        />
        <button type="submit">{t("join.submit")}</button>
      </form>
    </>
  );
}

export function JoinRequestedPage() {
  const t = useT();
  return (
    <>
      <h1>{t("join.requestedTitle")}</h1>
      <Notice>
        <p>{t("join.requested")}</p>
      </Notice>
    </>
  );
}

export function InvitePage({ values, errors, role, action }: FormProps & { role: string; action: string }) {
  const t = useT();
  return (
    <>
      <h1>{t("invite.title")}</h1>
      <p>{t("invite.intro", { role: t(`role.${role}`) })}</p>
      <ErrorSummary errors={errors} />
      <form method="post" action={action} novalidate>
        <NewAccountFields values={values} errors={errors} />
        <button type="submit">{t("invite.submit")}</button>
      </form>
    </>
  );
}

export function SetPasswordPage({ errors, username, action }: { errors: Record<string, string>; username: string; action: string }) {
  const t = useT();
  return (
    <>
      <h1>{t("setPassword.title")}</h1>
      <p>{t("setPassword.intro", { username })}</p>
      <form method="post" action={action} novalidate>
        <input type="hidden" name="username" value={username} autocomplete="username" />
        <TextField
          name="password"
          type="password"
          label={t("field.newPassword")}
          hint={t("join.passwordHint")}
          autocomplete="new-password"
          error={errors.password}
        />
        <button type="submit">{t("setPassword.submit")}</button>
      </form>
    </>
  );
}

/** What the account page confirms after a redirect: a changed password, or a reset through a link. */
export type AccountNotice = "changed" | "reset" | null;

interface AccountPageProps {
  errors: Record<string, string>;
  notice: AccountNotice;
  apps: AuthorizedApp[];
  appRevoked: boolean;
  settings?: Parameters<typeof MemberSettingsSection>[0];
  /** The handover checklists of the roles the member holds (handbook pages). */
  checklists?: { role: HandoverRole; page: Pick<PageView, "slug" | "title"> }[];
  /** The member's own contribution counts (the account page as first shown). */
  contributions?: Contributions;
}

export function AccountPage({ errors, notice, apps, appRevoked, settings, checklists = [], contributions }: AccountPageProps) {
  const t = useT();
  const member = useWebContext().var.member;
  return (
    <>
      <h1>{t("account.title")}</h1>
      <dl class="details">
        <dt>{t("field.username")}</dt>
        <dd>{member.username}</dd>
        <dt>{t("field.role")}</dt>
        <dd>{t(`role.${member.role}`)}</dd>
        {checklists.map(({ role, page }) => (
          <>
            <dt>{t("orientation.checklistFor", { role: t(`orientation.role.${role}`) })}</dt>
            <dd>
              <a href={`/handbook/${page.slug}`}>{page.title}</a>
            </dd>
          </>
        ))}
      </dl>
      <p>
        <a href="/my/reports">{t("report.myReports")}</a> · <a href="/my/blocks">{t("blocks.title")}</a> ·{" "}
        <a href="/my/cases">{t("cases.mine")}</a>
      </p>
      {contributions !== undefined && <ContributionCounts counts={contributions} />}
      <MemberSettingsSection {...(settings ?? { errors: {}, state: null })} />
      <h2>{t("account.changePassword")}</h2>
      {notice !== null && (
        <Notice>
          <p>{t(notice === "changed" ? "account.passwordChanged" : "account.passwordReset")}</p>
        </Notice>
      )}
      <form method="post" action="/account/password" novalidate>
        <input type="hidden" name="username" value={member.username} autocomplete="username" />
        <TextField
          name="currentPassword"
          type="password"
          label={t("field.currentPassword")}
          autocomplete="current-password"
          error={errors.currentPassword}
        />
        <TextField
          name="newPassword"
          type="password"
          label={t("field.newPassword")}
          hint={t("join.passwordHint")}
          autocomplete="new-password"
          error={errors.newPassword}
        />
        <button type="submit">{t("account.changePassword")}</button>
      </form>
      <AuthorizedApps apps={apps} revoked={appRevoked} />
      <h2>{t("account.signOut")}</h2>
      <form method="post" action="/sign-out">
        <button type="submit" class="secondary">
          {t("account.signOut")}
        </button>
      </form>
    </>
  );
}

/** Mastodon apps the member let in, when each was last used, and a button to take access back. */
function AuthorizedApps({ apps, revoked }: { apps: AuthorizedApp[]; revoked: boolean }) {
  const t = useT();
  const day = useFormat().dayOf;
  return (
    <section aria-labelledby="apps-heading">
      <h2 id="apps-heading">{t("account.apps")}</h2>
      {revoked && (
        <Notice>
          <p>{t("account.appRevoked")}</p>
        </Notice>
      )}
      {apps.length === 0 ? (
        <p>{t("account.noApps")}</p>
      ) : (
        <ul class="apps">
          {apps.map((app) => (
            <li>
              <strong>{app.name}</strong>{" "}
              <span class="hint inline">
                (
                {app.scopes
                  .split(" ")
                  .filter((s, i, all) => all.indexOf(s) === i)
                  .join(", ")}
                )
              </span>
              <br />
              {t("account.appAllowed", { date: day(app.authorizedAt) })} ·{" "}
              {app.lastUsedAt === null ? t("account.appNeverUsed") : t("account.appLastUsed", { date: day(app.lastUsedAt) })}
              <form method="post" action={`/account/apps/${app.appId}/revoke`}>
                <button type="submit" class="secondary" aria-label={t("account.revokeAppNamed", { app: app.name })}>
                  {t("account.revokeApp")}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function MessagePage({ title, message }: { title: string; message: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/">{useT()("errors.backToBoard")}</a>
      </p>
    </>
  );
}
