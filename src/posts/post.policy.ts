import type { PostRow } from "../../db/queries/posts.ts";
import { activeMember, isCoordinator, type Viewer } from "../members/viewer.ts";
import type { Visibility } from "./post.schema.ts";

/** The visibilities a viewer may read (besides their own posts, which they always see). */
export function visibleTo(viewer: Viewer): Visibility[] {
  if (isCoordinator(viewer)) return ["public", "members", "coordinators"];
  if (activeMember(viewer) !== null) return ["public", "members"];
  return ["public"];
}

/** What the visibility rules need of a post: who wrote it, who it is for, and whether it is hidden. */
type Audience = Pick<PostRow, "authorId" | "visibility" | "hiddenAt">;

export function isAuthor(viewer: Viewer, post: Audience): boolean {
  const member = activeMember(viewer);
  return member !== null && post.authorId === member.id;
}

export function canView(viewer: Viewer, post: Audience): boolean {
  // A hidden post waits for the safety team's review: coordinators only, not even its author.
  if (post.hiddenAt !== null) return isCoordinator(viewer);
  return isAuthor(viewer, post) || visibleTo(viewer).includes(post.visibility);
}

/** Authors edit and withdraw their own posts; coordinators any. */
export function canEdit(viewer: Viewer, post: PostRow): boolean {
  return isAuthor(viewer, post) || isCoordinator(viewer);
}

/**
 * Who may see who a post is from and how to reach them: coordinators, and the author
 * themself. Never the public, never other members.
 */
export function canSeePrivateDetails(viewer: Viewer, post: PostRow): boolean {
  return isAuthor(viewer, post) || isCoordinator(viewer);
}
