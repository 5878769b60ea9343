import { sql } from "drizzle-orm";
import { type Database, queryRows } from "./database.ts";
import { inTransaction } from "./transaction.ts";

const BATCH_ROWS = 500;
/**
 * Tables whose rows the migrations write and the target therefore already has. The shared
 * state's and the posts' versions only have to change when what they guard changes; the
 * copy's inserts into those tables raise the target's own.
 */
const WRITTEN_BY_MIGRATIONS = new Set(["shared_state_version", "posts_version"]);

export class CopyRefusedError extends Error {
  override name = "CopyRefusedError";
}

/**
 * Copies every row of every table from one Mycelium database to another whose schema is
 * already migrated to the same version and which holds no data: how an instance moves from
 * the embedded database to PostgreSQL, keys, queue and all. One transaction on the
 * target: it either gets everything or nothing. Resolves to the row count of each table,
 * checked against the source after the copy.
 */
export async function copyDatabase(source: Database, target: Database): Promise<Map<string, number>> {
  const tables = (await tablesInDependencyOrder(source)).filter((table) => !WRITTEN_BY_MIGRATIONS.has(table));
  const targetTables = new Set(await tablesInDependencyOrder(target));
  const missing = tables.filter((t) => !targetTables.has(t));
  if (missing.length > 0) throw new CopyRefusedError(`the target lacks the tables ${missing.join(", ")}: is it on an older version?`);
  for (const table of tables) {
    const [row] = await queryRows<{ n: number }>(target, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`);
    if ((row?.n ?? 0) > 0)
      throw new CopyRefusedError(`the target is not empty (table ${table} has ${row!.n} rows); copy into a new, empty database`);
  }
  const counts = new Map<string, number>();
  await inTransaction(target, async (tx) => {
    for (const table of tables) {
      const identity = await identityColumns(source, table);
      let copied = 0;
      for (;;) {
        // JSON carries every type (enums, arrays, jsonb, timestamps) through unchanged.
        const rows = await queryRows<{ batch: string | null }>(
          source,
          sql`SELECT json_agg(t)::text AS batch
            FROM (SELECT * FROM ${sql.identifier(table)} ORDER BY ctid LIMIT ${BATCH_ROWS} OFFSET ${copied}) t`,
        );
        const batch = rows[0]?.batch;
        if (!batch) break;
        const size = (JSON.parse(batch) as unknown[]).length;
        await tx.execute(
          sql`INSERT INTO ${sql.identifier(table)} ${identity.length > 0 ? sql`OVERRIDING SYSTEM VALUE` : sql``}
              SELECT * FROM json_populate_recordset(NULL::${sql.identifier(table)}, ${batch}::json)`,
        );
        copied += size;
        if (size < BATCH_ROWS) break;
      }
      // Identity columns continue after the highest copied value.
      for (const column of identity) {
        await tx.execute(
          sql`SELECT setval(
            pg_get_serial_sequence(${table}, ${column}),
            coalesce((SELECT max(${sql.identifier(column)}) FROM ${sql.identifier(table)}), 0) + 1,
            false
          )`,
        );
      }
      const [check] = await queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`);
      if (check?.n !== copied) throw new Error(`table ${table}: copied ${copied} rows but the target holds ${check?.n}`);
      counts.set(table, copied);
    }
    // Sequences of their own (such as the ids Mastodon apps see) continue where the source's are.
    const sequences = await queryRows<{ name: string; value: string }>(
      source,
      sql`SELECT sequencename AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL`,
    );
    for (const { name, value } of sequences) await tx.execute(sql`SELECT setval(${name}::text::regclass, ${value}::bigint, true)`);
  });
  return counts;
}

/** The public schema's tables, each after the tables its foreign keys point to. */
async function tablesInDependencyOrder(db: Database): Promise<string[]> {
  const tables = (
    await queryRows<{ name: string }>(db, sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)
  ).map((r) => r.name);
  const edges = await queryRows<{ child: string; parent: string }>(
    db,
    sql`SELECT c.relname AS child, p.relname AS parent
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE k.contype = 'f' AND n.nspname = 'public' AND c.relname <> p.relname`,
  );
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.filter((t) => !placed.has(t) && edges.every((e) => e.child !== t || placed.has(e.parent)));
    if (next.length === 0) throw new Error("the tables' foreign keys form a cycle");
    for (const t of next) {
      ordered.push(t);
      placed.add(t);
    }
  }
  return ordered;
}

async function identityColumns(db: Database, table: string): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = ${table} AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`,
  );
  return rows.map((r) => r.name);
}
