import { describe, expect, it } from "vitest";
import { mayEdit, mayPropose, mayRead, nextRevision, staleSaveReason } from "../src/handbook/handbook.rules.ts";
import { savePageSchema } from "../src/handbook/handbook.schema.ts";
import { renderPage } from "../src/handbook/markdown.ts";
import { diffText } from "../src/handbook/page-diff.ts";
import { seedPagesFor } from "../src/handbook/seed/seed-pages.ts";
import type { Member } from "../src/members/member.service.ts";

// Plain unit tests of the handbook's rules: revisions, conflicts, who reads what, rendering
// and sanitising, and the difference between revisions. No HTTP, no database.

function member(role: Member["role"], status: Member["status"] = "active"): Member {
  return { id: "m1", username: "someone", role, status, treasurer: false } as Member;
}

describe("revisions and conflicts", () => {
  it("a new page starts at revision 1 and each save adds one", () => {
    expect(nextRevision(null)).toBe(1);
    expect(nextRevision(1)).toBe(2);
    expect(nextRevision(41)).toBe(42);
  });

  it("a save from the current revision goes ahead, and a first save needs no base", () => {
    expect(staleSaveReason(null, undefined)).toBeNull();
    expect(staleSaveReason(3, 3)).toBeNull();
  });

  it("a save from an older revision is refused, naming both revisions", () => {
    expect(staleSaveReason(4, 2)).toBe("the page was saved by someone else since revision 2; it is at revision 4");
  });

  it("a save without a base over a page that exists is refused: its writer never read it", () => {
    expect(staleSaveReason(1, undefined)).toMatch(/already exists \(revision 1\)/);
  });

  it("a save with a base for a page that does not exist is refused", () => {
    expect(staleSaveReason(null, 2)).toMatch(/does not exist/);
  });
});

describe("who reads and who writes", () => {
  it("public pages are for everyone, members' pages for active members, coordinators' pages for coordinators and admins", () => {
    const viewers = [null, member("member", "pending"), member("member"), member("coordinator"), member("admin")];
    expect(viewers.map((v) => mayRead(v, "public"))).toEqual([true, true, true, true, true]);
    expect(viewers.map((v) => mayRead(v, "members"))).toEqual([false, false, true, true, true]);
    expect(viewers.map((v) => mayRead(v, "coordinators"))).toEqual([false, false, false, true, true]);
  });

  it("coordinators and admins write; members propose edits to pages they can read", () => {
    expect([member("member"), member("coordinator"), member("admin")].map((m) => mayEdit(m))).toEqual([false, true, true]);
    // A member who convenes a working group writes pages too.
    expect(mayEdit(member("member"), true)).toBe(true);
    expect(mayEdit(null, true)).toBe(false);
    expect(mayPropose(member("member"), "members")).toBe(true);
    expect(mayPropose(member("member"), "coordinators")).toBe(false);
    expect(mayPropose(null, "public")).toBe(false);
  });

  it("a page's address is lowercase words with hyphens, and the handbook's own addresses are refused", () => {
    const base = { title: "T", body: "", visibility: "public" };
    expect(savePageSchema.parse({ ...base, slug: "How-To-Ask" }).slug).toBe("how-to-ask");
    expect(savePageSchema.parse({ ...base, slug: "cómo-pedir" }).slug).toBe("cómo-pedir");
    for (const slug of ["two--hyphens", "-lead", "with space", "a/b", "new", "proposals"]) {
      expect(savePageSchema.safeParse({ ...base, slug }).success, slug).toBe(false);
    }
  });
});

describe("rendering pages safely", () => {
  it("script tags and other raw HTML in the Markdown are shown as text, never run", () => {
    const { html } = renderPage('Hello <script>alert(1)</script> <img src=x onerror="alert(2)"> <b>bold</b>');
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain("&lt;script&gt;");
  });

  it("javascript:, data: and vbscript: links are not links", () => {
    for (const href of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>", "vbscript:msgbox(1)"]) {
      expect(renderPage(`[click](${href})`).html, href).not.toContain("<a");
    }
    expect(renderPage("[click](javascript&#58;alert(1))").html).not.toMatch(/href="javascript/i);
  });

  it("links to other pages and to the web work; outside links get rel=nofollow", () => {
    const { html } = renderPage("See [privacy](/handbook/privacy) and [the city](https://example.org/help).");
    expect(html).toContain('<a href="/handbook/privacy">privacy</a>');
    expect(html).toContain('<a href="https://example.org/help" rel="nofollow noopener noreferrer">the city</a>');
  });

  it("headings get anchors for the table of contents; the page's title is its only first-level heading", () => {
    const { html, toc } = renderPage("# Start\n\ntext\n\n## What to do\n\n### Step one\n\n## What to do\n");
    expect(html).toContain('<h2 id="h-start">Start</h2>');
    expect(toc).toEqual([
      { level: 2, id: "h-start", text: "Start" },
      { level: 2, id: "h-what-to-do", text: "What to do" },
      { level: 3, id: "h-step-one", text: "Step one" },
      { level: 2, id: "h-what-to-do-2", text: "What to do" },
    ]);
  });

  it("images are not loaded from other servers", () => {
    expect(renderPage("![a tracker](https://tracker.example/pixel.png)").html).not.toContain("<img");
  });
});

describe("the difference between revisions", () => {
  it("marks removed and added lines, in reading order, and keeps the rest", () => {
    expect(diffText("one\ntwo\nthree\n", "one\n2\nthree\nfour\n")).toEqual([
      { change: "same", text: "one" },
      { change: "removed", text: "two" },
      { change: "added", text: "2" },
      { change: "same", text: "three" },
      { change: "added", text: "four" },
    ]);
  });
});

describe("starter pages", () => {
  it("come in English and Spanish, each with a welcome page, linking only to pages of the same set", () => {
    for (const language of ["en", "es"]) {
      const seed = seedPagesFor(language);
      const slugs = seed.pages.map((page) => page.slug);
      expect(slugs).toContain(seed.welcome);
      const links = seed.pages.flatMap((page) => [...page.body.matchAll(/\]\(\/handbook\/([^)]+)\)/g)].map((m) => m[1]));
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) expect(slugs, `${language}: ${link}`).toContain(link);
    }
    expect(seedPagesFor("es").pages[0]!.title).toBe("Bienvenida");
    expect(seedPagesFor("fr").welcome).toBe("welcome");
  });
});
