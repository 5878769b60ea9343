import type { ServiceArea } from "../../src/areas/service-area.service.ts";
import { activeMember, isCoordinator } from "../../src/members/viewer.ts";
import { CATEGORIES, POST_KINDS, STATUSES, URGENCIES } from "../../src/posts/post.schema.ts";
import type { PostPage, PostQuery } from "../../src/posts/post.service.ts";
import { Select, TextField } from "../components/fields.tsx";
import { Isolated } from "../components/isolated.tsx";
import { PostCard } from "../components/post-card.tsx";
import { useT, useWebContext } from "../env.ts";

export function BoardPage({ page, query, areas }: { page: PostPage; query: PostQuery; areas: ServiceArea[] }) {
  const t = useT();
  const c = useWebContext();
  const viewer = c.var.viewer;
  // The filters everyone has: any value, or one from its list.
  const filters: { name: "kind" | "category" | "area" | "urgency"; options: { value: string; label: string }[] }[] = [
    { name: "kind", options: POST_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })) },
    { name: "category", options: CATEGORIES.map((k) => ({ value: k, label: t(`category.${k}`) })) },
    { name: "area", options: areas.map((a) => ({ value: a.name, label: a.name })) },
    { name: "urgency", options: URGENCIES.map((k) => ({ value: k, label: t(`urgency.${k}`) })) },
  ];
  const lastPage = Math.max(1, Math.ceil(page.total / page.perPage));
  const linkTo = (n: number) => {
    const url = new URL(c.req.url);
    url.searchParams.set("page", String(n));
    return `${url.pathname}${url.search}`;
  };
  return (
    <>
      <h1>{t("board.title")}</h1>
      {c.var.profile.summary && <p>{c.var.profile.summary}</p>}
      {activeMember(viewer) === null && (
        <p>
          {t("board.joinHint")} <a href="/join">{t("board.joinLink")}</a> · <a href="/sign-in">{t("nav.signIn")}</a>
        </p>
      )}
      {/* biome-ignore lint/a11y/useSemanticElements: <search> is too new for members' old phones; role="search" works everywhere. */}
      <form method="get" action="/" class="no-print" role="search" aria-label={t("board.filters")}>
        <div class="filters">
          <div>
            <TextField name="q" type="search" label={t("board.search")} value={query.text} />
          </div>
          {filters.map((filter) => (
            <div>
              <Select
                name={filter.name}
                label={t(`field.${filter.name}`)}
                value={query[filter.name]}
                empty={t("board.any")}
                options={filter.options}
              />
            </div>
          ))}
          {isCoordinator(viewer) && (
            <div>
              <Select
                name="status"
                label={t("field.status")}
                value={query.status}
                empty={t("board.active")}
                options={STATUSES.map((k) => ({ value: k, label: t(`status.${k}`) }))}
              />
            </div>
          )}
        </div>
        <button type="submit">{t("board.apply")}</button>
      </form>
      <p role="status">{t("board.count", { count: page.total })}</p>
      {page.items.length === 0 ? (
        <p>{t("board.empty")}</p>
      ) : (
        <ul class="posts">
          {page.items.map((post) => (
            <PostCard post={post} />
          ))}
        </ul>
      )}
      {lastPage > 1 && (
        <nav class="pager" aria-label={t("board.pages")}>
          {page.page > 1 && (
            <a href={linkTo(page.page - 1)} rel="prev">
              {t("board.previous")}
            </a>
          )}
          <span>{t("board.pageOf", { page: page.page, pages: lastPage })}</span>
          {page.page < lastPage && (
            <a href={linkTo(page.page + 1)} rel="next">
              {t("board.next")}
            </a>
          )}
        </nav>
      )}
      <p class="meta">
        <Isolated text="board.follow" values={{ handle: `@${c.var.profile.handle}@${c.var.origin.host}` }} />
      </p>
      {isCoordinator(viewer) && (
        <p class="no-print">
          <a href="/print">{t("board.print")}</a> · <a href="/exports/posts.csv">{t("board.csv")}</a>
        </p>
      )}
    </>
  );
}
