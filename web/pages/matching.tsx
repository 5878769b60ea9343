import type { MatchAction } from "../../src/matching/match.policy.ts";
import type { MatchView, PartyCard } from "../../src/matching/match.service.ts";
import type { Suggestions } from "../../src/matching/suggestion.service.ts";
import type { PossibleDuplicate } from "../../src/posts/duplicate-guard.ts";
import type { PostView } from "../../src/posts/post.view.ts";
import { When } from "../components/when.tsx";
import { useT, useWebContext } from "../env.ts";
import { localDateTime } from "../forms.ts";
import { BlockButton, ReportLink } from "./reports.tsx";
import { ThanksForm } from "./thanks.tsx";

// Pages that import When from here keep working; it lives in components/when.tsx.
export { When };

/** What the post page shows about matching, for those who may match it. */
export interface MatchingPanel {
  suggestions: Suggestions | null;
  matches: MatchView[];
  duplicates: PossibleDuplicate[];
  /** The viewer's own open posts that could claim this one (peer-to-peer mode). */
  claimWith: PostView[];
}

/** The matching part of a post's page: duplicates, suggestions with a match form each, and its matches. */
export function MatchingSection({ post, panel }: { post: PostView; panel: MatchingPanel }) {
  const t = useT();
  const needed = post.quantity === null ? 1 : Math.max(post.quantity, 1);
  return (
    <>
      {panel.duplicates.length > 0 && (
        <div class="alert" role="status">
          <p>{t("match.duplicates")}</p>
          <ul>
            {panel.duplicates.map((d) => (
              <li>
                <a href={`/posts/${d.id}`} dir="auto">
                  {d.title}
                </a>{" "}
                ({d.reasons.map((r) => t(`match.duplicateReason.${r}`)).join(", ")})
              </li>
            ))}
          </ul>
        </div>
      )}
      {panel.suggestions && (
        <section aria-labelledby="suggestions-heading">
          <h2 id="suggestions-heading">{post.kind === "request" ? t("match.suggestedOffers") : t("match.suggestedRequests")}</h2>
          {panel.suggestions.suggestions.length === 0 ? (
            <p>{t("match.noSuggestions")}</p>
          ) : (
            <ul class="posts">
              {panel.suggestions.suggestions.map((s, i) => (
                <li class="post">
                  <h3>
                    <a href={`/posts/${s.post.id}`} dir="auto">
                      {s.post.title}
                    </a>
                  </h3>
                  <p class="meta">
                    {s.post.area}
                    {s.available !== null && ` · ${t("match.available", { count: s.available })}`}
                    {s.distanceKm !== null && ` · ${t("match.distance", { km: Math.round(s.distanceKm * 10) / 10 })}`}
                  </p>
                  <form method="post" action="/matches" class="no-print">
                    <input type="hidden" name="request" value={post.kind === "request" ? post.id : s.post.id} />
                    <input type="hidden" name="offer" value={post.kind === "offer" ? post.id : s.post.id} />
                    <input type="hidden" name="back" value={post.id} />
                    <label for={`quantity-${i}`}>{t("match.quantity")}</label>
                    <input
                      type="number"
                      id={`quantity-${i}`}
                      name="quantity"
                      min="1"
                      value={String(Math.min(needed, s.available ?? needed))}
                    />
                    <button type="submit">{t("match.propose")}</button>
                  </form>
                </li>
              ))}
            </ul>
          )}
          {panel.suggestions.fromSiblings.length > 0 && (
            <>
              <h3>{t("match.fromSiblings")}</h3>
              <p class="hint">{t("match.fromSiblingsHint")}</p>
              <ul>
                {panel.suggestions.fromSiblings.map((item) => (
                  <li>
                    {item.url ? (
                      <a href={item.url} dir="auto">
                        {item.title}
                      </a>
                    ) : (
                      item.title
                    )}{" "}
                    ({item.origin.name ?? item.origin.handle ?? item.origin.actor}, {item.area})
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      {panel.claimWith.length > 0 && <ClaimForm post={post} own={panel.claimWith} />}
      {panel.matches.length > 0 && (
        <section aria-labelledby="matches-heading">
          <h2 id="matches-heading">{t("match.title")}</h2>
          <MatchList matches={panel.matches} />
        </section>
      )}
    </>
  );
}

/** Peer-to-peer mode: claim someone's offer with one of your requests (or answer a request with your offer). */
function ClaimForm({ post, own }: { post: PostView; own: PostView[] }) {
  const t = useT();
  const field = post.kind === "offer" ? "request" : "offer";
  return (
    <section aria-labelledby="claim-heading">
      <h2 id="claim-heading">{post.kind === "offer" ? t("match.claimOffer") : t("match.answerRequest")}</h2>
      <form method="post" action="/matches">
        <input type="hidden" name={post.kind} value={post.id} />
        <input type="hidden" name="back" value={post.id} />
        <label for="claim-with">{post.kind === "offer" ? t("match.withYourRequest") : t("match.withYourOffer")}</label>
        <select id="claim-with" name={field}>
          {own.map((p) => (
            <option value={p.id}>{p.title}</option>
          ))}
        </select>
        <label for="claim-quantity">{t("match.quantity")}</label>
        <input type="number" id="claim-quantity" name="quantity" min="1" value="1" />
        <button type="submit">{t("match.claim")}</button>
      </form>
    </section>
  );
}

export function MatchList({ matches }: { matches: MatchView[] }) {
  const t = useT();
  return (
    <ul class="posts">
      {matches.map((m) => (
        <li class="post">
          <h3>
            <a href={`/matches/${m.id}`}>{t("match.summary", { offer: m.offerTitle, request: m.requestTitle })}</a>
          </h3>
          <p class="meta">
            <span class="tag">{t(`match.status.${m.status}`)}</span>
            {t("match.quantityShort", { count: m.quantity })} · {m.offerArea} → {m.requestArea}
            {m.windowStart && (
              <>
                {" · "}
                {t(`match.method.${m.method ?? "pickup"}`)} <When iso={m.windowStart} />
              </>
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}

function Party({ heading, card }: { heading: string; card: PartyCard }) {
  const t = useT();
  const viewer = useWebContext().var.viewer;
  return (
    <>
      <h3>{heading}</h3>
      <dl class="details">
        <dt>{t("post.from")}</dt>
        <dd>
          {card.member ? (
            <>
              {card.member.displayName ?? card.member.username}
              {card.member.username !== viewer?.username && (
                <>
                  {" · "}
                  <ReportLink type="member" id={card.member.username} /> <BlockButton username={card.member.username} />
                </>
              )}
            </>
          ) : (
            t("post.enteredForSomeone")
          )}
        </dd>
        {card.contact &&
          (["name", "phone", "email", "address", "notes"] as const).map(
            (field) =>
              card.contact![field] && (
                <>
                  <dt>{t(`contact.${field}`)}</dt>
                  <dd class="pre-line" dir="auto">
                    {card.contact![field]}
                  </dd>
                </>
              ),
          )}
      </dl>
    </>
  );
}

/** One match: who, what, when; contacts once accepted; the actions the viewer may take. */
export function MatchPage({
  match,
  volunteers,
  errors,
}: {
  match: MatchView;
  volunteers: { username: string; label: string }[];
  errors: Record<string, string>;
}) {
  const t = useT();
  const can = (action: MatchAction) => match.actions.includes(action);
  const statusButton = (status: string, label: string, secondary = false) => (
    <form method="post" action={`/matches/${match.id}/status`} class="inline">
      <input type="hidden" name="status" value={status} />
      <button type="submit" class={secondary ? "secondary" : undefined}>
        {label}
      </button>
    </form>
  );
  return (
    <article>
      <h1>{t("match.summary", { offer: match.offerTitle, request: match.requestTitle })}</h1>
      <p class="meta">
        <span class="tag">{t(`match.status.${match.status}`)}</span>
        {t("match.quantityShort", { count: match.quantity })}
        {" · "}
        <ReportLink type="match" id={match.id} />
      </p>
      <dl class="details">
        <dt>{t("match.offer")}</dt>
        <dd>
          <a href={`/posts/${match.offer}`}>{match.offerTitle}</a> ({match.offerArea})
        </dd>
        <dt>{t("match.request")}</dt>
        <dd>
          <a href={`/posts/${match.request}`}>{match.requestTitle}</a> ({match.requestArea})
        </dd>
        <dt>{t("match.handover")}</dt>
        <dd>
          {match.windowStart && match.windowEnd ? (
            <>
              {t(`match.method.${match.method ?? "pickup"}`)}: <When iso={match.windowStart} /> – <When iso={match.windowEnd} />
            </>
          ) : (
            t("match.notScheduled")
          )}
        </dd>
        <dt>{t("match.volunteer")}</dt>
        <dd>
          {match.volunteer ? (match.volunteer.displayName ?? match.volunteer.username) : t("match.noVolunteer")}
          {match.openToVolunteers && match.volunteer === null && ` (${t("match.openToVolunteers")})`}
        </dd>
        {match.noShow && (
          <>
            <dt>{t("match.noShowHeading")}</dt>
            <dd>{t(`match.party.${match.noShow}`)}</dd>
          </>
        )}
      </dl>
      {match.parties ? (
        <section aria-labelledby="contacts-heading">
          <h2 id="contacts-heading">{t("match.contacts")}</h2>
          <p class="hint">{t("match.contactsHint")}</p>
          <Party heading={t("match.requestSide")} card={match.parties.requester} />
          <Party heading={t("match.offerSide")} card={match.parties.offerer} />
        </section>
      ) : (
        <p class="notice">{t("match.contactsLater")}</p>
      )}
      <ThanksForm match={match} errors={errors} />
      {match.actions.length > 0 && (
        <section aria-labelledby="match-actions-heading" class="no-print">
          <h2 id="match-actions-heading">{t("post.actions")}</h2>
          {(can("accept") || can("complete") || can("cancel")) && (
            <p>
              {can("accept") && statusButton("accepted", t("match.accept"))}{" "}
              {can("complete") && statusButton("completed", t("match.complete"))}{" "}
              {can("cancel") && statusButton("cancelled", t("match.cancel"), true)}
            </p>
          )}
          {can("take") && (
            <form method="post" action={`/matches/${match.id}/take`}>
              <button type="submit">{t("match.take")}</button>
            </form>
          )}
          {can("drop") && (
            <form method="post" action={`/matches/${match.id}/drop`}>
              <button type="submit" class="secondary">
                {t("match.drop")}
              </button>
            </form>
          )}
          {can("schedule") && <ScheduleForm match={match} errors={errors} />}
          {can("assign") && (
            <form method="post" action={`/matches/${match.id}/volunteer`}>
              <label for="volunteer">{t("match.volunteer")}</label>
              {errors.volunteer && (
                <p class="error" id="volunteer-error">
                  {errors.volunteer}
                </p>
              )}
              <select id="volunteer" name="volunteer" aria-describedby={errors.volunteer ? "volunteer-error" : undefined}>
                <option value="">{t("match.noVolunteer")}</option>
                {volunteers.map((v) => (
                  <option value={v.username} selected={v.username === match.volunteer?.username}>
                    {v.label}
                  </option>
                ))}
              </select>
              <button type="submit">{t("match.assign")}</button>
            </form>
          )}
          {can("open_task") && (
            <form method="post" action={`/matches/${match.id}/open`}>
              <input type="hidden" name="open" value={match.openToVolunteers ? "false" : "true"} />
              <span class="hint" id="open-hint">
                {t("match.openHint")}
              </span>
              <button type="submit" class="secondary" aria-describedby="open-hint">
                {match.openToVolunteers ? t("match.closeToVolunteers") : t("match.openTo")}
              </button>
            </form>
          )}
          {can("no_show") && (
            <form method="post" action={`/matches/${match.id}/no-show`}>
              <label for="noShow">{t("match.noShow")}</label>
              <span class="hint" id="noShow-hint">
                {t("match.noShowHint")}
              </span>
              <select id="noShow" name="noShow" aria-describedby="noShow-hint">
                {(["requester", "offerer", "volunteer"] as const).map((p) => (
                  <option value={p} selected={p === match.noShow}>
                    {t(`match.party.${p}`)}
                  </option>
                ))}
              </select>
              <button type="submit" class="secondary">
                {t("match.recordNoShow")}
              </button>
            </form>
          )}
          {can("feedback") && (
            <form method="post" action={`/matches/${match.id}/feedback`}>
              <label for="comment">{t("match.feedback")}</label>
              <span class="hint" id="comment-hint">
                {t("match.feedbackHint")}
              </span>
              {errors.comment && (
                <p class="error" id="comment-error">
                  {errors.comment}
                </p>
              )}
              <textarea
                id="comment"
                name="comment"
                maxlength={500}
                aria-describedby={errors.comment ? "comment-hint comment-error" : "comment-hint"}
              />
              <button type="submit">{t("match.sendFeedback")}</button>
            </form>
          )}
        </section>
      )}
      {match.feedback.length > 0 && (
        <section aria-labelledby="feedback-heading">
          <h2 id="feedback-heading">{t("match.feedbackHeading")}</h2>
          <ul>
            {match.feedback.map((f) => (
              <li>
                <strong>{t(`match.party.${f.side}`)}:</strong> {f.comment}
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}

/** The handover's method and window, in the server's local time (datetime-local has no zone). */
function ScheduleForm({ match, errors }: { match: MatchView; errors: Record<string, string> }) {
  const t = useT();
  const field = (name: "windowStart" | "windowEnd", value: string) => (
    <>
      <label for={name}>{t(`match.${name}`)}</label>
      {errors[name] && (
        <p class="error" id={`${name}-error`}>
          {errors[name]}
        </p>
      )}
      <input
        type="datetime-local"
        id={name}
        name={name}
        value={value}
        aria-invalid={errors[name] ? "true" : undefined}
        aria-describedby={errors[name] ? `${name}-error` : undefined}
      />
    </>
  );
  return (
    <form method="post" action={`/matches/${match.id}/schedule`}>
      <fieldset>
        <legend>{t("match.schedule")}</legend>
        <label for="method">{t("match.methodLabel")}</label>
        <select id="method" name="method">
          {(["pickup", "delivery"] as const).map((m) => (
            <option value={m} selected={m === match.method}>
              {t(`match.method.${m}`)}
            </option>
          ))}
        </select>
        {field("windowStart", localDateTime(match.windowStart))}
        {field("windowEnd", localDateTime(match.windowEnd))}
        <button type="submit">{t("match.saveSchedule")}</button>
      </fieldset>
    </form>
  );
}
