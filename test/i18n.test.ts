import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directionOf, LANGUAGES } from "../web/i18n.ts";
import { testDriver } from "./support/database.ts";
import { dayFromNow, localWindow } from "./support/dates.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { publishRequest } from "./support/posts.ts";
import { WebClient } from "./support/web-client.ts";

// Every language is complete: the same keys as English (plural forms as the language needs
// them), the same placeholders, and no page shows a raw key in any language.

const languages = Object.keys(LANGUAGES);
const PLURAL = /_(zero|one|two|few|many|other)$/;

function readCatalog(language: string): Record<string, string> {
  return flatten(JSON.parse(readFileSync(new URL(`../web/locales/${language}.json`, import.meta.url), "utf8")));
}

function flatten(tree: Record<string, unknown>, prefix = ""): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === "object" && value !== null
        ? Object.entries(flatten(value as Record<string, unknown>, `${prefix}${key}.`))
        : [[`${prefix}${key}`, String(value)]],
    ),
  );
}

/** The `{{name}}` placeholders and `$t(…)` references of a text. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}|\$t\(([^)]*)\)/g)].map((m) => m[1] ?? `$t(${m[2]})`).sort();
}

/** English keys that have plural forms, by their base (`posts.count` for `posts.count_one`, `posts.count_other`). */
function pluralBases(catalog: Record<string, string>): Set<string> {
  return new Set(
    Object.keys(catalog)
      .filter((key) => key.endsWith("_other"))
      .map((key) => key.replace(PLURAL, "")),
  );
}

/** The plural forms a language needs: those some everyday count (0–200) selects. */
function neededPluralForms(language: string): string[] {
  const rules = new Intl.PluralRules(language);
  return [...new Set(Array.from({ length: 201 }, (_, n) => rules.select(n)))].sort();
}

const english = readCatalog("en");
const bases = pluralBases(english);

describe("locale files", () => {
  it.each(languages)("%s has every English key, no other, and the plural forms it needs", (language) => {
    const catalog = readCatalog(language);
    const plain = (keys: string[]) => keys.filter((key) => !bases.has(key.replace(PLURAL, ""))).sort();
    expect(plain(Object.keys(catalog)), "keys that are not plurals").toEqual(plain(Object.keys(english)));
    const allowed = new Intl.PluralRules(language).resolvedOptions().pluralCategories as string[];
    const needed = neededPluralForms(language);
    for (const base of bases) {
      const forms = Object.keys(catalog)
        .filter((key) => key.replace(PLURAL, "") === base && PLURAL.test(key))
        .map((key) => PLURAL.exec(key)![1]!);
      for (const form of needed) expect(forms, `${base}: the ${form} form`).toContain(form);
      // i18next uses a "zero" form for a count of 0 in any language that has one.
      for (const form of forms) if (form !== "zero") expect(allowed, `${base}_${form} is not a plural form of ${language}`).toContain(form);
    }
  });

  it.each(languages)("%s uses the same placeholders as English in every text", (language) => {
    const catalog = readCatalog(language);
    for (const [key, text] of Object.entries(catalog)) {
      const plural = PLURAL.exec(key);
      const englishText = english[key] ?? english[key.replace(PLURAL, "_other")];
      if (englishText === undefined) continue; // a key English lacks fails the test above
      // A form for one exact number ("one", "two", "zero") may say it in words instead of {{count}}.
      const loose = plural !== null && plural[1] !== "other" && plural[1] !== "many" && plural[1] !== "few";
      const expected = placeholders(englishText).filter((name) => !(loose && name === "count"));
      expect(
        placeholders(text).filter((name) => !(loose && name === "count")),
        `${language}: ${key}`,
      ).toEqual(expected);
    }
  });
});

let instance: TestInstance;
let admin: Person;
const pages: string[] = [];

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("Riverside");
  admin = await makePerson(instance, "admin_ines", "admin");
  const postId = await publishRequest(instance, admin, "Groceries for Ana", "Riverside");
  const decision = await admin.web.post("/decisions", {
    title: "Open on Sundays",
    process: "consent",
    body: "Shall we open on Sundays?",
    closesAt: localWindow(5).windowStart,
  });
  const { windowStart, windowEnd } = localWindow(7);
  const event = await admin.web.post("/events", {
    title: "Seed swap",
    description: "",
    kind: "skill_share",
    area: "Riverside",
    visibility: "public",
    startsAt: windowStart,
    endsAt: windowEnd,
  });
  pages.push(
    "/",
    `/posts/${postId}`,
    `/posts/${postId}/edit`,
    "/posts/new",
    "/dashboard",
    "/account",
    "/settings",
    "/decisions",
    decision.headers.get("location")!,
    "/decisions/new",
    "/events",
    event.headers.get("location")!,
    "/events/new",
    "/notifications",
    "/notifications/settings",
    "/my/posts",
    "/tasks",
    "/crises",
    "/networks",
    "/nearby",
    "/my/reports",
    "/my/cases",
    "/decisions/log",
    "/groups",
    "/handbook",
    "/members",
    "/safety",
    "/books",
    "/dispatch",
    "/sms-card",
  );
});
afterAll(() => instance?.destroy());

