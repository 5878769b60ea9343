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

  it("keeps a receipt with an entry, serves it to members only as a download, and never replaces it", async () => {
    const keeper = await treasurer();
    const member = await makePerson(instance, `member_${++people}`, "member");
    const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
    const form = new FormData();
    for (const [key, value] of Object.entries({
      date: "2026-11-06",
      amount: "18.20",
      direction: "out",
      category: "groceries",
      note: "Lentils",
    })) {
      form.set(key, value);
    }
    form.set("receipt", new Blob([pdf], { type: "application/pdf" }), "lentils receipt.pdf");
    expect((await keeper.web.postMultipart("/books", form)).status).toBe(303);

    const entry = (await api(instance, "GET", "/ledger", { as: member })).body.find((e: { note: string }) => e.note === "Lentils");
    expect(entry.receipt).toBe("lentils receipt.pdf");
    expect((await member.web.page("/books")).html).toContain(`href="/books/${entry.id}/receipt"`);
    const download = await member.web.get(`/books/${entry.id}/receipt`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="lentils receipt.pdf"/);
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
    expect((await new WebClient(instance.url).get(`/books/${entry.id}/receipt`)).status).toBe(303);

    // A receipt that came later, through the API: its type is read from its bytes, and its name follows.
    const bus = await api(instance, "POST", "/ledger", {
      as: keeper,
      body: { date: "2026-11-06", amountCents: 350, direction: "out", category: "transport", note: "Bus" },
    });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const attach = (who: Person, body: Uint8Array<ArrayBuffer>) =>
      fetch(`${instance.url}/api/ledger/${bus.body.id}/receipt?fileName=ticket.html`, {
        method: "POST",
        headers: { authorization: `Bearer ${who.token}`, "content-type": "image/png" },
        body,
      });
    expect((await attach(member, png)).status).toBe(403);
    const attached = await attach(keeper, png);
    expect(attached.status).toBe(201);
    expect((await attached.json()).receipt).toBe("ticket.png");
    expect((await attach(keeper, pdf)).status).toBe(409);
    const served = await fetch(`${instance.url}/api/ledger/${bus.body.id}/receipt`, {
      headers: { authorization: `Bearer ${member.token}` },
    });
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png);
    const deleted = await instance.database.db.execute(sql`DELETE FROM ledger_receipts WHERE entry_id = ${bus.body.id}`).then(
      () => "allowed",
      (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
    );
    expect(deleted).toMatch(/never replaced or deleted/);
  });

  it("refuses a receipt that is not a PDF or a photo, or is too large, and then records nothing", async () => {
    const keeper = await treasurer();
    const entryForm = (note: string, file: Blob, name: string) => {
      const form = new FormData();
      for (const [key, value] of Object.entries({ date: "2026-11-07", amount: "5", direction: "out", category: "fees", note }))
        form.set(key, value);
      form.set("receipt", file, name);
      return form;
    };
    const html = new Blob(["<html><script>alert(1)</script></html>"], { type: "application/pdf" });
    const disguised = await keeper.web.postMultipart("/books", entryForm("Disguised", html, "receipt.pdf"));
    expect(disguised.status).toBe(422);
    expect(visibleText(await disguised.text())).toContain("use a PDF, or a JPEG, PNG or WebP photo");
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(new TextEncoder().encode("%PDF-"));
    const tooBig = await keeper.web.postMultipart("/books", entryForm("Too big", new Blob([big]), "big.pdf"));
    expect(tooBig.status).toBe(422);
    expect(visibleText(await tooBig.text())).toContain("at most 5 MB");
    const notes = (await api(instance, "GET", "/ledger", { as: keeper })).body.map((e: { note: string }) => e.note);
    expect(notes).not.toContain("Disguised");
    expect(notes).not.toContain("Too big");
    const huge = await keeper.web.postMultipart("/books", entryForm("Huge", new Blob([new Uint8Array(7 * 1024 * 1024)]), "huge.pdf"));
    expect(huge.status).toBe(413);
  });

  it("publishes the last twelve months' totals on the public summary only when an admin chooses, without notes or names", async () => {
    const keeper = await treasurer();
    // This month's, so that it stays within the last twelve whenever the test runs.
    const thisMonth = new Date().toISOString().slice(0, 7);
    await api(instance, "POST", "/ledger", {
      as: keeper,
      body: { date: `${thisMonth}-01`, amountCents: 12_345, direction: "in", category: "donations", note: "From Mrs Okafor" },
    });
    const visitor = new WebClient(instance.url);
    const settings = { name: "booksnet", summary: "", publicSummary: "on" };
    expect((await admin.web.post("/settings", settings)).status).toBe(303);
    expect(visibleText((await visitor.page("/summary")).html)).not.toContain("Money by category");
    expect((await api(instance, "GET", "/summary")).body.books).toBeNull();

    expect((await admin.web.post("/settings", { ...settings, publicBooks: "on" })).status).toBe(303);
    const page = visibleText((await visitor.page("/summary")).html);
    expect(page).toContain("Money by category");
    expect(page).toContain(thisMonth);
    expect(page).toContain("Donations");
    expect(page).not.toContain("Mrs Okafor");
    expect(page).not.toContain(keeper.username);
    const summary = (await api(instance, "GET", "/summary")).body;
    const month = summary.books.months.find((m: { month: string }) => m.month === thisMonth);
    expect(month.inCents).toBeGreaterThanOrEqual(12_345);
    expect(JSON.stringify(summary)).not.toContain("Okafor");
    expect(JSON.stringify(summary)).not.toContain(keeper.username);
  });
});
