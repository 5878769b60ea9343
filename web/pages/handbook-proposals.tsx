import { MAX_NOTE, MAX_PAGE_BODY } from "../../src/handbook/handbook.schema.ts";
import type { PageView, ProposalView } from "../../src/handbook/page.view.ts";
import type { DiffLine } from "../../src/handbook/page-diff.ts";
import { ErrorSummary, TextArea, TextField } from "../components/fields.tsx";
import { useT } from "../env.ts";
import type { FormValues } from "../forms.ts";
import { DiffList } from "./handbook-history.tsx";
import { When } from "./matching.tsx";

/** A member proposes a new title and text for a page; a coordinator will accept or decline it. */
export function ProposeFormPage({ page, values, errors }: { page: PageView; values: FormValues; errors: Record<string, string> }) {
  const t = useT();
  return (
    <>
      <p class="meta">
        <a href={`/handbook/${page.slug}`}>{page.title}</a>
      </p>
      <h1>{t("handbook.propose.titleOf", { title: page.title })}</h1>
      <p>{t("handbook.propose.intro")}</p>
      <ErrorSummary errors={errors} />
      <form method="post" action={`/handbook/${page.slug}/propose`} novalidate>
        <input type="hidden" name="baseRevision" value={values.baseRevision ?? String(page.revision)} />
        <TextField
          name="title"
          label={t("handbook.form.title")}
          value={values.title ?? page.title}
          error={errors.title}
          required
          maxlength={200}
        />
        <TextArea
          name="body"
          label={t("handbook.form.body")}
          hint={t("handbook.form.bodyHint")}
          value={values.body ?? page.body}
          error={errors.body}
          maxlength={MAX_PAGE_BODY}
        />
        <TextField
          name="note"
          label={t("handbook.propose.note")}
          hint={t("handbook.form.noteHint")}
          value={values.note}
          error={errors.note}
          optional
          maxlength={MAX_NOTE}
        />
        <button type="submit">{t("handbook.propose.send")}</button>
      </form>
    </>
  );
}

/** Coordinators: the open proposals; members: their own, with what became of them. */
export function ProposalsPage({ proposals, forCoordinators }: { proposals: ProposalView[]; forCoordinators: boolean }) {
  const t = useT();
  return (
    <>
      <p class="meta">
        <a href="/handbook">{t("handbook.title")}</a>
      </p>
      <h1>{forCoordinators ? t("handbook.proposals.title") : t("handbook.proposals.mine")}</h1>
      {proposals.length === 0 ? (
        <p>{t("handbook.proposals.none")}</p>
      ) : (
        <ul class="posts">
          {proposals.map((p) => (
            <li class="post">
              <h2>
                <a href={`/handbook/proposals/${p.id}`}>{p.pageTitle}</a>
              </h2>
              <ProposalMeta proposal={p} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function ProposalMeta({ proposal: p }: { proposal: ProposalView }) {
  const t = useT();
  return (
    <>
      <p class="meta">
        <When iso={p.createdAt} /> · {p.proposer ?? t("handbook.history.nobody")} · {t(`handbook.proposals.status.${p.status}`)}
        {p.stale && ` · ${t("handbook.proposals.stale")}`}
      </p>
      {p.note !== null && <p>{p.note}</p>}
    </>
  );
}

/** One proposal: what it changes in the page as it is now, and (for coordinators, while open) accept and decline. */
export function ProposalPage({ proposal, changes, canDecide }: { proposal: ProposalView; changes: DiffLine[]; canDecide: boolean }) {
  const t = useT();
  return (
    <>
      <p class="meta">
        <a href={`/handbook/${proposal.slug}`}>{proposal.pageTitle}</a> · <a href="/handbook/proposals">{t("handbook.proposals.title")}</a>
      </p>
      <h1>{t("handbook.proposals.titleOf", { title: proposal.pageTitle })}</h1>
      <ProposalMeta proposal={proposal} />
      {proposal.title !== proposal.pageTitle && <p>{t("handbook.proposals.newTitle", { title: proposal.title })}</p>}
      <h2>{t("handbook.proposals.changes")}</h2>
      <DiffList lines={changes} />
      {canDecide && proposal.status === "open" && (
        <>
          {proposal.stale && (
            <div class="alert">
              <p>{t("handbook.proposals.staleHint")}</p>
            </div>
          )}
          {!proposal.stale && (
            <form method="post" action={`/handbook/proposals/${proposal.id}/accept`} class="inline">
              <button type="submit">{t("handbook.proposals.accept")}</button>
            </form>
          )}{" "}
          <form method="post" action={`/handbook/proposals/${proposal.id}/decline`} class="inline">
            <button type="submit" class="secondary">
              {t("handbook.proposals.decline")}
            </button>
          </form>
        </>
      )}
    </>
  );
}
