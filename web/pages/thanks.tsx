import type { MatchView } from "../../src/matching/match.service.ts";
import type { Contributions, ThanksView } from "../../src/members/appreciation.service.ts";
import { Checkbox, Notice, Select, TextArea } from "../components/fields.tsx";
import { useT, useWebContext } from "../env.ts";
import { When } from "./matching.tsx";

/** The members-only thanks stream, and the member's choice to appear in it. */
export function ThanksPage({ thanks, appear, saved }: { thanks: ThanksView[]; appear: boolean; saved: boolean }) {
  const t = useT();
  return (
    <>
      <h1>{t("thanks.title")}</h1>
      <p>{t("thanks.intro")}</p>
      {saved && (
        <Notice>
          <p>{t("thanks.saved")}</p>
        </Notice>
      )}
      <form method="post" action="/thanks/appear">
        <Checkbox name="appear" label={t("thanks.appear")} hint={t("thanks.appearHint")} checked={appear} />
        <button type="submit" class="secondary">
          {t("thanks.saveChoice")}
        </button>
      </form>
      {thanks.length === 0 ? (
        <p>{t("thanks.none")}</p>
      ) : (
        <ul class="posts">
          {thanks.map((entry) => (
            <li class="post">
              <p>
                {t("thanks.entry", { from: entry.from ?? t("thanks.aMember"), to: entry.to })} <When iso={entry.createdAt} />
              </p>
              {entry.message !== null && <blockquote class="pre-line">{entry.message}</blockquote>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** On a completed handover's page: thanking one of the others who were part of it. */
export function ThanksForm({ match, errors }: { match: MatchView; errors: Record<string, string> }) {
  const t = useT();
  const me = useWebContext().var.member.username;
  const people = [match.parties?.requester.member, match.parties?.offerer.member, match.volunteer]
    .filter((p) => p !== null && p !== undefined)
    .filter((p, index, all) => p.username !== me && all.findIndex((q) => q.username === p.username) === index);
  if (match.status !== "completed" || people.length === 0) return null;
  return (
    <section aria-labelledby="thanks-heading">
      <h2 id="thanks-heading">{t("thanks.sayThanks")}</h2>
      <form method="post" action={`/matches/${match.id}/thanks`} novalidate>
        <Select
          name="to"
          label={t("thanks.to")}
          error={errors.to}
          options={people.map((p) => ({ value: p.username, label: p.displayName ?? p.username }))}
        />
        <TextArea
          name="message"
          label={t("thanks.message")}
          hint={t("thanks.messageHint")}
          error={errors.message}
          optional
          maxlength={500}
        />
        <button type="submit">{t("thanks.send")}</button>
      </form>
    </section>
  );
}

/** What the member has done, on their own account page: nobody else sees it. */
export function ContributionCounts({ counts }: { counts: Contributions }) {
  const t = useT();
  return (
    <section aria-labelledby="contributions-heading">
      <h2 id="contributions-heading">{t("contributions.title")}</h2>
      <p class="hint">{t("contributions.onlyYou")}</p>
      <ul>
        <li>{t("contributions.handovers", { count: counts.handovers })}</li>
        <li>{t("contributions.posts", { count: counts.posts })}</li>
        <li>{t("contributions.tasks", { count: counts.tasks })}</li>
        <li>
          <a href="/thanks">{t("contributions.thanks", { count: counts.thanks })}</a>
        </li>
      </ul>
    </section>
  );
}
