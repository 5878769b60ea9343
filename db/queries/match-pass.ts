import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "../database.ts";

export interface PassSuggestionRow {
  request_id: string;
  offer_id: string;
  /** 1 for the best offer of its request, 2 for the next… */
  rank: number;
}

/** Open, unexpired posts of one kind that these visibilities may see. */
function openPosts(kind: "offer" | "request", visible: SQL): SQL {
  return sql`kind = ${kind} AND status IN ('open', 'partially_matched') AND expires_at > now()
    AND visibility::text IN (${visible}) AND (until_date IS NULL OR until_date >= current_date)`;
}

/** The ranking after "same area": nearest point, enough quantity, most urgent, oldest. */
const RANK_WITHIN_AREA = sql`CASE WHEN r.lat IS NULL OR r.lon IS NULL OR o.lat IS NULL OR o.lon IS NULL THEN NULL ELSE
                              111.2 * sqrt(power(o.lat - r.lat, 2) + power((o.lon - r.lon) * cos(radians(r.lat)), 2)) END
                              ASC NULLS LAST,
                            (r.needed IS NULL OR o.available IS NULL OR o.available >= r.needed) DESC,
                            o.urgency_rank DESC,
                            o.created_at ASC`;

/**
 * The best `perRequest` open offers for every open request, in one statement, with the
 * same candidates and ranking that findSuggestions gives a single request (same area,
 * nearest coarse point, enough quantity, most urgent, oldest), so that a pass over the
 * whole board and one request's suggestions agree.
 *
 * Set-based on purpose: the open offers and requests are each read once, then joined
 * and ranked per request (a LATERAL lookup per request re-read each category's posts for
 * every request: 2.5 times slower). Same area is the ranking's first key, so a request
 * with at least `perRequest` offers of its category in its own area takes its best from
 * those alone, a small join on (category, area); only the others are ranked against their
 * whole category. On 10,000 × 10,000 that skips most of the category-wide pairs.
 */
export function findBestOffersForOpenRequests(
  db: Database,
  visibilities: readonly string[],
  perRequest: number,
): Promise<PassSuggestionRow[]> {
  const visible = sql.join(
    visibilities.map((v) => sql`${v}`),
    sql`, `,
  );
  return queryRows<PassSuggestionRow>(
    db,
    sql`WITH offers AS MATERIALIZED (
          SELECT id, category, area_id, approx_latitude AS lat, approx_longitude AS lon, created_at,
                 CASE WHEN quantity IS NULL THEN NULL ELSE quantity - allocated_quantity END AS available,
                 CASE urgency WHEN 'critical' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END AS urgency_rank
          FROM posts WHERE ${openPosts("offer", visible)}
        ), requests AS MATERIALIZED (
          SELECT id, category, area_id, approx_latitude AS lat, approx_longitude AS lon,
                 CASE WHEN quantity IS NULL THEN NULL ELSE quantity - allocated_quantity END AS needed
          FROM posts WHERE ${openPosts("request", visible)}
        ), local AS MATERIALIZED (
          SELECT r.id AS request_id, o.id AS offer_id,
                 row_number() OVER (PARTITION BY r.id ORDER BY ${RANK_WITHIN_AREA}) AS rank,
                 count(*) OVER (PARTITION BY r.id) AS nearby
          FROM requests r JOIN offers o ON o.category = r.category AND o.area_id = r.area_id
        ), too_few_nearby AS MATERIALIZED (
          -- An anti-join rather than NOT IN: with a small work_mem (PGlite's) NOT IN turns quadratic.
          SELECT r.* FROM requests r
          LEFT JOIN local enough ON enough.request_id = r.id AND enough.rank = 1 AND enough.nearby >= ${perRequest}
          WHERE enough.request_id IS NULL
        ), wide AS (
          SELECT r.id AS request_id, o.id AS offer_id,
                 row_number() OVER (PARTITION BY r.id ORDER BY o.area_id = r.area_id DESC, ${RANK_WITHIN_AREA}) AS rank
          FROM too_few_nearby r JOIN offers o ON o.category = r.category
        )
        SELECT request_id, offer_id, rank::int AS rank FROM local WHERE rank <= ${perRequest} AND nearby >= ${perRequest}
        UNION ALL
        SELECT request_id, offer_id, rank::int AS rank FROM wide WHERE rank <= ${perRequest}
        ORDER BY request_id, rank`,
  );
}
