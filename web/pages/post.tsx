import { isCoordinator } from "../../src/members/viewer.ts";
import type { PostView } from "../../src/posts/post.view.ts";
import type { ResponseView } from "../../src/posts/response.service.ts";
import { Isolated } from "../components/isolated.tsx";
import { Byline, PostTags, WhenAndHowMuch } from "../components/post-card.tsx";
import { useFormat } from "../components/when.tsx";
import { useT, useWebContext } from "../env.ts";
import { HelpOfferForm } from "./help-offer.tsx";
import { type MatchingPanel, MatchingSection } from "./matching.tsx";
import { ReportLink } from "./reports.tsx";

const EXPIRING_SOON_MS = 3 * 86_400_000;

export function PostPage({
  post,
  responses,
  matching,
}: {
  post: PostView;
  responses: ResponseView[] | null;
  matching: MatchingPanel | null;
}) {
  const t = useT();
  const viewer = useWebContext().var.viewer;
  const expiringSoon =
    post.status === "expired" ||
    ((post.status === "open" || post.status === "partially_matched") && Date.parse(post.expiresAt) - Date.now() < EXPIRING_SOON_MS);
  return (
    <article>
      {post.hidden && (
        <p class="notice" role="status">
          {t("post.hiddenNotice")}
        </p>
      )}
      <h1 dir="auto" lang={post.language}>
        {post.title}
      </h1>
      <PostTags post={post} />
      <p class="meta">
        <Byline post={post} />
      </p>
      <WhenAndHowMuch post={post} />
      {post.details && (
        <p class="pre-line" dir="auto" lang={post.language}>
          {post.details}
        </p>
      )}
      {post.approxLocation && (
        <p class="meta">{t("post.approxLocation", { lat: post.approxLocation.latitude, lon: post.approxLocation.longitude })}</p>
      )}
      {post.canEdit && expiringSoon && <StillNeeded post={post} />}
      {post.private && (
        <section aria-labelledby="private-heading">
          <h2 id="private-heading">{t("post.privateHeading")}</h2>
          <p class="hint">{t("post.privateHint")}</p>
          <dl class="details">
            <dt>{t("post.from")}</dt>
            <dd>{post.private.enteredForSomeoneElse ? t("post.enteredForSomeone") : post.private.authorUsername}</dd>
            {post.private.contact &&
              (["name", "phone", "email", "address", "notes"] as const).map(
                (field) =>
                  post.private!.contact![field] && (
                    <>
                      <dt>{t(`contact.${field}`)}</dt>
                      <dd class="pre-line" dir="auto">
                        {post.private!.contact![field]}
                      </dd>
                    </>
                  ),
              )}
          </dl>
        </section>
      )}
      {matching && <MatchingSection post={post} panel={matching} />}
      {viewer === null &&
        post.kind === "request" &&
        post.visibility === "public" &&
        (post.status === "open" || post.status === "partially_matched") && <HelpOfferForm post={post} values={{}} errors={{}} />}
      {responses !== null && (
        <section aria-labelledby="responses-heading">
          <h2 id="responses-heading">{t("responses.title")}</h2>
          <p class="hint">{t("responses.hint")}</p>
          {responses.length === 0 ? (
            <p>{t("responses.none")}</p>
          ) : (
            <ul class="posts">
              {responses.map((r) => (
                <li class="post">
                  <p class="meta">
                    <Isolated
                      text="responses.from"
                      values={{ who: r.from.handle ?? r.from.actor, date: useFormat().dayOf(r.receivedAt) }}
                    />
                  </p>
                  {/* Sanitised by the domain (sanitize-html) before it was stored. */}
                  <div dangerouslySetInnerHTML={{ __html: r.contentHtml }} />
                  {r.source === "sibling" && (
                    <p class="meta">
                      {r.quantity !== null && `${t("post.quantity", { quantity: r.quantity, unit: post.unit ?? "" }).trim()} · `}
                      {t(`responses.status.${r.status}`)}
                    </p>
                  )}
                  <p class="meta no-print">
                    <ReportLink type="response" id={r.id} />
                  </p>
                  {r.source === "sibling" && r.status === "received" && (
                    <p>
                      <form method="post" action={`/responses/${r.id}/decision`} class="inline">
                        <input type="hidden" name="decision" value="accept" />
                        <button type="submit">{t("responses.accept")}</button>
                      </form>{" "}
                      <form method="post" action={`/responses/${r.id}/decision`} class="inline">
                        <input type="hidden" name="decision" value="decline" />
                        <button type="submit" class="secondary">
                          {t("responses.decline")}
                        </button>
                      </form>
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {post.canEdit && (
        <section aria-labelledby="actions-heading" class="no-print">
          <h2 id="actions-heading">{t("post.actions")}</h2>
          <p>
            <a href={`/posts/${post.id}/edit`}>{t("post.edit")}</a>
          </p>
          {(post.status === "open" || post.status === "partially_matched" || post.status === "matched") && (
            <form method="post" action={`/posts/${post.id}/status`} class="inline">
              <input type="hidden" name="status" value="withdrawn" />
              <button type="submit" class="secondary">
                {t("post.withdraw")}
              </button>
            </form>
          )}{" "}
          {isCoordinator(viewer) && post.status !== "fulfilled" && post.status !== "withdrawn" && (
            <form method="post" action={`/posts/${post.id}/status`} class="inline">
              <input type="hidden" name="status" value="fulfilled" />
              <button type="submit">{t("post.markFulfilled")}</button>
            </form>
          )}
          {(post.status === "withdrawn" || post.status === "expired") && (
            <form method="post" action={`/posts/${post.id}/status`} class="inline">
              <input type="hidden" name="status" value="open" />
              <button type="submit">{t("post.reopen")}</button>
            </form>
          )}
          {isCoordinator(viewer) &&
            post.kind === "request" &&
            post.visibility !== "coordinators" &&
            (post.status === "open" || post.status === "partially_matched") && (
              <p>
                <form method="post" action={`/posts/${post.id}/forward`} class="inline">
                  <button type="submit">{t("post.forward")}</button>
                </form>{" "}
                <form method="post" action={`/posts/${post.id}/hold`} class="inline">
                  <button type="submit" class="secondary">
                    {t("post.hold")}
                  </button>
                </form>
              </p>
            )}
          {isCoordinator(viewer) && (
            <form method="post" action={`/posts/${post.id}/${post.hidden ? "restore" : "hide"}`}>
              {!post.hidden && (
                <p class="hint" id="hide-hint">
                  {t("post.hideHint")}
                </p>
              )}
              <button type="submit" class="secondary" aria-describedby={post.hidden ? undefined : "hide-hint"}>
                {t(post.hidden ? "post.restore" : "post.hide")}
              </button>
            </form>
          )}
          <form method="post" action={`/posts/${post.id}/delete`}>
            <p class="hint" id="delete-hint">
              {t("post.deleteHint")}
            </p>
            <button type="submit" class="secondary" aria-describedby="delete-hint">
              {t("post.delete")}
            </button>
          </form>
        </section>
      )}
      <p class="meta">
        {t("post.postedOn", { date: useFormat().dayOf(post.createdAt) })}
        {!post.mine && (
          <span class="no-print">
            {" · "}
            <ReportLink type="post" id={post.id} />
          </span>
        )}
      </p>
    </article>
  );
}

/** "Still needed?": the author (or a coordinator) renews a post that is about to expire. */
export function StillNeeded({ post }: { post: PostView }) {
  const t = useT();
  return (
    <div class="notice">
      <p>{post.status === "expired" ? t("post.expired") : t("post.expiresSoon", { date: useFormat().dayOf(post.expiresAt) })}</p>
      <form method="post" action={`/posts/${post.id}/status`}>
        <input type="hidden" name="renew" value="true" />
        <button type="submit">{t("post.renew")}</button>
      </form>
    </div>
  );
}
