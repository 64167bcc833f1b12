import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, hydrated, ready, waitForHydration } from "./helpers";

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

test("the banner disclosure opens only once the page is hydrated", async ({ page }, testInfo) => {
  await page.goto("/");
  const button = page.getByRole("button", { name: "Here’s how you know" });
  const details = page.getByText("Official websites use .gov");
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await expect(details).toBeHidden();

  if (hydrated(testInfo)) {
    await waitForHydration(page);
    await button.click();
    await expect(button).toHaveAttribute("aria-expanded", "true");
    await expect(details).toBeVisible();
    await expectNoAxeViolations(page, testInfo);
    await button.click();
    await expect(details).toBeHidden();
  } else {
    // Without JavaScript the server-rendered button has no behaviour: the
    // disclosure above works because hydration attached it.
    await button.click();
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await expect(details).toBeHidden();
  }
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
  await page.goto("/");
  // USWDS's banner flag is a 16px image; its fonts and styles come from /uswds.
  const fontFamily = await page.locator("body").evaluate((el) => getComputedStyle(el).fontFamily);
  expect(fontFamily.toLowerCase()).toContain("source sans pro");
  await ready(page, testInfo);
  expect(violations).toEqual([]);
});
