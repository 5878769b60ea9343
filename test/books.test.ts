import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { visibleText, WebClient } from "./support/web-client.ts";

let instance: TestInstance;
let admin: Person;

beforeAll(async () => {
  instance = await startTestInstance("booksnet", { CURRENCY: "EUR" });
  admin = await makePerson(instance, "admin_ada", "admin");
});
afterAll(() => instance?.destroy());

let people = 0;
/** A member an admin made treasurer on the members page, as an admin would. */
async function treasurer(): Promise<Person> {
  const person = await makePerson(instance, `treasurer_${++people}`, "member");
  expect((await admin.web.post(`/members/${person.id}/treasurer`, { treasurer: "on" })).status).toBe(303);
  return person;
}

describe(`the open books (${testDriver})`, () => {
  it("lets a treasurer record money, shows members the running balance, and lets nobody else write", async () => {
    const keeper = await treasurer();
    const member = await makePerson(instance, `member_${++people}`, "member");
    const coordinator = await makePerson(instance, `coord_${++people}`, "coordinator");

    const donation = await api(instance, "POST", "/ledger", {
      as: keeper,
      body: { date: "2026-11-02", amountCents: 20_000, direction: "in", category: "donations", note: "Bake sale" },
    });
    expect(donation.status).toBe(201);
    expect(donation.body).toMatchObject({ amountCents: 20_000, balanceCents: expect.any(Number), recordedBy: keeper.username });
    const before = donation.body.balanceCents - 20_000;
    const rice = await keeper.web.post("/books", {
      date: "2026-11-03",
      amount: "42,50",
      direction: "out",
      category: "groceries",
      note: "Rice",
    });
    expect(rice.status).toBe(303);

    // Members read it all; members-only, never the public.
    const page = visibleText((await member.web.page("/books")).html);
    expect(page).toContain("Rice");
    expect(page).toContain("€42.50");
    const listed = await api(instance, "GET", "/ledger", { as: member });
    expect(listed.body.at(-1)).toMatchObject({ note: "Rice", amountCents: 4_250, balanceCents: before + 15_750 });
    expect((await api(instance, "GET", "/ledger")).status).toBe(401);
    expect((await new WebClient(instance.url).get("/books")).status).toBe(303);

    // Only treasurers and admins write; coordinators are not treasurers by their role.
    for (const who of [member, coordinator]) {
      const refused = await api(instance, "POST", "/ledger", {
        as: who,
        body: { date: "2026-11-03", amountCents: 100, direction: "in", category: "donations" },
      });
      expect(refused.status).toBe(403);
    }
    const log = visibleText((await member.web.page("/log")).html);
    expect(log).toContain(`made ${keeper.username} a treasurer`);
  });

  it("names each bad field, and refuses an amount the books cannot hold", async () => {
    const keeper = await treasurer();
    const bad = await api(instance, "POST", "/ledger", {
      as: keeper,
      body: { date: "2026-02-30", amountCents: 0, direction: "sideways", category: "yachts" },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["amountCents", "category", "date", "direction"]);
    const huge = await api(instance, "POST", "/ledger", {
      as: keeper,
      body: { date: "2026-11-01", amountCents: 5_000_000_000, direction: "in", category: "donations" },
    });
    expect(huge.status).toBe(400);
    const future = await api(instance, "POST", "/ledger", {
      as: keeper,
      body: { date: "2099-01-01", amountCents: 100, direction: "in", category: "donations" },
    });
    expect(future.status).toBe(422);
    expect(future.body.fields).toEqual({ date: "is in the future" });
    const typed = await keeper.web.post("/books", { date: "2026-11-01", amount: "twelve", direction: "in", category: "donations" });
    expect(typed.status).toBe(422);
    expect(visibleText(await typed.text())).toContain("use an amount such as 12.50");
  });

  it("corrects an entry only by a reversing entry, once; the database itself refuses edits", async () => {
    const keeper = await treasurer();
    const wrong = await api(instance, "POST", "/ledger", {
      as: keeper,
      body: { date: "2026-11-04", amountCents: 9_900, direction: "out", category: "transport", note: "Van hire" },
    });
    const mismatched = await api(instance, "POST", "/ledger", {
      as: keeper,
      body: { date: "2026-11-05", amountCents: 100, direction: "in", category: "transport", reverses: wrong.body.id },
    });
    expect(mismatched.status).toBe(422);
    expect(mismatched.body.fields).toHaveProperty("reverses");

    expect((await keeper.web.post(`/books/${wrong.body.id}/reverse`, {})).status).toBe(303);
    const entries = (await api(instance, "GET", "/ledger", { as: keeper })).body;
    const original = entries.find((e: { id: string }) => e.id === wrong.body.id);
    const correction = entries.find((e: { reversesId: string | null }) => e.reversesId === wrong.body.id);
    expect(original.reversed).toBe(true);
    expect(correction).toMatchObject({ amountCents: 9_900, direction: "in", category: "transport" });
    expect(correction.balanceCents).toBe(original.balanceCents + 9_900);

    const twice = await api(instance, "POST", "/ledger", {
      as: keeper,
      body: { date: "2026-11-05", amountCents: 9_900, direction: "in", category: "transport", reverses: wrong.body.id },
    });
    expect(twice.status).toBe(409);
    // Drizzle wraps the database's error; its cause is PostgreSQL's own message.
    const refusal = (query: ReturnType<typeof sql>) =>
      instance.database.db.execute(query).then(
        () => "allowed",
        (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
      );
    expect(await refusal(sql`UPDATE ledger_entries SET amount_cents = 1 WHERE id = ${wrong.body.id}`)).toMatch(/never changed or deleted/);
    expect(await refusal(sql`DELETE FROM ledger_entries WHERE id = ${wrong.body.id}`)).toMatch(/never changed or deleted/);
  });

  it("sums the months and categories, and exports the ledger as CSV for members", async () => {
    const keeper = await treasurer();
    await api(instance, "POST", "/ledger", {
      as: keeper,
      body: { date: "2026-09-10", amountCents: 7_000, direction: "in", category: "grants", note: 'Ward fund, "autumn"' },
    });
    const summary = await api(instance, "GET", "/ledger/summary", { as: keeper });
    expect(summary.status).toBe(200);
    expect(summary.body.currency).toBe("EUR");
    const september = summary.body.months.find((m: { month: string }) => m.month === "2026-09");
    expect(september).toMatchObject({ inCents: 7_000, outCents: 0, byCategory: { grants: { inCents: 7_000, outCents: 0 } } });
    const ledger = (await api(instance, "GET", "/ledger", { as: keeper })).body;
    expect(summary.body.balanceCents).toBe(ledger.at(-1).balanceCents);

    const csv = await keeper.web.get("/books.csv");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    expect(text.split("\n")[0]).toBe("date,direction,amount,currency,category,note,balance,corrects,recorded_by,id");
    expect(text).toContain('2026-09-10,in,70.00,EUR,grants,"Ward fund, ""autumn"""');
  });
});
