import { expect, test, type TestInfo } from "@playwright/test";
import { expectNoAxeViolations, hydrated, ready, waitForHydration } from "./helpers";

// Made by scripts/e2e-server.sh with `techforce user create`, one per
// project so that the hydrated and no-JS runs never share sessions.
const staffEmail = (testInfo: TestInfo) => `staff-${testInfo.project.name}@techforce.test`;
const STAFF_PASSWORD = "violet tractor humming lantern";

test("staff sign in, see their account, and sign out", async ({ page }, testInfo) => {
  await page.goto("/");
  await ready(page, testInfo);
  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveTitle("Sign in | Tech Force Portal");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  await page.getByLabel("Email address").fill(staffEmail(testInfo));
  await page.getByLabel("Password").fill(STAFF_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await expect(page.getByText(staffEmail(testInfo), { exact: true })).toBeVisible();
  await expect(page.getByText("Program staff")).toBeVisible();
  await expect(page.getByRole("cell", { name: "This device" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Your account/ })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  await page.getByRole("main").getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?next=\/account$/);
});

test("a wrong password is refused with a message and no session", async ({ page }, testInfo) => {
  await page.goto("/login");
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(staffEmail(testInfo));
  await page.getByLabel("Password").fill("not the right password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("The email address or password is incorrect.");
  await expect(page).toHaveURL(/\/login/);
  await expectNoAxeViolations(page, testInfo);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?next=\/account$/);
});

test("an email that is not an address is flagged on its field", async ({ page }, testInfo) => {
  await page.goto("/login");
  await ready(page, testInfo);
  // The browser's own check would stop "not-an-email"; turn it off to see
  // the server's answer, which is what counts.
  await page.locator("form").evaluate((form) => form.setAttribute("novalidate", ""));
  await page.getByLabel("Email address").fill("not-an-email");
  await page.getByLabel("Password").fill("whatever it is here");
  await page.getByRole("button", { name: "Sign in" }).click();
  const email = page.getByLabel("Email address");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#email-error")).toContainText("Enter an email address like name@example.gov.");
  await expect(email).toHaveAttribute("aria-describedby", "email-error");
  await expectNoAxeViolations(page, testInfo);
});
