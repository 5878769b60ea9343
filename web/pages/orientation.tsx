import type { HandoverSlugs } from "../../db/schema/handbook.ts";
import { HANDOVER_ROLES, type HandbookSettings, type Orientation } from "../../src/handbook/orientation.service.ts";
import type { PageSummary, PageView } from "../../src/handbook/page.view.ts";
import type { Member } from "../../src/members/member.service.ts";
import { ErrorSummary, Select } from "../components/fields.tsx";
import { useFormat } from "../components/when.tsx";
import { useT } from "../env.ts";
import type { FormValues } from "../forms.ts";

/** A new member's first page: the network's welcome, its agreements, and a button to accept them once. */
export function WelcomePage({ orientation }: { orientation: Orientation }) {
  const t = useT();
  const { welcome, agreements } = orientation;
  return (
    <>
      <h1>{welcome?.title ?? t("orientation.title")}</h1>
      {welcome !== null && <PageText page={welcome} />}
      <p>
        {t("orientation.askAnyway")} <a href="/posts/new">{t("nav.newPost")}</a>
      </p>
      {agreements !== null && (
        <section aria-labelledby="agreements-title">
          <h2 id="agreements-title">{agreements.title}</h2>
          <PageText page={agreements} />
          {orientation.acceptedAt === null ? (
            <form method="post" action="/welcome/accept">
              <button type="submit">{t("orientation.accept")}</button>
            </form>
          ) : (
            <p class="notice" role="status">
              {t("orientation.accepted", { date: useFormat().dayOf(orientation.acceptedAt) })}
            </p>
          )}
        </section>
      )}
      <p>
        <a href="/handbook">{t("orientation.moreInHandbook")}</a>
      </p>
    </>
  );
}

function PageText({ page }: { page: PageView }) {
  // Rendered by markdown-it without raw HTML and sanitised (src/handbook/markdown.ts).
  return <div class="handbook-text" dangerouslySetInnerHTML={{ __html: page.html }} />;
}

/** The checklists for handing over a member's roles: links beside the role on the members page, and on the holder's account page. */
export function HandoverLinks({ member, checklists }: { member: Pick<Member, "role" | "treasurer">; checklists: HandoverSlugs }) {
  const t = useT();
  const held = HANDOVER_ROLES.filter((role) => (role === "treasurer" ? member.treasurer : member.role === role) && checklists[role]);
  return (
    <>
      {held.map((role) => (
        <span class="hint">
          <a href={`/handbook/${checklists[role]}`}>{t("orientation.checklistFor", { role: t(`orientation.role.${role}`) })}</a>
        </span>
      ))}
    </>
  );
}

/** Admins choose the welcome page, the agreements page, and each role's handover checklist from the handbook's pages. */
export function HandbookSettingsPage({
  settings,
  pages,
  values,
  errors,
  saved,
}: {
  settings: HandbookSettings;
  pages: PageSummary[];
  values: FormValues;
  errors: Record<string, string>;
  saved: boolean;
}) {
  const t = useT();
  const options = pages.map((page) => ({ value: page.slug, label: `${page.title} (/handbook/${page.slug})` }));
  const field = (name: string, label: string, current: string | null | undefined) => (
    <Select
      name={name}
      label={label}
      value={values[name] ?? current ?? ""}
      error={errors[name]}
      options={options}
      empty={t("orientation.none")}
    />
  );
  return (
    <>
      <h1>{t("orientation.settings.title")}</h1>
      {saved && (
        <div class="notice" role="status">
          <p>{t("orientation.settings.saved")}</p>
        </div>
      )}
      <ErrorSummary errors={errors} />
      <form method="post" action="/handbook/settings" novalidate>
        {field("welcomeSlug", t("orientation.settings.welcome"), settings.welcomeSlug)}
        {field("agreementsSlug", t("orientation.settings.agreements"), settings.agreementsSlug)}
        <p class="hint">{t("orientation.settings.agreementsHint")}</p>
        <fieldset>
          <legend>{t("orientation.settings.checklists")}</legend>
          {HANDOVER_ROLES.map((role) =>
            field(`handover-${role}`, t("orientation.checklistFor", { role: t(`orientation.role.${role}`) }), settings.handoverSlugs[role]),
          )}
        </fieldset>
        <button type="submit">{t("orientation.settings.save")}</button>
      </form>
    </>
  );
}
