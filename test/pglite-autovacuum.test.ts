import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { vacuumTablesDue } from "../db/pglite-autovacuum.ts";
import { pgliteTemplate } from "./support/database.ts";

// PGlite has no autovacuum; db/pglite-autovacuum.ts does its work when it is due. These run
// on PGlite whatever the test run's driver, since only PGlite needs it.

let client: PGlite | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
});

async function plannerRowEstimate(db: PGlite, table: string): Promise<number> {
  const { rows } = await db.query<{ "QUERY PLAN": string }>(`EXPLAIN SELECT * FROM ${table}`);
  return Number(/rows=(\d+)/.exec(rows[0]!["QUERY PLAN"])![1]);
}

describe("vacuuming PGlite as autovacuum would", () => {
  it("leaves alone a database where nothing changed since it was analyzed", async () => {
    client = await PGlite.create("memory://", { loadDataDir: await pgliteTemplate() });
    await expect(vacuumTablesDue(client)).resolves.toEqual([]);
  });

  it("analyzes a table never analyzed, then again only once enough of it changed", async () => {
    client = await PGlite.create("memory://", { loadDataDir: await pgliteTemplate() });
    await client.exec("CREATE TABLE parcels (id int)");
    await expect(vacuumTablesDue(client)).resolves.toEqual(["public.parcels"]);
    await expect(vacuumTablesDue(client)).resolves.toEqual([]);

    // Autovacuum's default: 50 rows plus a tenth of the table changed.
    await client.exec("INSERT INTO parcels SELECT generate_series(1, 50)");
    await expect(vacuumTablesDue(client)).resolves.toEqual([]);
    await client.exec("INSERT INTO parcels SELECT generate_series(51, 5000)");
    await expect(vacuumTablesDue(client)).resolves.toEqual(["public.parcels"]);
    // The planner now knows the table's size, rather than guessing from its pages.
    await expect(plannerRowEstimate(client, "parcels")).resolves.toBe(5000);

    await client.exec("DELETE FROM parcels WHERE id <= 1000");
    await expect(vacuumTablesDue(client)).resolves.toEqual(["public.parcels"]);
    await expect(plannerRowEstimate(client, "parcels")).resolves.toBe(4000);
  });
});
