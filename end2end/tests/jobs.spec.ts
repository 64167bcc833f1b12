import { expect, test, type TestInfo } from "@playwright/test";
import { expectNoAxeViolations, hydrated, ready } from "./helpers";

// The server starts with `techforce seed --demo` (see scripts/e2e-server.sh):
// about thirty openings, 22 of them open, plus these staff accounts.
const staffEmail = (testInfo: TestInfo) => `staff-${testInfo.project.name}@techforce.test`;
const STAFF_PASSWORD = "violet tractor humming lantern";

/** A date `days` from today as YYYY-MM-DD (the local day is close enough). */
function dayFromToday(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

test("anyone searches and filters the job board and opens an opening", async ({ page }, testInfo) => {
  await page.goto("/");
  await ready(page, testInfo);
  await expect(page.getByRole("heading", { name: "Newest openings" })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "Find a job" }).click();
  await expect(page).toHaveTitle("Find a job | Tech Force Portal");
  await expect(page.getByRole("heading", { level: 2, name: /openings found/ })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  await page.getByLabel("Keywords").fill("forensics");
  await page.getByLabel("Remote or telework").selectOption("remote");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=forensics/);
  await expect(page).toHaveURL(/workplace=remote/);
  const results = page.getByRole("heading", { level: 2, name: /found/ });
  await expect(results).toBeVisible();
  // The search survives a reload: it is all in the URL.
  await page.reload();
  await expect(page.getByLabel("Keywords")).toHaveValue("forensics");
  await expect(page.getByLabel("Remote or telework")).toHaveValue("remote");

  await page.goto("/jobs?role=PD-WRL-003&sort=closing");
  await ready(page, testInfo);
  await expect(page.getByLabel("Work role")).toHaveValue("PD-WRL-003");
  const first = page.locator(".usa-card__heading a").first();
  const title = (await first.textContent()) ?? "";
  expect(title).toContain("Incident Responder");
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByText("Incident Response (PD-WRL-003)")).toBeVisible();
  await expect(page.getByRole("link", { name: /^Apply/ })).toBeVisible();
  await expect(page.getByText(/Closes (today|tomorrow|in \d+ days)/).first()).toBeVisible();
  const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? "{}");
  expect(jsonLd["@type"]).toBe("JobPosting");
  expect(jsonLd.title).toBe(title);
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
});

test("staff write an opening, publish it, and find it on the board", async ({ page }, testInfo) => {
  const word = `zephyr${testInfo.project.name.replace("-", "")}${Date.now()}`;
  await page.goto("/login?next=/admin/jobs");
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(staffEmail(testInfo));
  await page.getByLabel("Password").fill(STAFF_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/jobs$/);
  await expect(page.getByRole("heading", { level: 1, name: "Openings" })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  await page.getByRole("link", { name: "New opening" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New opening" })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByLabel("Title").fill(`Threat Hunter ${word}`);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/admin\/jobs\/\d+/);
  await expect(page.getByText("Your changes were saved.")).toBeVisible();
  await ready(page, testInfo);

  // Publishing an incomplete draft names what is missing, on the fields.
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("alert")).toContainText("isn’t ready to publish");
  await expect(page.locator("#summary-error")).toContainText("Write a summary");
  await expect(page.getByLabel("Summary")).toHaveAttribute("aria-invalid", "true");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  await page.getByLabel("Job series").fill("2210");
  // USWDS hides the box itself and draws it on the label: click the label.
  await page.getByText("Threat Analysis (PD-WRL-006)", { exact: true }).click();
  await expect(page.getByLabel("Threat Analysis (PD-WRL-006)", { exact: true })).toBeChecked();
  await page.getByLabel("Duty locations").fill("Washington, DC");
  await page.getByLabel("Lowest salary (dollars a year)").fill("103409");
  await page.getByLabel("Highest salary (dollars a year)").fill("158860");
  await page.getByLabel("Summary").fill(`Hunt adversaries in federal networks (${word}).`);
  await page.getByLabel("Duties").fill("Hunt threats.\nWrite detections.");
  await page.getByLabel("Qualifications").fill("One year of specialized experience.");
  await page.getByLabel("How you will be evaluated").fill("A **hands-on** assessment.");
  await page.getByLabel("Opens on").fill(dayFromToday(-1));
  await page.getByLabel("Closes on").fill(dayFromToday(10));
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Your changes were saved.")).toBeVisible();
  await expect(page.getByLabel("Job series")).toHaveValue("2210");
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Close now" })).toBeVisible();

  await page.goto(`/jobs?q=${word}`);
  await ready(page, testInfo);
  await expect(page.getByRole("heading", { level: 2, name: "1 opening found." })).toBeVisible();
  await page.getByRole("link", { name: `Threat Hunter ${word}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Threat Hunter ${word}`);
  await expect(page.getByText("$103,409 – $158,860 per year")).toBeVisible();
  await expect(page.locator("strong", { hasText: "hands-on" })).toBeVisible();
});

test("someone signed out is sent to sign in from the staff openings pages", async ({ page }) => {
  const response = await page.goto("/admin/jobs");
  await expect(page).toHaveURL(/\/login\?next=\/admin\/jobs$/);
  expect(response?.status()).toBe(200);
});
