import { readdirSync, readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The upgrade that brought volunteer approval (db/migrations/…_volunteer_approval.sql): members who set their
// own task limit before must not keep reading contacts. Runs the SQL migrations by hand on
// PGlite, stopping before it to plant the data an older server had.

const folder = new URL("../db/migrations/", import.meta.url);
const files = readdirSync(folder)
  .filter((f) => f.endsWith(".sql"))
  .sort();
const approval = files.findIndex((f) => f.endsWith("_volunteer_approval.sql"));
if (approval < 0) throw new Error("the volunteer approval migration is missing");

async function apply(db: PGlite, file: string): Promise<void> {
  for (const statement of readFileSync(new URL(file, folder), "utf8").split("--> statement-breakpoint")) {
    if (statement.trim() !== "") await db.exec(statement);
  }
}

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create("memory://");
  for (const file of files.slice(0, approval)) await apply(db, file);
});
afterAll(() => db?.close());

describe("the volunteer approval migration", () => {
  it("keeps volunteers a coordinator gave a handover to, makes the others ask, and takes back what they held", async () => {
    const id = async (sql: string, params: unknown[] = []) => (await db.query<{ id: string }>(`${sql} RETURNING id`, params)).rows[0]!.id;
    const member = (username: string, maxTasks: number) =>
      id("INSERT INTO members (username, max_tasks) VALUES ($1, $2)", [username, maxTasks]);
    const coordinator = await member("coord", 0);
    const trusted = await member("trusted", 2);
    const selfMade = await member("self_made", 20);
    await member("bystander", 0);
    await db.query("INSERT INTO coordinator_log (actor_id, action, subject_member_id) VALUES ($1, 'volunteer_assigned', $2)", [
      coordinator,
      trusted,
    ]);

    const area = await id("INSERT INTO service_areas (name) VALUES ('East')");
    const post = (kind: string) =>
      id(
        "INSERT INTO posts (kind, category, title, area_id, language, expires_at) " +
          "VALUES ($1, 'meals', 'x', $2, 'en', now() + interval '1 day')",
        [kind, area],
      );
    const match = async (volunteer: string, status: string) =>
      id("INSERT INTO matches (request_id, offer_id, quantity, status, volunteer_id) VALUES ($1, $2, 1, $3, $4)", [
        await post("request"),
        await post("offer"),
        status,
        volunteer,
      ]);
    const trustedTask = await match(trusted, "scheduled");
    const selfTaken = await match(selfMade, "accepted");
    const selfDone = await match(selfMade, "completed");

    for (const file of files.slice(approval)) await apply(db, file);

    const statuses = await db.query<{ username: string; volunteer_status: string }>(
      "SELECT username, volunteer_status FROM members ORDER BY username",
    );
    expect(Object.fromEntries(statuses.rows.map((r) => [r.username, r.volunteer_status]))).toEqual({
      bystander: "none",
      coord: "none",
      self_made: "asked",
      trusted: "approved",
    });
    const held = await db.query<{ id: string; volunteer_id: string | null; open_to_volunteers: boolean }>(
      "SELECT id, volunteer_id, open_to_volunteers FROM matches",
    );
    const byId = new Map(held.rows.map((r) => [r.id, r]));
    expect(byId.get(trustedTask)?.volunteer_id).toBe(trusted);
    expect(byId.get(selfTaken)?.volunteer_id).toBeNull();
    // A finished handover keeps its history; the app no longer shows it to someone not approved.
    expect(byId.get(selfDone)?.volunteer_id).toBe(selfMade);
    expect(held.rows.every((r) => !r.open_to_volunteers)).toBe(true);
  });
});
