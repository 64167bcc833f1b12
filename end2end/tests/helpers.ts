import { expect, type Page, type TestInfo } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const hydrated = (testInfo: TestInfo) => testInfo.project.name === "hydrated";

/**
 * Waits until the page is ready for a person to use: hydrated when
 * JavaScript is on; fully loaded (styles and fonts in place, so nothing
 * moves under the pointer) when it is off.
 */
export async function ready(page: Page, testInfo: TestInfo) {
  if (hydrated(testInfo)) await waitForHydration(page);
  else await page.waitForLoadState("load");
}

/** Waits until the browser has taken over the server-rendered page. */
export async function waitForHydration(page: Page) {
  // Generous: the WASM bundle loads and starts while other tests run.
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 20_000 });
}

/**
 * Scans the page with axe-core for WCAG 2.0/2.1 A and AA violations and fails
 * with their descriptions. axe needs JavaScript, so this only runs in the
 * hydrated project (the no-JS project checks the journeys themselves).
 */
export async function expectNoAxeViolations(page: Page, testInfo: TestInfo) {
  if (!hydrated(testInfo)) return;
  await keepScreenshot(page, testInfo);
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(summary, "axe-core violations").toEqual([]);
}

const screenshots = new WeakMap<TestInfo, number>();

/**
 * Saves the whole page as the scan sees it among the test's output
 * (end2end/test-results/, ignored by git), numbered in journey order, so a
 * reviewer can look at every page the journeys check.
 */
async function keepScreenshot(page: Page, testInfo: TestInfo) {
  const n = (screenshots.get(testInfo) ?? 0) + 1;
  screenshots.set(testInfo, n);
  const where = new URL(page.url()).pathname.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "home";
  await page.screenshot({
    path: testInfo.outputPath(`${String(n).padStart(2, "0")}-${where}.png`),
    fullPage: true,
  });
}
