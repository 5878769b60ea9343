import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Member } from "../src/members/member.service.ts";
import { barChartSvg } from "../web/components/bar-chart.tsx";
import { expectNoAxeViolations, expectNoSidewaysScrolling, hasChromium, launchChromium, SKIP_REASON } from "./support/browser.ts";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";

// Arabic, right to left, on a 360-pixel phone: the board, a post, the post form and the
// dashboard mirror, pass axe-core, and are saved as screenshots for a reviewer to look at
// (test-results/rtl/, not committed).

if (!hasChromium) console.warn(`test/browser-rtl.test.ts ${SKIP_REASON}`);
const PASSWORD = "correct horse battery";
const SCREENSHOTS = new URL("../test-results/rtl/", import.meta.url);

let instance: TestInstance;
let browser: Browser;
let coordinator: Member;
let postId: string;

describe.skipIf(!hasChromium)(`Arabic pages in Chromium (${testDriver})${hasChromium ? "" : `, ${SKIP_REASON}`}`, () => {
  beforeAll(async () => {
    instance = await startTestInstance("eastside");
    const { services } = instance;
    await services.areas.add("حي الميناء");
    coordinator = await services.members.addMember({ username: "huda", role: "coordinator", displayName: "هدى" });
    const { url } = await services.accounts.createSetPasswordLink(coordinator);
    await services.accounts.setPasswordWithLink(url.pathname.split("/").pop()!, PASSWORD);
    const post = await services.posts.create(coordinator, {
      kind: "request",
      category: "groceries",
      title: "خبز وحليب لجارة مسنّة",
      details: "مرتين في الأسبوع، قرب مخبز Al-Amal رقم 12.",
      urgency: "high",
      area: "حي الميناء",
      language: "ar",
      quantity: 2,
      unit: "أكياس",
      contact: { name: "أم سمير", phone: "555-0101" },
    });
    postId = post.id;
    await services.posts.create(coordinator, {
      kind: "offer",
      category: "transport",
      title: "Lifts to the clinic on Tuesdays",
      area: "حي الميناء",
      language: "en",
      showAuthorName: true,
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await instance?.destroy();
  });

  /** A phone-sized page, signed in as the coordinator (through the English form), then switched to Arabic. */
  async function signedInInArabic(): Promise<Page> {
    const context = await browser.newContext({ locale: "ar", viewport: { width: 360, height: 740 } });
    context.setDefaultTimeout(5_000);
    const page = await context.newPage();
    await page.goto(`${instance.url}/sign-in?lang=en`);
    await page.getByRole("textbox", { name: "Username" }).fill(coordinator.username);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${instance.url}/`);
    await page.goto(`${instance.url}/?lang=ar`);
    return page;
  }

  it.each([
    { name: "board", path: "/" },
    { name: "post", path: "post" },
    { name: "post-form", path: "/posts/new" },
    { name: "dashboard", path: "/dashboard" },
  ])("mirrors the $name at 360 px, passes axe and is saved as a screenshot", async ({ name, path }) => {
    const page = await signedInInArabic();
    const response = await page.goto(`${instance.url}${path === "post" ? `/posts/${postId}` : path}`);
    expect(response?.status()).toBe(200);
    await expect(page.locator("html").getAttribute("dir")).resolves.toBe("rtl");
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("ar");
    // Mirrored: the network's name starts at the right edge, as Arabic reading starts there.
    const brand = await page.locator(".brand").boundingBox();
    expect(brand!.x + brand!.width).toBeGreaterThan(300);
    await expectNoAxeViolations(page, `${name} in Arabic`);
    await expectNoSidewaysScrolling(page, `${name} in Arabic`);
    await page.screenshot({ path: new URL(`ar-${name}.png`, SCREENSHOTS).pathname, fullPage: true });
    await page.context().close();
  });

  it("draws the dashboard's bar chart from the right in Arabic, and from the left in English", async () => {
    const page = await signedInInArabic();
    await page.goto(`${instance.url}/dashboard`);
    /** Where the first row's request bar (its red) starts and ends, as the browser paints the chart. */
    const firstBar = () =>
      page
        .locator("img.chart")
        .first()
        .evaluate(async (img: HTMLImageElement) => {
          await img.decode();
          const canvas = document.createElement("canvas");
          canvas.width = img.naturalWidth;
          canvas.height = img.naturalHeight;
          const context = canvas.getContext("2d")!;
          context.drawImage(img, 0, 0);
          const row = context.getImageData(0, 34, canvas.width, 1).data;
          const red: number[] = [];
          for (let x = 0; x < canvas.width; x++) if (row[x * 4]! > 140 && row[x * 4 + 1]! < 40 && row[x * 4 + 2]! < 40) red.push(x);
          return { from: Math.min(...red), to: Math.max(...red), width: canvas.width };
        });
    const arabic = await firstBar();
    expect(arabic.to, "the bar ends where the labels start, at the right").toBeGreaterThan(arabic.width * 0.6);
    await page.goto(`${instance.url}/dashboard?lang=en`);
    const english = await firstBar();
    expect(english.from, "in English it starts at the left, after the labels").toBeLessThan(english.width * 0.4);
    expect(arabic.to).toBe(english.width - english.from - 1);
    await page.context().close();
  });
});

describe("the bar chart's SVG", () => {
  it("mirrors right to left: the first bar grows leftwards from the right, its label and numbers stay upright text", () => {
    const rows = [{ label: "طعام", requests: 4, offers: 2 }];
    const labels = { requests: "طلبات", offers: "عروض" };
    const rtl = barChartSvg(rows, labels, "rtl");
    const ltr = barChartSvg(rows, labels, "ltr");
    const firstBar = (svg: string) => /<rect x="([\d.]+)" y="28" width="([\d.]+)"/.exec(svg)!.slice(1).map(Number);
    const [rtlX, rtlWidth] = firstBar(rtl.svg);
    const [ltrX, ltrWidth] = firstBar(ltr.svg);
    expect(rtlWidth).toBe(ltrWidth);
    expect(rtlX! + rtlWidth!, "ends at the right, where the labels are").toBe(rtl.width - ltrX!);
    expect(rtlX!).toBeGreaterThan(0);
    expect(rtl.svg).toContain('direction="rtl"');
    expect(rtl.svg).not.toContain("scale(-1");
  });
});
