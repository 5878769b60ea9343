import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../database.ts";
import type { PostRow } from "./posts.ts";

export interface DuplicateRow {
  id: string;
  title: string;
  created_at: Date;
  same_author: boolean;
  same_phone: boolean;
  same_email: boolean;
  same_name: boolean;
}

/** The last 9 digits of a phone number: the same number written with or without a country code. */
const phoneKey = (column: string) => sql.raw(`right(regexp_replace(coalesce(${column}, ''), '[^0-9]', '', 'g'), 9)`);

/**
 * Open requests of the same category that look like they come from the same person as
 * `post`: the same member, or the same phone, e-mail, or name in the same area.
 */
export function findPossibleDuplicates(db: Database, post: PostRow): Promise<DuplicateRow[]> {
  return queryRows<DuplicateRow>(
    db,
    sql`WITH mine AS (SELECT ${phoneKey("c.phone")} AS phone, lower(trim(c.email)) AS email, lower(trim(c.name)) AS name
                      FROM post_contacts c WHERE c.post_id = ${post.id})
        SELECT p.id, p.title, p.created_at, flags.*
        FROM posts p
        LEFT JOIN post_contacts c ON c.post_id = p.id
        LEFT JOIN mine ON true
        CROSS JOIN LATERAL (SELECT
            (p.author_id = ${post.authorId}::uuid) IS TRUE AS same_author,
            (length(mine.phone) >= 7 AND ${phoneKey("c.phone")} = mine.phone) IS TRUE AS same_phone,
            (mine.email <> '' AND lower(trim(c.email)) = mine.email) IS TRUE AS same_email,
            (mine.name <> '' AND lower(trim(c.name)) = mine.name AND p.area_id = ${post.areaId}) IS TRUE AS same_name) flags
        WHERE p.kind = 'request' AND p.category = ${post.category} AND p.id <> ${post.id}
          AND p.status IN ('open', 'partially_matched') AND p.expires_at > now() AND p.hidden_at IS NULL
          AND (flags.same_author OR flags.same_phone OR flags.same_email OR flags.same_name)
        ORDER BY p.created_at DESC
        LIMIT 10`,
  );
}
