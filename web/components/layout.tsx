import type { Child } from "hono/jsx";
import { activeMember, isAdmin, isCoordinator } from "../../src/members/viewer.ts";
import { useWebContext } from "../env.ts";
import { directionOf, LANGUAGES } from "../i18n.ts";
import { Isolated } from "./isolated.tsx";
import { STYLES } from "./styles.ts";

/** The frame of every page: language, viewport, skip link, navigation, language switch. */
export function Layout({ title, children }: { title: string; children?: Child }) {
  const c = useWebContext();
  const { t, viewer, profile, language } = c.var;
  const member = activeMember(viewer);
  const here = new URL(c.req.url);
  const switchTo = (lang: string) => {
    const url = new URL(here);
    url.searchParams.set("lang", lang);
    return `${url.pathname}${url.search}`;
  };
  return (
    <html lang={language} dir={directionOf(language)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="manifest" href="/manifest.webmanifest" />
        <link rel="icon" href="/icons/icon.svg" type="image/svg+xml" />
        <link rel="apple-touch-icon" href="/icons/icon-192.png" />
        <title>{`${title} · ${profile.name}`}</title>
        <style>{STYLES}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          {t("nav.skip")}
        </a>
        <header>
          <a class="brand" href="/">
            {profile.name}
          </a>
          <nav aria-label={t("nav.label")}>
            <ul>
              <li>
                <a href="/">{t("nav.board")}</a>
              </li>
              <li>
                <a href="/nearby">{t("nav.nearby")}</a>
              </li>
              <li>
                <a href="/crises">{t("nav.crises")}</a>
              </li>
              <li>
                <a href="/events">{t("nav.events")}</a>
              </li>
              {member && (
                <li>
                  <a href="/posts/new">{t("nav.newPost")}</a>
                </li>
              )}
              {member && (
                <li>
                  <a href="/my/posts">{t("nav.myPosts")}</a>
                </li>
              )}
              {member && (
                <li>
                  <a href="/tasks">{t("nav.tasks")}</a>
                </li>
              )}
              {member && (
                <li>
                  <a href="/decisions">{t("nav.decisions")}</a>
                </li>
              )}
              <li>
                <a href="/handbook">{t("nav.handbook")}</a>
              </li>
              {member && (
                <li>
                  <a href="/groups">{t("nav.groups")}</a>
                </li>
              )}
              {isCoordinator(viewer) && (
                <li>
                  <a href="/dashboard">{t("nav.dashboard")}</a>
                </li>
              )}
              {isCoordinator(viewer) && (
                <li>
                  <a href="/dispatch">{t("nav.dispatch")}</a>
                </li>
              )}
              {!member && profile.publicSummary && (
                <li>
                  <a href="/summary">{t("nav.summary")}</a>
                </li>
              )}
              {isCoordinator(viewer) && (
                <li>
                  <a href="/members">{t("nav.members")}</a>
                </li>
              )}
              {isCoordinator(viewer) && (
                <li>
                  <a href="/networks">{t("nav.networks")}</a>
                </li>
              )}
              {isCoordinator(viewer) && (
                <li>
                  <a href="/safety">{t("nav.safety")}</a>
                </li>
              )}
              {member && (
                <li>
                  <a href="/log">{t("nav.log")}</a>
                </li>
              )}
              {member && (
                <li>
                  <a href="/books">{t("nav.books")}</a>
                </li>
              )}
              {isAdmin(viewer) && (
                <li>
                  <a href="/settings">{t("nav.settings")}</a>
                </li>
              )}
              {isAdmin(viewer) && (
                <li>
                  <a href="/admin/deliveries">{t("nav.deliveries")}</a>
                </li>
              )}
              {member && (
                <li>
                  <a href="/notifications" class="bell">
                    <span aria-hidden="true">🔔 </span>
                    {t("nav.notifications")}
                    {c.var.unreadNotifications > 0 && (
                      <>
                        {" "}
                        <span class="count">{c.var.unreadNotifications}</span>
                        <span class="visually-hidden"> {t("nav.unread")}</span>
                      </>
                    )}
                  </a>
                </li>
              )}
              {member ? (
                <li>
                  <a href="/account">
                    <Isolated text="nav.account" values={{ username: member.username }} />
                  </a>
                </li>
              ) : (
                <li>
                  <a href="/sign-in">{t("nav.signIn")}</a>
                </li>
              )}
            </ul>
          </nav>
          <nav aria-label={t("nav.languages")} class="languages">
            <ul>
              {Object.entries(LANGUAGES).map(([code, name]) =>
                code === language ? (
                  <li>
                    <span aria-current="true" lang={code} dir={directionOf(code)}>
                      {name}
                    </span>
                  </li>
                ) : (
                  <li>
                    <a href={switchTo(code)} lang={code} hreflang={code} dir={directionOf(code)}>
                      {name}
                    </a>
                  </li>
                ),
              )}
            </ul>
          </nav>
        </header>
        <main id="main">
          {c.var.activeCrises?.map((crisis) => (
            <section class="alert" aria-label={t("crises.banner")}>
              <p>
                <strong>{t("crises.bannerText", { severity: t(`severity.${crisis.severity}`) })}</strong>{" "}
                <a href={`/crises/${crisis.id}`} dir="auto">
                  {crisis.title}
                </a>{" "}
                · {crisis.areas.join(", ")}
              </p>
            </section>
          ))}
          {c.var.agreementsPending && here.pathname !== "/welcome" && <AgreementsBanner />}
          {children}
        </main>
      </body>
    </html>
  );
}

/** The nudge on every page until a member accepts the agreements: a link, never a wall. */
function AgreementsBanner() {
  const { t } = useWebContext().var;
  return (
    <section class="notice" aria-label={t("orientation.bannerLabel")}>
      <p>
        {t("orientation.banner")} <a href="/welcome">{t("orientation.bannerLink")}</a>
      </p>
    </section>
  );
}
