import { expect, test, type Locator, type Page, type TestInfo } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const hydrated = (testInfo: TestInfo) => testInfo.project.name === "hydrated";

/**
 * Waits until the page is ready for a person to use: hydrated when
 * JavaScript is on, unless it is one of the job board's plain pages
 * (`data-page="board"`, which load no application code); otherwise fully
 * loaded (styles, fonts and the board's deferred script in place, so
 * nothing moves under the pointer).
 */
export async function ready(page: Page, testInfo: TestInfo) {
  if (hydrated(testInfo) && !(await isBoardPage(page))) await waitForHydration(page);
  else await page.waitForLoadState("load");
}

/** Whether the page was served as one of the job board's plain pages. */
export async function isBoardPage(page: Page) {
  return (await page.locator("html").getAttribute("data-page")) === "board";
}

/**
 * Waits until the browser has taken over the server-rendered page. If it
 * never does, the test's output gets what is needed to find out why: the
 * page's console and errors, the resources it loaded (with their status),
 * the page as the browser holds it, and the page as the server sends it.
 */
export async function waitForHydration(page: Page) {
  try {
    // Generous: the WASM bundle loads and starts while other tests run.
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 20_000 });
  } catch (error) {
    await describeFailedHydration(page);
    throw error;
  }
}

async function describeFailedHydration(page: Page) {
  const info = test.info();
  const report: string[] = [`URL: ${page.url()}`];
  try {
    report.push("Console:", ...(await page.consoleMessages()).map((m) => `  ${m.type()}: ${m.text()}`));
    report.push("Page errors:", ...(await page.pageErrors()).map((e) => `  ${e.stack ?? e.message}`));
    const resources = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .map((r) => {
          const entry = r as PerformanceResourceTiming;
          return `  ${entry.responseStatus} ${Math.round(entry.duration)} ms ${entry.transferSize} B ${entry.name}`;
        }),
    );
    report.push("Resources:", ...resources);
    await info.attach("page-as-held.html", { body: await page.content(), contentType: "text/html" });
    const served = await page.request.get(page.url(), { headers: { accept: "text/html" } });
    await info.attach("page-as-served.html", { body: await served.text(), contentType: "text/html" });
    report.push(`Served again: ${served.status()}`);
  } catch (inner) {
    report.push(`(while describing: ${inner})`);
  }
  await info.attach("hydration-failure.txt", { body: report.join("\n"), contentType: "text/plain" });
  console.error(`Never hydrated:\n${report.join("\n")}`);
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

/** Signs in from `/login?next=…` as a person would, with the form. */
export async function signIn(page: Page, testInfo: TestInfo, email: string, next: string) {
  await page.context().clearCookies();
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The password of every account the browser tests make. */
export const PASSWORD = "violet tractor humming lantern";

/**
 * Presses Tab (and, inside a radio group, the arrow keys) until `target` has
 * the focus, as someone without a mouse would, and checks that the focus
 * can be seen. Fails if Tab never gets there.
 */
export async function tabTo(page: Page, target: Locator, most = 120) {
  const element = await target.elementHandle();
  expect(element, "the element to reach with the keyboard").not.toBeNull();
  const where = () =>
    page.evaluate((el) => {
      const active = document.activeElement as HTMLInputElement | null;
      if (active === el) return "there";
      const input = el as HTMLInputElement;
      // Tab enters a radio group once; the arrows move within it.
      if (active?.type === "radio" && input.type === "radio" && active.name === input.name) return "group";
      return "elsewhere";
    }, element);
  for (let presses = 0; presses < most; presses++) {
    await page.keyboard.press("Tab");
    const at = await where();
    if (at === "group") {
      for (let arrows = 0; arrows < 20 && (await where()) !== "there"; arrows++) {
        await page.keyboard.press("ArrowDown");
      }
    }
    if ((await where()) === "there") {
      await expectVisibleFocus(page);
      return;
    }
  }
  throw new Error(`Tab never reached ${target}`);
}

/**
 * The focused element shows a focus ring: its own outline, or for USWDS
 * radios and checkboxes (the input is off screen) the outline drawn on its
 * label's box.
 */
export async function expectVisibleFocus(page: Page) {
  const ring = await page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    if (!active || active === document.body) return "nothing is focused";
    const outline = (style: CSSStyleDeclaration) =>
      style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const input = active as HTMLInputElement;
    if (input.type === "radio" || input.type === "checkbox") {
      const label = input.id ? document.querySelector(`label[for="${input.id}"]`) : null;
      return label && outline(getComputedStyle(label, "::before")) ? "visible" : `no ring on ${input.id}`;
    }
    return outline(getComputedStyle(active)) ? "visible" : `no ring on ${active.outerHTML.slice(0, 80)}`;
  });
  expect(ring, "the keyboard focus is visible").toBe("visible");
}
