import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, ready } from "./helpers";

const PASSWORD = "violet tractor humming lantern";

test("staff rate the assessed applicants, filter the ranking, note and refer one", async ({ page }, testInfo) => {
  await page.goto("/login?next=/manage");
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(`staff-${testInfo.project.name}@techforce.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Hiring" })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  // The demo opening with the seeded applicants (six or more).
  const row = page
    .locator("tbody tr")
    .filter({ has: page.locator('td[data-label="Applicants"]', { hasText: /^([6-9]|\d\d+)$/ }) })
    .first();
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 2, name: "Ranking" })).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Rate assessed applicants by the pass mark" }).click();
  await expect(page.getByText("Rated the assessed applicants")).toBeVisible();
  await expect(page.getByRole("cell", { name: "Best Qualified" }).first()).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  // Best Qualified only: the disabled veteran (CPS) is placed there too.
  await page.getByLabel("Category").selectOption("best");
  await page.getByRole("button", { name: "Show applicants" }).click();
  await expect(page).toHaveURL(/category=best/);
  await expect(page.getByRole("link", { name: "Marcus Webb" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Lena Ortiz" })).toHaveCount(0);
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  // One applicant per browser project, so the two runs don't collide.
  const name = testInfo.project.name === "hydrated" ? "Jordan Ellis" : "Priya Raman";
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(name) })).toBeVisible();
  await expect(page.getByText(/^Score \d+ of \d+/)).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  const note = `Strong log analysis (${testInfo.project.name})`;
  await page.getByLabel("Add a note").fill(note);
  await page.getByRole("button", { name: "Add the note" }).click();
  await expect(page.getByText("Your note was added.")).toBeVisible();
  await expect(page.getByText(note)).toBeVisible();
  await ready(page, testInfo);

  await page.getByLabel("Refer", { exact: true }).check();
  await page.getByRole("button", { name: "Move and notify the candidate" }).click();
  await expect(page.getByText("The application was moved and the candidate notified.")).toBeVisible();
  await expect(page.getByText("Referred to hiring managers").first()).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
});
