import type { PGlite } from "@electric-sql/pglite";

/**
 * PGlite has no autovacuum, so nothing keeps the planner's statistics up to date: without
 * them it guesses one row per table and picks nested loops (a 10,000 × 10,000 matching
 * pass took minutes instead of 2 s). Vacuuming matters too: it sets the visibility map,
 * without which an index-only scan (the board's count of open posts, posts_open_count_idx)
 * visits the table for every row: 12 ms a count at 100,000 posts, 4 ms once vacuumed.
 *
 * So this does what autovacuum would, with its default thresholds: every minute (its
 * naptime), it vacuums and analyzes the tables that were never analyzed, or changed enough
 * since. PGlite forgets those counts whenever it closes, so on opening a database that was
 * closed before, every table is vacuumed (0.2–0.4 s even when empty: 71 tables and the
 * catalogs). A database opened from a template analyzed when it was made (the ~200 a test
 * run opens) skips that.
 */
export const AUTOVACUUM_NAPTIME_MS = 60_000;

const TABLES_DUE = `
  SELECT format('%I.%I', s.schemaname, s.relname) AS name
  FROM pg_stat_user_tables s
  JOIN pg_class c ON c.oid = s.relid
  WHERE c.reltuples < 0
     OR s.n_mod_since_analyze > 50 + 0.1 * c.reltuples
     OR s.n_ins_since_vacuum > 1000 + 0.2 * c.reltuples
     OR s.n_dead_tup > 50 + 0.2 * c.reltuples
  ORDER BY 1`;

/** Vacuums and analyzes the tables autovacuum would now; resolves to their names (none: nothing ran). */
export async function vacuumTablesDue(client: PGlite): Promise<string[]> {
  // The counters of the last second's changes wait in the backend (PGlite has only the one)
  // until it next goes idle after this asks for them.
  await client.query("SELECT pg_stat_force_next_flush()");
  const { rows } = await client.query<{ name: string }>(TABLES_DUE);
  const names = rows.map((row) => row.name);
  if (names.length > 0) await client.exec(`VACUUM (ANALYZE) ${names.join(", ")}`);
  return names;
}

/** On opening: every table, unless the database was just made from an analyzed template (see above). */
export async function vacuumOnOpening(client: PGlite, fromAnalyzedTemplate: boolean): Promise<void> {
  if (fromAnalyzedTemplate) await vacuumTablesDue(client);
  else await client.exec("VACUUM (ANALYZE)");
}
