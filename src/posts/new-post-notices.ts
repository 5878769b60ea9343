import type { Database } from "../../db/database.ts";
import type { PostRow } from "../../db/queries/posts.ts";
import type { Notifier } from "../notifications/ports.ts";

/** Coordinators hear of a new request, and members watching its kind, category or area of any new post. */
export async function tellAboutNewPost(
  notifier: Notifier,
  tx: Database,
  post: PostRow,
  areaName: string,
  actorId: string | null,
): Promise<void> {
  if (post.kind === "request") {
    const kind = post.urgency === "critical" || post.urgency === "high" ? "new_urgent_request" : "new_request";
    await notifier.notify(
      tx,
      { coordinators: true, notBlockedWith: post.authorId },
      { kind, subjectId: post.id, url: `/posts/${post.id}`, params: { title: post.title, area: areaName } },
      actorId,
    );
  }
  const watched = { kind: post.kind, category: post.category, areaId: post.areaId, coordinatorsOnly: post.visibility === "coordinators" };
  await notifier.notify(
    tx,
    // Nobody in a block with the author hears of the post (they cannot see it).
    { watching: watched, notBlockedWith: post.authorId },
    { kind: "watch_match", subjectId: post.id, url: `/posts/${post.id}`, params: { title: post.title, area: areaName } },
    actorId,
  );
}
