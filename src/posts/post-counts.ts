import type { Database } from "../../db/database.ts";
import { countPostsWithNextExpiry, type PostFilter } from "../../db/queries/posts.ts";
import type { SharedState } from "../shared-state.ts";

/** Different filters kept at once (the board's and the API's, per visibility and filter choice); past it, start again. */
const KEPT_FILTERS = 500;

/**
 * How many posts match a filter, kept in memory: the board and `listPosts` count the open
 * posts on every page, which reads every open post's index entry. A count holds while the
 * posts' version (raised at the commit of any transaction that changed a post, from any
 * process) has not moved and, for a filter hiding expired posts, until the first counted
 * post expires. So a read costs one tiny query while nothing changed. A free-text search
 * is counted every time (its filters are too many to keep). Either way the read is told
 * when the first counted post expires (`SharedState.changesAt`): the page and its count
 * change then, with nothing written.
 */
export class PostCounts {
  readonly #db: Database;
  /** The posts' version (read once per request, with the shared state's), and where to say when a count runs out. */
  readonly #shared: Pick<SharedState, "postsVersion" | "changesAt">;
  #version: number | null = null;
  #kept = new Map<string, { count: number; until: number }>();

  constructor(db: Database, shared: Pick<SharedState, "postsVersion" | "changesAt">) {
    this.#db = db;
    this.#shared = shared;
  }

  async count(filter: PostFilter): Promise<number> {
    if (filter.text) return (await this.#countNow(filter, performance.now())).count;
    // The version first: a post changed between the two reads makes a count newer than its
    // version, which the next read (seeing the new version) counts again; never older.
    const version = await this.#shared.postsVersion();
    if (version !== this.#version) {
      this.#version = version;
      this.#kept = new Map();
    }
    const key = JSON.stringify(filter);
    const asked = performance.now();
    const kept = this.#kept.get(key);
    if (kept !== undefined && asked < kept.until) {
      this.#shared.changesAt(kept.until);
      return kept.count;
    }
    const { count, until } = await this.#countNow(filter, asked);
    // Kept only if no newer version was seen meanwhile.
    if (this.#version === version) {
      if (this.#kept.size >= KEPT_FILTERS) this.#kept = new Map();
      this.#kept.set(key, { count, until });
    }
    return count;
  }

  /** Counts in the database; `until` is measured from `asked` (before the count), so it ends early rather than late. */
  async #countNow(filter: PostFilter, asked: number): Promise<{ count: number; until: number }> {
    const { count, msToNextExpiry } = await countPostsWithNextExpiry(this.#db, filter);
    const until = msToNextExpiry === null ? Number.POSITIVE_INFINITY : asked + msToNextExpiry;
    this.#shared.changesAt(until);
    return { count, until };
  }
}
