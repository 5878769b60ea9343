import type { PostView } from "../../src/posts/post.view.ts";
import { useT } from "../env.ts";
import { Isolated } from "./isolated.tsx";
import { useFormat } from "./when.tsx";

/** Who a post is from, as the public may see it: a neighbour in its area, unless an offer's author chose to show a name. */
export function Byline({ post }: { post: PostView }) {
  if (post.author !== null) return <Isolated text="post.offeredBy" values={{ name: post.author.displayName, area: post.area }} />;
  return <Isolated text="post.neighbourIn" values={{ area: post.area }} />;
}

export function PostTags({ post }: { post: PostView }) {
  const t = useT();
  return (
    <p class="meta">
      <span class="tag">{t(`kind.${post.kind}`)}</span>
      <span class="tag">{t(`category.${post.category}`)}</span>
      <span class={`tag urgency-${post.urgency}`}>{t(`urgency.${post.urgency}`)}</span>
      {post.status !== "open" && <span class="tag">{t(`status.${post.status}`)}</span>}
      {post.visibility !== "public" && <span class="tag">{t(`visibility.${post.visibility}`)}</span>}
    </p>
  );
}

export function WhenAndHowMuch({ post }: { post: PostView }) {
  const t = useT();
  const f = useFormat();
  const parts: string[] = [];
  if (post.quantity !== null) parts.push(t("post.quantity", { quantity: post.quantity, unit: post.unit ?? "" }).trim());
  if (post.neededBy) parts.push(t("post.neededBy", { date: f.day(post.neededBy) }));
  if (post.availableUntil) parts.push(t("post.availableUntil", { date: f.day(post.availableUntil) }));
  return parts.length > 0 ? <p class="meta">{parts.join(" · ")}</p> : null;
}

export function PostCard({ post, headingLevel = 2 }: { post: PostView; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <li class="post">
      <Heading>
        <a href={`/posts/${post.id}`} dir="auto" lang={post.language}>
          {post.title}
        </a>
      </Heading>
      <PostTags post={post} />
      <p class="meta">
        <Byline post={post} />
      </p>
      <WhenAndHowMuch post={post} />
    </li>
  );
}
