import type { Database } from "../../db/database.ts";
import { findPossibleDuplicates } from "../../db/queries/duplicates.ts";
import { findPost } from "../../db/queries/posts.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import { isCoordinator, type Viewer } from "../members/viewer.ts";
import { isUuid } from "../validation.ts";

export interface PossibleDuplicate {
  id: string;
  title: string;
  createdAt: string;
  /** same_member, same_phone, same_email or same_name (in the same area). */
  reasons: string[];
}

/**
 * Warns coordinators when a request looks like an open one from the same person: the same
 * member, phone, e-mail, or name in the same area, in the same category. Only coordinators
 * may ask: the answer says that a contact has asked before, which is private.
 */
export class DuplicateGuard {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async check(viewer: Viewer, postId: string): Promise<PossibleDuplicate[]> {
    if (!isCoordinator(viewer)) throw new ForbiddenError("Only coordinators check for duplicates.");
    const row = isUuid(postId) ? await findPost(this.#db, postId) : undefined;
    if (row === undefined) throw new NotFoundError("No such post.");
    if (row.post.kind !== "request") return [];
    const rows = await findPossibleDuplicates(this.#db, row.post);
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      createdAt: new Date(r.created_at).toISOString(),
      reasons: [
        ...(r.same_author ? ["same_member"] : []),
        ...(r.same_phone ? ["same_phone"] : []),
        ...(r.same_email ? ["same_email"] : []),
        ...(r.same_name ? ["same_name"] : []),
      ],
    }));
  }
}
