import { PAGE_VISIBILITIES } from "../../src/handbook/handbook.rules.ts";
import { MAX_NOTE, MAX_PAGE_BODY } from "../../src/handbook/handbook.schema.ts";
import type { PageSummary, PageView } from "../../src/handbook/page.view.ts";
import { ErrorSummary, Select, TextArea, TextField } from "../components/fields.tsx";
import { useT } from "../env.ts";
import type { FormValues } from "../forms.ts";
import { When } from "./matching.tsx";

/** The handbook's pages the reader may see, with a search. */
export function HandbookIndexPage({ pages, query, canEdit }: { pages: PageSummary[]; query: string; canEdit: boolean }) {
  const t = useT();
  return (
    <>
      <h1>{t("handbook.title")}</h1>
      <p>{t("handbook.intro")}</p>
      <form method="get" action="/handbook">
        <label for="q">{t("handbook.search")}</label>
        <input type="search" id="q" name="q" value={query} maxlength={500} />
        <button type="submit">{t("handbook.searchButton")}</button>
      </form>
      <p>
        {canEdit && (
          <>
            <a href="/handbook/new">{t("handbook.newPage")}</a> ·{" "}
          </>
        )}
        <a href="/handbook/proposals">{canEdit ? t("handbook.proposals.title") : t("handbook.proposals.mine")}</a>
      </p>
      {query !== "" && <p role="status">{t("handbook.found", { count: pages.length, query })}</p>}
      {pages.length === 0 ? (
        <p>{t("handbook.empty")}</p>
      ) : (
        <ul class="posts">
          {pages.map((page) => (
            <li class="post">
              <h2>
                <a href={`/handbook/${page.slug}`}>{page.title}</a>
              </h2>
              <p class="meta">
                {t(`handbook.visibility.${page.visibility}`)} · {t("handbook.updated")} <When iso={page.updatedAt} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** One page: its table of contents, its text, who saved it last, and links to its history and to edit or propose an edit. */
export function HandbookPageView({ page, saved }: { page: PageView; saved: boolean }) {
  const t = useT();
  return (
    <>
      <p class="meta">
        <a href="/handbook">{t("handbook.title")}</a>
      </p>
      <h1>{page.title}</h1>
      {saved && (
        <div class="notice" role="status">
          <p>{t("handbook.saved", { revision: page.revision })}</p>
        </div>
      )}
      <p class="meta">
        {t(`handbook.visibility.${page.visibility}`)} · {t("handbook.revision", { revision: page.revision })} · {t("handbook.updated")}{" "}
        <When iso={page.updatedAt} />
        {page.updatedBy !== null && ` · ${page.updatedBy}`}
      </p>
      {page.toc.length > 1 && (
        <nav aria-labelledby="toc-title">
          <h2 id="toc-title">{t("handbook.toc")}</h2>
          <ul>
            {page.toc.map((entry) => (
              <li class={entry.level === 3 ? "toc-sub" : undefined}>
                <a href={`#${entry.id}`}>{entry.text}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {/* Rendered by markdown-it without raw HTML and sanitised by sanitize-html (src/handbook/markdown.ts). */}
      <div class="handbook-text" dangerouslySetInnerHTML={{ __html: page.html }} />
      <p>
        <a href={`/handbook/${page.slug}/history`}>{t("handbook.history.title")}</a>
        {page.canEdit && (
          <>
            {" · "}
            <a href={`/handbook/${page.slug}/edit`}>{t("handbook.edit")}</a>
          </>
        )}
        {page.canPropose && (
          <>
            {" · "}
            <a href={`/handbook/${page.slug}/propose`}>{t("handbook.propose.title")}</a>
          </>
        )}
      </p>
    </>
  );
}

/** What a save was refused over: the page as someone else saved it, to show beside the writer's own text. */
export interface CurrentText {
  revision: number;
  title: string;
  body: string;
}

/**
 * Writing a page (new, or its next revision). After a conflict it shows both texts: the
 * writer's, still in the form, and the current one, so nothing typed is lost; saving again
 * then saves over the current revision knowingly.
 */
export function PageFormPage({
  values,
  errors,
  isNew,
  current,
}: {
  values: FormValues;
  errors: Record<string, string>;
  isNew: boolean;
  current: CurrentText | null;
}) {
  const t = useT();
  return (
    <>
      <h1>{isNew ? t("handbook.newPage") : t("handbook.editTitle", { title: values.title ?? "" })}</h1>
      <ErrorSummary errors={errors} />
      {current !== null && <ConflictNotice current={current} />}
      <form method="post" action="/handbook" novalidate>
        {isNew ? (
          <TextField
            name="slug"
            label={t("handbook.form.slug")}
            hint={t("handbook.form.slugHint")}
            value={values.slug}
            error={errors.slug}
            required
            maxlength={60}
          />
        ) : (
          <input type="hidden" name="slug" value={values.slug ?? ""} />
        )}
        <input type="hidden" name="baseRevision" value={values.baseRevision ?? ""} />
        <TextField name="title" label={t("handbook.form.title")} value={values.title} error={errors.title} required maxlength={200} />
        <TextArea
          name="body"
          label={current === null ? t("handbook.form.body") : t("handbook.form.yourBody")}
          hint={t("handbook.form.bodyHint")}
          value={values.body}
          error={errors.body}
          maxlength={MAX_PAGE_BODY}
        />
        <Select
          name="visibility"
          label={t("handbook.form.visibility")}
          value={values.visibility ?? "members"}
          error={errors.visibility}
          options={PAGE_VISIBILITIES.map((v) => ({ value: v, label: t(`handbook.visibility.${v}`) }))}
        />
        <TextField
          name="note"
          label={t("handbook.form.note")}
          hint={t("handbook.form.noteHint")}
          value={values.note}
          error={errors.note}
          optional
          maxlength={MAX_NOTE}
        />
        <button type="submit">
          {current === null ? t("handbook.form.save") : t("handbook.form.saveOver", { revision: current.revision })}
        </button>
      </form>
      {current !== null && (
        <section aria-labelledby="current-title">
          <h2 id="current-title">{t("handbook.conflict.currentTitle", { revision: current.revision })}</h2>
          <p>
            <strong>{current.title}</strong>
          </p>
          <pre class="message">{current.body}</pre>
        </section>
      )}
    </>
  );
}

function ConflictNotice({ current }: { current: CurrentText }) {
  const t = useT();
  return (
    <div class="alert" role="alert">
      <p>{t("handbook.conflict.text", { revision: current.revision })}</p>
      <p>
        <a href="#current-title">{t("handbook.conflict.see")}</a>
      </p>
    </div>
  );
}