/** Texts that look like an i18n key of one of the catalogue's sections (`board.title`), as i18next shows a missing one. */
function rawKeys(html: string): string[] {
  const sections = new Set(Object.keys(english).map((key) => key.split(".")[0]!));
  const text = html.replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, "");
  return [...text.matchAll(/(?<=[>"\s(])([a-z][a-zA-Z0-9]*)((?:\.[a-zA-Z0-9_]+)+)(?=[<"\s).:])/g)]
    .filter((m) => sections.has(m[1]!) && !/\.(css|js|json|ics|csv|svg|png|webmanifest)$/.test(m[0]))
    .map((m) => m[0]);
}

describe(`every page in every language (${testDriver})`, () => {
  it.each(languages)("%s: the main pages render without a raw key", async (language) => {
    expect((await admin.web.page(`/?lang=${language}`)).status).toBe(200);
    for (const path of pages) {
      const { status, html } = await admin.web.page(path);
      expect(status, `${language} ${path}`).toBe(200);
      expect(html, `${language} ${path}`).toContain(`<html lang="${language}"`);
      expect(rawKeys(html), `${language} ${path}`).toEqual([]);
    }
  });
});

describe(`refusals in the reader's language (${testDriver})`, () => {
  it("shows a form's field errors in the page's language", async () => {
    await admin.web.page("/?lang=es");
    const response = await admin.web.post("/posts", {
      kind: "request",
      category: "food",
      title: "Pa",
      details: "",
      urgency: "normal",
      area: "Riverside",
      language: "es",
      visibility: "public",
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('id="title-error">usa al menos 3 caracteres<');
  });

  it("answers the API in the Accept-Language's language, English by default, with the same field names", async () => {
    const send = (language?: string) =>
      fetch(`${instance.url}/api/posts`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${admin.token}`,
          "content-type": "application/json",
          ...(language === undefined ? {} : { "accept-language": language }),
        },
        body: JSON.stringify({ kind: "request", category: "food", title: "Pa", details: "", urgency: "normal", area: "Riverside" }),
      });
    const english = await send();
    expect(english.status).toBe(400);
    expect(await english.json()).toEqual({ error: "Invalid input", fields: { title: "use at least 3 characters" } });
    const spanish = await send("es-MX,es;q=0.9");
    expect(await spanish.json()).toEqual({ error: "Datos no válidos", fields: { title: "usa al menos 3 caracteres" } });
    const missing = await fetch(`${instance.url}/api/posts/00000000-0000-4000-8000-000000000000`, { headers: { "accept-language": "es" } });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toBe("Esa publicación no existe.");
  });

  it("says the domain's 404 and 403 in Spanish and in Arabic, as Accept-Language asks", async () => {
    const member = await makePerson(instance, "member_layla", "member");
    const ask = async (path: string, language: string) => {
      const response = await fetch(`${instance.url}/api${path}`, {
        headers: { authorization: `Bearer ${member.token}`, "accept-language": language },
      });
      return { status: response.status, error: (await response.json()).error };
    };
    const decision = "/decisions/00000000-0000-4000-8000-000000000000";
    expect(await ask(decision, "es")).toEqual({ status: 404, error: "Esa decisión no existe." });
    expect(await ask(decision, "ar")).toEqual({ status: 404, error: "هذا القرار غير موجود." });
    expect(await ask("/dashboard", "es-AR")).toEqual({ status: 403, error: "Solo las personas coordinadoras ven el panel." });
    expect(await ask("/dashboard", "ar")).toEqual({ status: 403, error: "لا يرى لوحة المتابعة إلا المنسّقون." });
  });
});

describe(`dates and numbers for the reader (${testDriver})`, () => {
  it("writes numbers and days in the page's language, and moments in the member's own time zone", async () => {
    const reader = await makePerson(instance, "reader_tokyo", "member");
    expect((await api(instance, "PATCH", "/me", { as: reader, body: { timeZone: "Asia/Tokyo" } })).status).toBe(200);
    const post = await api(instance, "POST", "/posts", {
      as: reader,
      body: {
        kind: "offer",
        category: "goods",
        title: "Jars for preserves",
        details: "Clean glass jars.",
        urgency: "normal",
        area: "Riverside",
        quantity: 12_345,
        unit: "jars",
        availableUntil: dayFromNow(30),
      },
    });
    expect(post.status).toBe(201);
    const { html } = await reader.web.page(`/posts/${post.body.id}?lang=es`);
    expect(html).toContain("12.345 jars");
    const day = new Intl.DateTimeFormat("es", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${dayFromNow(30)}T00:00:00Z`));
    expect(html).toContain(day);

    const events = await reader.web.page("/events?lang=es");
    const [, iso, shown] = /<time datetime="([^"]+)">([^<]+)<\/time>/.exec(events.html)!;
    const tokyo = new Intl.DateTimeFormat("es", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Tokyo" });
    expect(shown).toBe(tokyo.format(new Date(iso!)));
  });
});

