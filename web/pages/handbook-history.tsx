import type { RevisionDiff } from "../../src/handbook/handbook.service.ts";
import type { PageView, RevisionSummary, RevisionView } from "../../src/handbook/page.view.ts";
import type { DiffLine } from "../../src/handbook/page-diff.ts";
import { useT } from "../env.ts";
import { When } from "./matching.tsx";

/** A page's history, newest first, with a form (no script needed) to compare two revisions. */
export function HistoryPage({ page, revisions }: { page: PageView; revisions: RevisionSummary[] }) {
  const t = useT();
  const readable = revisions.filter((r) => r.readable);
  return (
    <>
      <p class="meta">
        <a href={`/handbook/${page.slug}`}>{page.title}</a>
      </p>
      <h1>{t("handbook.history.titleOf", { title: page.title })}</h1>
      <ul class="posts">
        {revisions.map((r) => (
          <li class="post">
            <h2>
              {r.readable ? (
                <a href={`/handbook/${page.slug}/revisions/${r.revision}`}>{t("handbook.revision", { revision: r.revision })}</a>
              ) : (
                t("handbook.revision", { revision: r.revision })
              )}
            </h2>
            <RevisionMeta revision={r} />
          </li>
        ))}
      </ul>
      {readable.length > 1 && (
        <form method="get" action={`/handbook/${page.slug}/diff`}>
          <h2>{t("handbook.diff.compare")}</h2>
          <RevisionSelect name="from" label={t("handbook.diff.from")} revisions={readable} selected={readable[1]!.revision} />
          <RevisionSelect name="to" label={t("handbook.diff.to")} revisions={readable} selected={readable[0]!.revision} />
          <button type="submit">{t("handbook.diff.show")}</button>
        </form>
      )}
    </>
  );
}

function RevisionSelect(props: { name: string; label: string; revisions: RevisionSummary[]; selected: number }) {
  const t = useT();
  return (
    <>
      <label for={props.name}>{props.label}</label>
      <select id={props.name} name={props.name}>
        {props.revisions.map((r) => (
          <option value={String(r.revision)} selected={r.revision === props.selected}>
            {t("handbook.revision", { revision: r.revision })}
          </option>
        ))}
      </select>
    </>
  );
}

/** Who saved a revision and when, with its note: accepted proposals and restores say so. */
function RevisionMeta({ revision: r }: { revision: RevisionSummary }) {
  const t = useT();
  return (
    <>
      <p class="meta">
        <When iso={r.createdAt} /> · {r.author ?? t("handbook.history.nobody")}
        {r.acceptedBy !== null && ` · ${t("handbook.history.acceptedBy", { who: r.acceptedBy })}`}
        {r.restoredFrom !== null && ` · ${t("handbook.history.restored", { revision: r.restoredFrom })}`}
        {` · ${t(`handbook.visibility.${r.visibility}`)}`}
      </p>
      {r.note !== null && <p>{r.note}</p>}
    </>
  );
}

/** An old revision as it read, with a button to restore it (coordinators). */
export function RevisionPage({ page, revision }: { page: PageView; revision: RevisionView }) {
  const t = useT();
  const isCurrent = revision.revision === page.revision;
  return (
    <>
      <p class="meta">
        <a href={`/handbook/${page.slug}`}>{page.title}</a> · <a href={`/handbook/${page.slug}/history`}>{t("handbook.history.title")}</a>
      </p>
      <h1>{t("handbook.revisionOf", { title: revision.title, revision: revision.revision })}</h1>
      <RevisionMeta revision={revision} />
      {page.canEdit && !isCurrent && (
        <form method="post" action={`/handbook/${page.slug}/revisions/${revision.revision}/restore`}>
          <input type="hidden" name="baseRevision" value={String(page.revision)} />
          <button type="submit">{t("handbook.restore", { revision: revision.revision })}</button>
        </form>
      )}
      <div class="handbook-text" dangerouslySetInnerHTML={{ __html: revision.html }} />
    </>
  );
}

/** The difference between two revisions. */
export function DiffPage({ page, diff }: { page: PageView; diff: RevisionDiff }) {
  const t = useT();
  return (
    <>
      <p class="meta">
        <a href={`/handbook/${page.slug}`}>{page.title}</a> · <a href={`/handbook/${page.slug}/history`}>{t("handbook.history.title")}</a>
      </p>
      <h1>{t("handbook.diff.title", { from: diff.from.revision, to: diff.to.revision })}</h1>
      {diff.title !== null && (
        <>
          <h2>{t("handbook.diff.pageTitle")}</h2>
          <DiffList lines={diff.title} />
        </>
      )}
      <h2>{t("handbook.diff.text")}</h2>
      <DiffList lines={diff.lines} />
    </>
  );
}

/**
 * Lines of a difference, each marked in words as well as by colour: removed lines in <del>
 * and added ones in <ins>, each starting with a label that screen readers read out.
 */
export function DiffList({ lines }: { lines: DiffLine[] }) {
  const t = useT();
  if (lines.every((line) => line.change === "same")) return <p>{t("handbook.diff.none")}</p>;
  return (
    <ul class="diff">
      {lines.map((line) => (
        <li>
          {line.change === "added" ? (
            <ins>
              <strong>{t("handbook.diff.added")}</strong> {line.text}
            </ins>
          ) : line.change === "removed" ? (
            <del>
              <strong>{t("handbook.diff.removed")}</strong> {line.text}
            </del>
          ) : (
            <span>
              <span class="visually-hidden">{t("handbook.diff.same")} </span>
              {line.text}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
