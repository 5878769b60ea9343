import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../database.ts";

/** Open here means still wanting a match: open or partially matched, and not past its expiry. */
const OPEN = sql`p.status IN ('open', 'partially_matched') AND p.expires_at > now()`;

export interface CountRow {
  key: string;
  requests: number;
  offers: number;
}

/** Open requests and offers per category, busiest first. `visibilities` narrows it (for the public summary). */
export function countOpenByCategory(db: Database, visibilities: readonly string[]): Promise<CountRow[]> {
  return queryRows<CountRow>(
    db,
    sql`SELECT p.category::text AS key,
               count(*) FILTER (WHERE p.kind = 'request')::int AS requests,
               count(*) FILTER (WHERE p.kind = 'offer')::int AS offers
        FROM posts p
        WHERE ${OPEN} AND p.visibility::text IN (${sql.join(
          visibilities.map((v) => sql`${v}`),
          sql`, `,
        )})
        GROUP BY p.category ORDER BY requests DESC, offers DESC, key`,
  );
}

export function countOpenByArea(db: Database): Promise<CountRow[]> {
  return queryRows<CountRow>(
    db,
    sql`SELECT a.name AS key,
               count(*) FILTER (WHERE p.kind = 'request')::int AS requests,
               count(*) FILTER (WHERE p.kind = 'offer')::int AS offers
        FROM posts p JOIN service_areas a ON a.id = p.area_id
        WHERE ${OPEN}
        GROUP BY a.name ORDER BY requests DESC, offers DESC, key`,
  );
}

export interface UnmetRow {
  id: string;
  title: string;
  category: string;
  urgency: string;
  area: string;
  created_at: Date;
  total: number;
}

/**
 * Open requests, oldest first. With `onlyGaps`, only those for which no open offer of the
 * same category exists (the gaps a coordinator has to fill from outside), most urgent first.
 */
export function listUnmetRequests(db: Database, options: { onlyGaps: boolean; limit: number }): Promise<UnmetRow[]> {
  const gap = options.onlyGaps
    ? sql`AND NOT EXISTS (SELECT 1 FROM posts o WHERE o.kind = 'offer' AND o.category = p.category
            AND o.status IN ('open', 'partially_matched') AND o.expires_at > now())`
    : sql``;
  return queryRows<UnmetRow>(
    db,
    sql`SELECT p.id, p.title, p.category::text AS category, p.urgency::text AS urgency, a.name AS area, p.created_at,
               count(*) OVER ()::int AS total
        FROM posts p JOIN service_areas a ON a.id = p.area_id
        WHERE p.kind = 'request' AND ${OPEN} ${gap}
        ORDER BY ${options.onlyGaps ? sql`p.urgency DESC,` : sql``} p.created_at
        LIMIT ${options.limit}`,
  );
}

/**
 * The median time from a request being posted to its first match (cancelled ones aside),
 * over requests first matched in the last `days` days; null when there were none.
 */
export async function medianHoursToMatch(db: Database, days: number): Promise<{ hours: number | null; matched: number }> {
  const [row] = await queryRows<{ hours: number | null; matched: number }>(
    db,
    sql`SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM m.first_match - p.created_at)) / 3600 AS hours,
               count(*)::int AS matched
        FROM (SELECT request_id, min(created_at) AS first_match FROM matches WHERE status <> 'cancelled' GROUP BY request_id) m
        JOIN posts p ON p.id = m.request_id
        WHERE m.first_match > now() - make_interval(days => ${days}::int)`,
  );
  return { hours: row?.hours === null || row?.hours === undefined ? null : Number(row.hours), matched: row?.matched ?? 0 };
}

export async function countCompletedMatches(db: Database, days: number): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM matches WHERE status = 'completed' AND updated_at > now() - make_interval(days => ${days}::int)`,
  );
  return row?.n ?? 0;
}
