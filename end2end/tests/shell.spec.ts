import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, hydrated, isBoardPage, ready } from "./helpers";

test("the home page shows the government shell and passes axe", async ({ page }, testInfo) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle("Home | Tech Force Portal");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByText("An official website of the United States government")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Primary navigation" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Tech Force");
  await expect(page.getByRole("contentinfo")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
});

// The job board's pages are plain HTML with the design system's own script
// for the banner and the menu; every other page is the hydrated application,
// which does the same itself. Both kinds, with and without JavaScript.
for (const [kind, path] of [
  ["a job board page", "/jobs"],
  ["an application page", "/login"],
]) {
  test(`the banner disclosure opens with JavaScript on ${kind}`, async ({ page }, testInfo) => {
    await page.goto(path);
    expect(await isBoardPage(page)).toBe(path === "/jobs");
    const button = page.getByRole("button", { name: "Here’s how you know" });
    const details = page.getByText("Official websites use .gov");
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await expect(details).toBeHidden();
    await ready(page, testInfo);

    if (hydrated(testInfo)) {
      await button.click();
      await expect(button).toHaveAttribute("aria-expanded", "true");
      await expect(details).toBeVisible();
      await expectNoAxeViolations(page, testInfo);
      await button.click();
      await expect(button).toHaveAttribute("aria-expanded", "false");
      await expect(details).toBeHidden();
    } else {
      // Without JavaScript the server-rendered button has no behaviour: the
      // disclosure above works because a script attached it.
      await button.click();
      await expect(button).toHaveAttribute("aria-expanded", "false");
      await expect(details).toBeHidden();
    }
  });

  test(`on a narrow screen the menu opens and closes on ${kind}`, async ({ page }, testInfo) => {
    test.skip(!hydrated(testInfo), "the menu button needs JavaScript");
    await page.setViewportSize({ width: 400, height: 800 });
    await page.goto(path);
    await ready(page, testInfo);
    const nav = page.getByRole("navigation", { name: "Primary navigation" });
    const findJob = nav.getByRole("link", { name: "Find a job" });
    await expect(findJob).toBeHidden();
    const menu = page.getByRole("button", { name: "Menu", exact: true });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await menu.click();
    await expect(findJob).toBeVisible();
    await expectNoAxeViolations(page, testInfo);
    await nav.getByRole("button", { name: "Close menu" }).click();
    await expect(findJob).toBeHidden();
  });
}

test("the job board loads no application code; signing in does", async ({ page }, testInfo) => {
  const wasm: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith(".wasm")) wasm.push(new URL(request.url()).pathname);
  });
  for (const path of ["/", "/jobs", "/jobs?q=analyst"]) {
    await page.goto(path);
    await ready(page, testInfo);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  const opening = page.getByRole("link", { name: /Analyst/ }).first();
  await opening.click();
  await expect(page).toHaveURL(/\/jobs\/\d+$/);
  await ready(page, testInfo);
  expect(await isBoardPage(page)).toBe(true);
  expect(wasm).toEqual([]);

  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login/);
  await ready(page, testInfo);
  expect(await isBoardPage(page)).toBe(false);
  // (Asked for even with JavaScript off: the page preloads it.)
  expect(wasm.length).toBeGreaterThan(0);
});

test("the skip link is the first stop and moves focus to the main content", async ({ page }, testInfo) => {
  await page.goto("/");
  await ready(page, testInfo);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main-content$/);
  await expect(page.locator("main#main-content")).toBeFocused();
});

test("an unknown address gets the not-found page with status 404", async ({ page }, testInfo) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle("Page not found | Tech Force Portal");
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "home page" })).toHaveAttribute("href", "/");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
});

test("the page loads and runs under the content security policy without errors", async ({ page }, testInfo) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") violations.push(message.text());
  });
  page.on("pageerror", (error) => violations.push(error.message));
  // A board page (the design system's script) and an application page
  // (the WebAssembly).
  for (const path of ["/", "/login"]) {
    await page.goto(path);
    // USWDS's banner flag is a 16px image; its fonts and styles come from /uswds.
    const fontFamily = await page.locator("body").evaluate((el) => getComputedStyle(el).fontFamily);
    expect(fontFamily.toLowerCase()).toContain("source sans pro");
    await ready(page, testInfo);
  }
  expect(violations).toEqual([]);
});

test("a board page kept by the server comes gzip-compressed with its own nonce, and runs", async ({ page }, testInfo) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") violations.push(message.text());
  });
  page.on("pageerror", (error) => violations.push(error.message));
  // The first visit renders the page and the server keeps it. An opening
  // changed by a test running beside this one ends every kept page, so
  // the visit after it renders again: a few tries.
  let kept: Awaited<ReturnType<typeof page.goto>> = null;
  for (let tries = 0; tries < 6 && !kept; tries++) {
    const response = await page.goto("/jobs?q=analyst");
    if (response?.headers()["x-techforce-cache"] === "hit") kept = response;
  }
  expect(kept, "a visit served from the kept page").not.toBeNull();
  expect(kept?.headers()["content-encoding"]).toBe("gzip");
  await expect(page.getByRole("heading", { level: 2, name: /found/ })).toBeVisible();
  await ready(page, testInfo);
  if (hydrated(testInfo)) {
    // The design system's script ran: its nonce is this answer's.
    const button = page.getByRole("button", { name: "Here’s how you know" });
    await button.click();
    await expect(button).toHaveAttribute("aria-expanded", "true");
  }
  expect(violations).toEqual([]);
});
