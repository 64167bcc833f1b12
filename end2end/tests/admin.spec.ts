import { expect, test, type TestInfo } from "@playwright/test";
import { expectNoAxeViolations, hydrated, ready, waitForHydration } from "./helpers";

const PASSWORD = "violet tractor humming lantern";
const staffEmail = (testInfo: TestInfo) => `staff-${testInfo.project.name}@techforce.test`;

test("staff find an account and change its role", async ({ page, browser }, testInfo) => {
  // Someone to manage: a fresh candidate.
  const email = `morgan-${testInfo.project.name}-${Date.now()}@example.com`;
  const other = await browser.newPage();
  await other.goto("/signup");
  await ready(other, testInfo);
  await other.getByLabel("Full name").fill("Morgan Manager");
  await other.getByLabel("Email address").fill(email);
  await other.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await other.getByRole("button", { name: "Create account" }).click();
  await expect(other.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await other.close();

  await page.goto("/login?next=/admin/users");
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(staffEmail(testInfo));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("heading", { level: 1, name: "Accounts" })).toBeVisible();

  await page.getByLabel("Search accounts by email or name").fill(email);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("1 account found.")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  await page.getByLabel(`Role of ${email}`).selectOption("hiring_manager");
  await page.getByRole("button", { name: `Change role of ${email}` }).click();
  await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("hiring_manager");
});

test("a candidate is refused the staff pages", async ({ page }, testInfo) => {
  const email = `casey-${testInfo.project.name}-${Date.now()}@example.com`;
  await page.goto("/signup");
  await ready(page, testInfo);
  await page.getByLabel("Full name").fill("Casey Candidate");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto("/login");
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("link", { name: "Accounts" })).toHaveCount(0);

  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("alert")).toContainText("You don’t have access");
});
