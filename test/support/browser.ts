import { existsSync } from "node:fs";
import axe from "axe-core";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";

// Debian's Chromium, driven by playwright-core, for the browser tests. CI has none: those
// tests are skipped there, with the reason printed.

export const CHROMIUM = "/usr/bin/chromium";

declare global {
  /** In a page, once `expectNoAxeViolations` has injected axe-core's source. */
  interface Window {
    axe: typeof axe;
  }
}
export const hasChromium = existsSync(CHROMIUM);
export const SKIP_REASON = `skipped: no Chromium at ${CHROMIUM} (apt-get install --no-install-recommends chromium; CI installs it)`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Runs axe-core on the page as it is now. Violations fail, and so do the results axe could
 * not decide ("needs review"): so far each of those has been a real fault (an
 * aria-labelledby naming no element, text running out of its box). Every one is listed
 * with its rule id and the elements it names, so that it can be fixed.
 *
 * axe-core runs in the page itself, injected once. @axe-core/playwright injected it twice
 * and then again into a new blank page to merge the results of frames, which our pages do
 * not have: 1.6 s a page against 0.75 s, over the 75 pages of test/browser.test.ts. Only
 * violations and undecided results come back; the passes would be serialised for nothing.
 */
export async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  await page.evaluate(axe.source);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations", "incomplete"] }));
  const describe = (kind: string, found: typeof results.violations) =>
    found.map(
      (result) =>
        `${kind}: ${result.id} [${result.impact ?? "no impact"}] ${result.help} (${result.helpUrl})\n` +
        result.nodes.map((node) => `    at ${node.target.join(" >> ")}: ${(node.failureSummary ?? "").replaceAll("\n", " ")}`).join("\n"),
    );
  const report = [...describe("violation", results.violations), ...describe("needs review", results.incomplete)].join("\n");
  expect(report, `axe-core found accessibility problems on ${what} (${page.url()})`).toBe("");
}

/** The page, as it is now, fits the width of a small phone: nothing makes it scroll sideways. */
export async function expectNoSidewaysScrolling(page: Page, what: string): Promise<void> {
  await page.setViewportSize({ width: 360, height: 740 });
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(clientWidth).toBe(360);
  expect(scrollWidth, `${what} is wider than a 360-pixel screen`).toBeLessThanOrEqual(360);
}
