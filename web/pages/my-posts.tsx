import type { PostView } from "../../src/posts/post.view.ts";
import { PostCard } from "../components/post-card.tsx";
import { useT } from "../env.ts";

const EXPIRING_SOON_MS = 3 * 86_400_000;

function needsRenewal(post: PostView): boolean {
  if (post.status === "expired") return true;
  const active = post.status === "open" || post.status === "partially_matched";
  return active && Date.parse(post.expiresAt) - Date.now() < EXPIRING_SOON_MS;
}

/** The member's own posts; those about to expire ask "still needed?". */
export function MyPostsPage({ posts }: { posts: PostView[] }) {
  const t = useT();
  const asking = posts.filter(needsRenewal);
  return (
    <>
      <h1>{t("myPosts.title")}</h1>
      {asking.length > 0 && (
        <section class="notice" aria-labelledby="still-needed">
          <h2 id="still-needed">{t("myPosts.stillNeeded")}</h2>
          <ul>
            {asking.map((post) => (
              <li>
                <a href={`/posts/${post.id}`} dir="auto">
                  {post.title}
                </a>{" "}
                <form method="post" action={`/posts/${post.id}/status`} class="inline">
                  <input type="hidden" name="renew" value="true" />
                  <input type="hidden" name="back" value="mine" />
                  <button type="submit">{t("post.renew")}</button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      )}
      {posts.length === 0 ? (
        <p>
          {t("myPosts.empty")} <a href="/posts/new">{t("nav.newPost")}</a>
        </p>
      ) : (
        <ul class="posts">
          {posts.map((post) => (
            <PostCard post={post} />
          ))}
        </ul>
      )}
    </>
  );
}
