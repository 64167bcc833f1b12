import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, hydrated, ready, waitForHydration } from "./helpers";
import { linkIn, waitForMail } from "./mail";

const PASSWORD = "violet tractor humming lantern";

test("a candidate signs up, confirms the address from the email, and signs in", async ({ page }, testInfo) => {
  const email = `casey-${testInfo.project.name}-${Date.now()}@example.com`;
  await page.goto("/signup");
  await expect(page).toHaveTitle("Create an account | Tech Force Portal");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  // A weak password first: the error is tied to its field.
  await page.getByLabel("Full name").fill("Casey Candidate");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("passwordpassword1");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#password-error")).toBeVisible();
  await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page, testInfo);

  await page.getByLabel("Full name").fill("Casey Candidate");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  const message = await waitForMail(email, "Confirm your email address");
  await page.goto(linkIn(message));
  await expect(page.getByText("Your email address is confirmed.")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  await page.goto("/login");
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText("Candidate", { exact: true })).toBeVisible();
  await expect(page.getByText("not verified yet")).toHaveCount(0);
});

test("a forgotten password is reset from the emailed link", async ({ page }, testInfo) => {
  const email = `robin-${testInfo.project.name}-${Date.now()}@example.com`;
  await page.goto("/signup");
  await ready(page, testInfo);
  await page.getByLabel("Full name").fill("Robin Reset");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await waitForMail(email, "Confirm your email address");

  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveTitle("Forgot your password | Tech Force Portal");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByText("If an account uses that address")).toBeVisible();

  const link = linkIn(await waitForMail(email, "Choose a new password"));
  await page.goto(link);
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  const fresh = "quiet orchard beneath copper skies";
  await page.getByLabel("New password").fill(fresh);
  await page.getByRole("button", { name: "Save my new password" }).click();
  await expect(page).toHaveURL(/\/login\?reset=1$/);
  await expect(page.getByText("Your password was changed.")).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(fresh);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
});
