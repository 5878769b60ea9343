import { and, eq } from "drizzle-orm";
import type { Database } from "../database.ts";
import { postsVersion, sharedStateVersion } from "../schema/index.ts";

export interface Versions {
  /** Raised by triggers on every change to the settings, crises and service areas (migration 0031). */
  sharedState: number;
  /** Raised once for every committed transaction that changed posts (migration 0032). */
  posts: number;
}

/**
 * Both numbers in one statement: nearly every page needs the first, and the board and `listPosts`
 * the second. Built once and kept: under a surge of readers this runs thousands of times a
 * second, and building its SQL each time was a tenth of the web process's work.
 */
export function prepareReadVersions(db: Database): () => Promise<Versions> {
  const query = db
    .select({ sharedState: sharedStateVersion.version, posts: postsVersion.version })
    .from(sharedStateVersion)
    .crossJoin(postsVersion)
    .where(and(eq(sharedStateVersion.id, 1), eq(postsVersion.id, 1)))
    .prepare("read_versions");
  return async () => {
    const [row] = await query.execute();
    return { sharedState: row?.sharedState ?? 0, posts: row?.posts ?? 0 };
  };
}
