import type { Database } from "../../db/database.ts";
import { deleteMemberBlock, insertMemberBlock, listBlockedUsernames } from "../../db/queries/blocks.ts";
import { findMemberByUsername } from "../../db/queries/members.ts";
import { InvalidFieldsError, NotFoundError } from "../errors.ts";
import { requireMember, type Viewer } from "../members/viewer.ts";

/**
 * Members blocking members. The effects live where the things are shown or made (posts,
 * suggestions, matches, handovers); here is only who blocked whom. Nothing tells the
 * blocked member, and blocking twice or unblocking someone not blocked is harmless.
 */
export class BlockService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async block(viewer: Viewer, username: string): Promise<void> {
    const member = requireMember(viewer);
    const other = await findMemberByUsername(this.#db, username);
    if (other === undefined || other.status === "pending") throw new NotFoundError("No such member.");
    if (other.id === member.id) throw new InvalidFieldsError({ member: "you cannot block yourself" });
    await insertMemberBlock(this.#db, member.id, other.id);
  }

  async unblock(viewer: Viewer, username: string): Promise<void> {
    const member = requireMember(viewer);
    const other = await findMemberByUsername(this.#db, username);
    if (other === undefined || !(await deleteMemberBlock(this.#db, member.id, other.id))) {
      throw new NotFoundError("You have not blocked that member.");
    }
  }

  /** The usernames the viewer blocked (never who blocked them). */
  async list(viewer: Viewer): Promise<string[]> {
    const member = requireMember(viewer);
    return (await listBlockedUsernames(this.#db, member.id)).map((r) => r.username);
  }
}
