import type { PostView } from "../../src/posts/post.view.ts";
import { useFormat } from "../components/when.tsx";
import { useT } from "../env.ts";

/** Open requests grouped by area, laid out for paper (no navigation when printed). */
export function PrintPage({ posts }: { posts: PostView[] }) {
  const t = useT();
  const byArea = Map.groupBy(posts, (post) => post.area);
  return (
    <>
      <h1>{t("print.title")}</h1>
      <p class="meta">{t("print.generated", { date: useFormat().dayOf(new Date()) })}</p>
      <p class="no-print">{t("print.hint")}</p>
      {byArea.size === 0 && <p>{t("board.empty")}</p>}
      {/* Ids from the position, not the area's name: a name may hold spaces, and aria-labelledby splits on them. */}
      {[...byArea].map(([area, list], index) => (
        <section aria-labelledby={`area-${index}`}>
          <h2 id={`area-${index}`}>{area}</h2>
          <ul class="posts">
            {list.map((post) => (
              <li class="post">
                <h3 dir="auto" lang={post.language}>
                  {post.title}
                </h3>
                <p class="meta">
                  {t(`category.${post.category}`)} · {t(`urgency.${post.urgency}`)}
                  {post.quantity !== null && ` · ${t("post.quantity", { quantity: post.quantity, unit: post.unit ?? "" }).trim()}`}
                  {post.neededBy && ` · ${t("post.neededBy", { date: useFormat().day(post.neededBy) })}`}
                </p>
                {post.details && (
                  <p class="pre-line" dir="auto" lang={post.language}>
                    {post.details}
                  </p>
                )}
                <p class="meta">{t("print.reference", { ref: post.id.slice(0, 8) })}</p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
