import path from "node:path";
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, ready } from "./helpers";

const PASSWORD = "violet tractor humming lantern";

test("staff write a challenge and preview it as a candidate would see it", async ({ page }, testInfo) => {
  await page.goto("/login?next=/admin/challenges/new");
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(`staff-${testInfo.project.name}@techforce.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New challenge" })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  // A broken pattern is named on its field.
  const title = `Decode the beacon (${testInfo.project.name})`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Task").fill("The **beacon** says `ZmxhZ3t4fQ==`. What does it say?");
  await page.getByLabel("How answers are checked").selectOption("regex");
  await page.getByLabel("Accepted answer or pattern").fill("flag{(x");
  await page.getByRole("button", { name: "Save challenge" }).click();
  await expect(page.getByText("That regular expression is not valid")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  // Without JavaScript the form comes back empty: fill it in again.
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Task").fill("The **beacon** says `ZmxhZ3t4fQ==`. What does it say?");
  await page.getByLabel("How answers are checked").selectOption("regex");
  await page.getByLabel("Accepted answer or pattern").fill("flag\\{x\\}");
  await page.getByRole("button", { name: "Save challenge" }).click();
  await expect(page.getByText("The challenge was saved.")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  await page.getByRole("link", { name: "Preview it as a candidate would see it" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.locator("strong", { hasText: "beacon" })).toBeVisible();
  await expect(page.getByText("Answer key (staff only)")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
});

test("a candidate takes the assessment of an application and hands it in", async ({ page }, testInfo) => {
  await page.goto("/jobs?sort=closing");
  await ready(page, testInfo);
  await page.locator(".usa-card__heading a").first().click();
  await page.getByRole("link", { name: /^Apply/ }).click();
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(`assess-${testInfo.project.name}@techforce.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".usa-step-indicator__heading")).toContainText("1 of 4");
  await ready(page, testInfo);
  await page.getByText("Yes", { exact: true }).click();
  await page.getByText("1 to 3", { exact: true }).click();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.locator(".usa-step-indicator__heading")).toContainText("2 of 4");
  await ready(page, testInfo);
  await page.getByLabel("Your résumé").setInputFiles(path.join(__dirname, "..", "fixtures", "resume.pdf"));
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Your résumé is attached.")).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.locator(".usa-step-indicator__heading")).toContainText("3 of 4");
  await ready(page, testInfo);
  await page.getByText(/I certify that I am a U.S. citizen/).click();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.locator(".usa-step-indicator__heading")).toContainText("4 of 4");
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Submit application" }).click();
  await expect(page.getByText("Your application was submitted.")).toBeVisible();

  // The rules, then the clock starts.
  await ready(page, testInfo);
  await page.getByRole("link", { name: "Go to your assessment" }).click();
  await expect(page.getByRole("heading", { name: "Before you start" })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByRole("button", { name: "Start the assessment" }).click();
  await expect(page.getByRole("timer")).toContainText("left");
  await expect(page.getByRole("heading", { level: 2, name: "Who got in?" })).toBeVisible();
  await expect(page.getByRole("link", { name: "auth.log" })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  // A right answer, a wrong one, a hint.
  await page.getByText("SHA-256", { exact: true }).click();
  await page.getByRole("button", { name: "Submit answer to “Which hash for integrity?”" }).click();
  await expect(page.getByText("Correct: “Which hash for integrity?” is solved.")).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel("Your answer to “Name the weakness”").fill("buffer overflow");
  await page.getByRole("button", { name: "Submit answer to “Name the weakness”" }).click();
  await expect(page.getByText("That answer to “Name the weakness” is not right.")).toBeVisible();
  await expect(page.getByText("2 attempts left")).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Show hint 1 for “Name the weakness” (costs 10 points)" }).click();
  await expect(page.getByText("Its CWE number is 79.")).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel("Your answer to “Name the weakness”").fill("Cross-site scripting");
  await page.getByRole("button", { name: "Submit answer to “Name the weakness”" }).click();
  await expect(page.getByText("Correct: “Name the weakness” is solved.")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  await page.getByText(/I have finished: hand in my assessment now/).click();
  await page.getByRole("button", { name: "Hand in the assessment" }).click();
  await expect(page.getByRole("heading", { name: "Your assessment is complete" })).toBeVisible();
  await expect(page.getByText("You solved 2 of 5 challenges.", { exact: false })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByRole("link", { name: "Back to your application" }).click();
  await expect(page.getByText("Assessed", { exact: true }).first()).toBeVisible();
});
