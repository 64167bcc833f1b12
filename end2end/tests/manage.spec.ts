import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, ready, signIn } from "./helpers";

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

test("staff assign a hiring manager, who interviews, scores and selects the referred applicant", async ({ page }, testInfo) => {
  const project = testInfo.project.name;
  const name = project === "hydrated" ? "Jordan Ellis" : "Priya Raman";
  const signInTo = async (email: string, next: string) => {
    await signIn(page, testInfo, email, next);
    await expect(page.getByRole("heading", { level: 1, name: "Hiring" })).toBeVisible();
    await ready(page, testInfo);
  };
  const seededOpening = page
    .locator("tbody tr")
    .filter({ has: page.locator('td[data-label="Applicants"]', { hasText: /^([6-9]|\d\d+)$/ }) })
    .first();

  // Staff put the manager on the opening with the seeded applicants.
  await signInTo(`staff-${project}@techforce.test`, "/manage");
  await seededOpening.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 2, name: "Ranking" })).toBeVisible();
  const id = page.url().match(/\/manage\/openings\/(\d+)/)?.[1];
  expect(id).toBeTruthy();
  await page.goto(`/admin/jobs/${id}`);
  await ready(page, testInfo);
  const manager = `Mia Manager (manager-${project}@techforce.test)`;
  await page.getByLabel("Assign a hiring manager").selectOption({ label: manager });
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByText(manager)).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  // The manager sees the opening and the applicant staff referred.
  await signInTo(`manager-${project}@techforce.test`, "/manage");
  await expectNoAxeViolations(page, testInfo);
  await seededOpening.getByRole("link").click();
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(name) })).toBeVisible();
  await ready(page, testInfo);
  const action = page.getByRole("group", { name: "Action" });
  await action.getByLabel("Move to interview").check();
  await page.getByRole("button", { name: "Move and notify the candidate" }).click();
  await expect(page.getByText("The application was moved and the candidate notified.")).toBeVisible();
  await ready(page, testInfo);

  // A structured scorecard: every competency rated, with evidence.
  for (const competency of ["Technical knowledge", "Analysis and problem solving", "Incident judgement", "Communication", "Teamwork"]) {
    const group = page.getByRole("group", { name: competency });
    // USWDS keeps the radio itself off screen; people click its label.
    await group.locator("label", { hasText: "3 — Meets" }).click();
    await group.getByLabel(`Evidence for ${competency}`).fill(`Clear, specific examples (${competency}).`);
  }
  await page.getByRole("group", { name: "Your recommendation" }).locator("label", { hasText: /^Select$/ }).click();
  await page.getByRole("button", { name: "Save my scorecard" }).click();
  await expect(page.getByText("Your scorecard was saved.")).toBeVisible();
  await expect(page.getByText("(mean 3.0)")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  await page.getByRole("group", { name: "Action" }).getByLabel("Select", { exact: true }).check();
  await page.getByRole("button", { name: "Move and notify the candidate" }).click();
  await expect(page.getByText("The application was moved and the candidate notified.")).toBeVisible();
  await expect(page.getByText("Selected", { exact: true }).first()).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
});

test("staff add an agency for pooled hiring, and a mistake is explained at the field", async ({ page }, testInfo) => {
  const project = testInfo.project.name;
  await page.goto("/login?next=/admin/agencies");
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(`staff-${project}@techforce.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Agencies" })).toBeVisible();
  await ready(page, testInfo);
  // The demo program's agencies are listed.
  await expect(page.getByRole("rowheader", { name: "CISA" })).toBeVisible();
  await expectNoAxeViolations(page, testInfo);

  // A code that is too short: told so at the field.
  await page.getByLabel("Code").fill("X");
  await page.getByLabel("Name").fill("Department of Energy");
  await page.getByRole("button", { name: "Add agency" }).click();
  await expect(page.locator("#code-error")).toContainText("2 to 12 letters");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  const code = project === "hydrated" ? "DOE" : "DOE-NNSA";
  await page.getByLabel("Code").fill(code);
  await page.getByLabel("Name").fill(`Department of Energy (${project})`);
  await page.getByRole("button", { name: "Add agency" }).click();
  await expect(page.getByText("The agency was added.")).toBeVisible();
  await expect(page.getByRole("rowheader", { name: code, exact: true })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
});
