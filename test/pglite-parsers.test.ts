import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { withParsersOnce } from "../db/pglite-parsers.ts";
import { pgliteTemplate } from "./support/database.ts";

// db/pglite-parsers.ts gives PGlite drizzle's parsers once instead of with every query. What
// drizzle reads must not change: these run on PGlite whatever the test run's driver.

const probes = pgTable("parser_probes", { id: text("id").primaryKey(), at: timestamp("at", { withTimezone: true }).notNull() });
const EVERY_KIND = sql`SELECT timestamptz '2026-12-01 10:00:00+00' AS at, timestamp '2026-12-01 10:00:00' AS local,
  date '2026-12-01' AS day, interval '1 day 2 hours' AS span, 1.5::numeric AS amount,
  ARRAY[timestamptz '2026-12-01 10:00:00+00'] AS ats, ARRAY[date '2026-12-01'] AS days,
  ARRAY[1.5::numeric] AS amounts, ARRAY[interval '1 hour'] AS spans, '{"a": [1]}'::jsonb AS doc, 3 AS n`;

const clients: PGlite[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function opened() {
  // The migrated database's array types too, as PGlite sets their parsers while opening.
  const client = await PGlite.create("memory://", { loadDataDir: await pgliteTemplate() });
  clients.push(client);
  await client.exec("CREATE TABLE parser_probes (id text PRIMARY KEY, at timestamptz NOT NULL)");
  return client;
}

/** What drizzle reads: raw rows of every kind, a typed row, and both again in a transaction. */
async function readsOf(db: ReturnType<typeof drizzle>) {
  await db.insert(probes).values({ id: "n1", at: new Date("2026-12-01T10:00:00Z") });
  const raw = (await db.execute(EVERY_KIND)).rows;
  const typed = await db.select().from(probes);
  const inTransaction = await db.transaction(async (tx) => [(await tx.execute(EVERY_KIND)).rows, await tx.select().from(probes)]);
  return { raw, typed, inTransaction };
}

describe("PGlite's parsers given once", () => {
  it("reads dates, times, intervals, numbers, arrays and JSON exactly as drizzle reads them with its own parsers", async () => {
    const expected = await readsOf(drizzle({ client: await opened() }));
    const actual = await readsOf(drizzle({ client: withParsersOnce(await opened()) }));
    expect(actual).toEqual(expected);
    expect(actual.typed[0]?.at).toEqual(new Date("2026-12-01T10:00:00Z"));
  });
});
