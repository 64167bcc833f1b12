import path from "node:path";
import { expect, test, type TestInfo } from "@playwright/test";
import { expectNoAxeViolations, hydrated, ready, waitForHydration } from "./helpers";

// Made by scripts/e2e-server.sh, one per project; the demo openings ask a
// citizenship knock-out, a multiple-choice question and an optional essay.
const candidateEmail = (testInfo: TestInfo) => `candidate-${testInfo.project.name}@techforce.test`;
const PASSWORD = "violet tractor humming lantern";

test("a candidate applies step by step, follows the application, and withdraws it", async ({ page }, testInfo) => {
  // Each project applies for a different work role's opening.
  const role = hydrated(testInfo) ? "PD-WRL-003" : "PD-WRL-007";
  await page.goto(`/jobs?role=${role}&sort=closing`);
  await ready(page, testInfo);
  await page.locator(".usa-card__heading a").first().click();
  const title = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
  await page.getByRole("link", { name: /^Apply/ }).click();
  await expect(page).toHaveURL(/\/login\?next=\/jobs\/\d+\/apply$/);
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(candidateEmail(testInfo));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();

  // Step 1: the questions. A missing answer is named on its question.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Apply: ${title}`);
  await expect(page.locator(".usa-step-indicator__heading")).toContainText("1 of 4");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByText("Yes", { exact: true }).click();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("alert")).toContainText("Please correct the errors below.");
  await expect(page.getByText("Answer this question.")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByText("Yes", { exact: true }).click();
  await page.getByText("1 to 3", { exact: true }).click();
  await page.getByLabel(/Tell us about a security problem/).fill("I found and fixed an exposed S3 bucket.");
  await page.getByRole("button", { name: "Save and continue" }).click();

  // Step 2: the résumé, a real one-page PDF, uploaded as a plain form.
  await expect(page.locator(".usa-step-indicator__heading")).toContainText("2 of 4");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByLabel("Your résumé").setInputFiles(path.join(__dirname, "..", "fixtures", "resume.pdf"));
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Your résumé is attached.")).toBeVisible();
  await expect(page.getByRole("link", { name: "resume.pdf" })).toBeVisible();
  await page.getByLabel("Cover letter (optional)").fill("I have led incident response for three years.");
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Save and continue" }).click();

  // Step 3: veterans' preference and the attestation.
  await expect(page.locator(".usa-step-indicator__heading")).toContainText("3 of 4");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByText("TP: 5-point preference").click();
  await page.getByText(/I certify that I am a U.S. citizen/).click();
  await page.getByRole("button", { name: "Save and continue" }).click();

  // Step 4: review and submit.
  await expect(page.locator(".usa-step-indicator__heading")).toContainText("4 of 4");
  await expect(page.getByText("I found and fixed an exposed S3 bucket.")).toBeVisible();
  await expect(page.getByText("TP: 5-point preference")).toBeVisible();
  await expect(page.getByText(/resume\.pdf \(PDF, 1 page/)).toBeVisible();
  await expect(page.getByText("I have led incident response for three years.")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByRole("button", { name: "Submit application" }).click();

  await expect(page).toHaveURL(/\/applications\/[0-9a-f]{32}\?submitted=1$/);
  await expect(page.getByText("Your application was submitted.")).toBeVisible();
  await expect(page.getByText(/^TF-\d{6}$/)).toBeVisible();
  await expect(page.getByText("Received", { exact: true })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  await page.getByRole("link", { name: "Your applications", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your applications" })).toBeVisible();
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByRole("link", { name: title }).click();

  await page.getByRole("link", { name: "Withdraw this application" }).click();
  await expect(page.getByRole("heading", { name: "Withdraw this application?" })).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Yes, withdraw my application" }).click();
  await expect(page.getByText("Your application was withdrawn.")).toBeVisible();
  await expect(page.getByText("Withdrawn", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Withdraw this application" })).toHaveCount(0);
});

test("a candidate keeps a profile that a new application starts from", async ({ page }, testInfo) => {
  await page.goto("/login?next=/account");
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(`profile-${testInfo.project.name}@techforce.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Your candidate profile" })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  // The profile: legal name, citizenship, default veterans' preference.
  await page.getByLabel("Legal name").fill("Patricia A. Profile");
  await page.getByText("I am a U.S. citizen or U.S. national").click();
  await page.getByText("XP: 10-point preference").click();
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Your profile was saved.")).toBeVisible();
  await expect(page.getByLabel("Legal name")).toHaveValue("Patricia A. Profile");
  await expect(page.getByText(/You stated this on \d{4}-\d{2}-\d{2}/)).toBeVisible();

  // The default résumé, uploaded as a plain form.
  await ready(page, testInfo);
  await page.getByLabel("Your résumé").setInputFiles(path.join(__dirname, "..", "fixtures", "resume.pdf"));
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Your profile résumé was saved.")).toBeVisible();
  await expect(page.getByRole("link", { name: "resume.pdf" })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  // A new application carries the profile's résumé and preference.
  const role = hydrated(testInfo) ? "PD-WRL-003" : "PD-WRL-007";
  await page.goto(`/jobs?role=${role}&sort=closing`);
  await ready(page, testInfo);
  await page.locator(".usa-card__heading a").first().click();
  await page.getByRole("link", { name: /^Apply/ }).click();
  await ready(page, testInfo);
  await page.getByText("Yes", { exact: true }).click();
  await page.getByText("1 to 3", { exact: true }).click();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.locator(".usa-step-indicator__heading")).toContainText("2 of 4");
  await expect(page.getByText("Your résumé for this application:")).toBeVisible();
  await expect(page.getByRole("link", { name: "resume.pdf" })).toBeVisible();
  await page.goto(page.url().replace("step=resume", "step=review"));
  await expect(page.getByText("Patricia A. Profile")).toBeVisible();
  await expect(page.getByText("XP: 10-point preference")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
});
