import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../database.ts";

export interface PassSuggestionRow {
  request_id: string;
  offer_id: string;
  /** 1 for the best offer of its request, 2 for the next… */
  rank: number;
}

/**
 * The best `perRequest` open offers for every open request, in one statement: the same
 * candidates and the same ranking as findSuggestions gives a single request (same area,
 * nearest coarse point, enough quantity, most urgent, oldest), so that a pass over the
 * whole board and one request's suggestions always agree. A LATERAL join runs the ranked
 * lookup per request on the (category, status) index.
 */
export function findBestOffersForOpenRequests(
  db: Database,
  visibilities: readonly string[],
  perRequest: number,
): Promise<PassSuggestionRow[]> {
  const visible = sql.join(visibilities.map((v) => sql`${v}`), sql`, `);
  return queryRows<PassSuggestionRow>(
    db,
    sql`SELECT r.id AS request_id, s.id AS offer_id, s.rank::int AS rank
        FROM posts r
        CROSS JOIN LATERAL (
          SELECT p.id, row_number() OVER ranking AS rank
          FROM posts p
          WHERE p.kind = 'offer' AND p.category = r.category
              AND p.status IN ('open', 'partially_matched') AND p.expires_at > now()
              AND p.visibility::text IN (${visible})
              AND (p.until_date IS NULL OR p.until_date >= current_date)
          WINDOW ranking AS (
            ORDER BY p.area_id = r.area_id DESC,
                     CASE WHEN r.approx_latitude IS NULL OR r.approx_longitude IS NULL
                            OR p.approx_latitude IS NULL OR p.approx_longitude IS NULL THEN NULL ELSE
                       111.2 * sqrt(power(p.approx_latitude - r.approx_latitude, 2)
                              + power((p.approx_longitude - r.approx_longitude) * cos(radians(r.approx_latitude)), 2)) END ASC NULLS LAST,
                     (r.quantity IS NULL OR p.quantity IS NULL
                       OR p.quantity - p.allocated_quantity >= r.quantity - r.allocated_quantity) DESC,
                     CASE p.urgency WHEN 'critical' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END DESC,
                     p.created_at ASC)
          ORDER BY rank
          LIMIT ${perRequest}
        ) s
        WHERE r.kind = 'request' AND r.status IN ('open', 'partially_matched') AND r.expires_at > now()
          AND r.visibility::text IN (${visible})
          AND (r.until_date IS NULL OR r.until_date >= current_date)
        ORDER BY r.id, s.rank`,
  );
}