describe(`direction and the language of posts (${testDriver})`, () => {
  it("marks a post's title and details with its language, and people's text with dir=auto", async () => {
    const created = await api(instance, "POST", "/posts", {
      as: admin,
      body: {
        kind: "request",
        category: "food",
        title: "Pan para la vecina",
        details: "Dos barras.",
        urgency: "normal",
        area: "Riverside",
        language: "es",
      },
    });
    const { html } = await admin.web.page(`/posts/${created.body.id}?lang=en`);
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toMatch(/<h1 dir="auto" lang="es">Pan para la vecina<\/h1>/);
    expect(html).toMatch(/<p class="pre-line" dir="auto" lang="es">Dos barras.<\/p>/);
    expect(html).toContain("<bdi>Riverside</bdi>");
    const board = await admin.web.page("/");
    expect(board.html).toMatch(new RegExp(`<a href="/posts/${created.body.id}" dir="auto" lang="es">`));
  });

  it("serves Arabic pages right to left, with a post's own language and direction kept", async () => {
    const { html } = await new WebClient(instance.url).page("/?lang=ar");
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toMatch(/<a href="\/posts\/[^"]+" dir="auto" lang="en">Groceries for Ana<\/a>/);
  });

  it("knows which languages are written right to left", () => {
    expect(["ar", "he", "fa-IR", "en", "pt-BR"].map(directionOf)).toEqual(["rtl", "rtl", "rtl", "ltr", "ltr"]);
  });
});

describe(`choosing the language (${testDriver})`, () => {
  it("gives a reader of Portuguese from anywhere the Brazilian pages, by header and by the switch", async () => {
    const portugal = await fetch(`${instance.url}/`, { headers: { accept: "text/html", "accept-language": "pt-PT,pt;q=0.9" } });
    expect(await portugal.text()).toContain('<html lang="pt-BR" dir="ltr">');
    const switched = await fetch(`${instance.url}/?lang=pt`, { headers: { accept: "text/html" } });
    expect(await switched.text()).toContain('<html lang="pt-BR" dir="ltr">');
  });
});

describe(`the network's language (${testDriver})`, () => {
  it("serves NETWORK_LANGUAGE to a browser that asks for none of ours, and refuses one we do not have", async () => {
    const french = await startTestInstance("lyon", { NETWORK_LANGUAGE: "fr" });
    try {
      const page = await fetch(`${french.url}/`, { headers: { accept: "text/html", "accept-language": "de" } });
      expect(await page.text()).toContain('<html lang="fr" dir="ltr">');
      // A member who chose no language reads their notices in the network's, through the API too.
      await makePerson(french, "admin_ana", "admin");
      const member = await makePerson(french, "member_max", "member");
      await french.services.accounts.setRole(await french.services.members.getByUsername("admin_ana"), member.id, "coordinator");
      const told = (await api(french, "GET", "/notifications", { as: member })).body.items;
      expect(told.map((n: { text: string }) => n.text)).toContain("Votre rôle est désormais : Coordinateur.");
    } finally {
      await french.destroy();
    }
    await expect(startTestInstance("nowhere", { NETWORK_LANGUAGE: "xx" })).rejects.toThrow(/NETWORK_LANGUAGE: expects one of en, es/);
  });
});
