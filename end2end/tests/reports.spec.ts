import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, ready } from "./helpers";

const PASSWORD = "violet tractor humming lantern";

test("staff read the program reports and download a table as CSV", async ({ page }, testInfo) => {
  await page.goto("/login?next=/manage");
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(`staff-${testInfo.project.name}@techforce.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Hiring" })).toBeVisible();
  await ready(page, testInfo);

  // Staff reach the reports from the navigation.
  await page.getByRole("link", { name: "Reports", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/reports$/);
  await expect(page.getByRole("heading", { level: 1, name: "Program reports" })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  // Each section: a heading, a real table; the charts are named images.
  for (const heading of [
    "Openings by state",
    "Applicants through the workflow",
    "Applicants by opening",
    "Time in each stage",
    "Challenge pass rates",
    "Integrity flags",
    "NICE work roles",
  ]) {
    await expect(page.getByRole("heading", { level: 2, name: heading })).toBeVisible();
  }
  await expect(page.getByRole("table", { name: "Openings by state" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Applications by status" })).toBeVisible();
  await expect(page.getByRole("img", { name: /How far applications got/ })).toBeVisible();
  // The demo program has openings in every state, among them 22 open.
  await expect(
    page.getByRole("table", { name: "Openings by state" }).getByRole("row", { name: /^Open \d+$/ }),
  ).toBeVisible();
  // The demo applicants are on the first published opening: it leads.
  await expect(
    page.getByRole("table", { name: "Applicants by opening, the most applicants first" }).getByRole("link").first(),
  ).toBeVisible();

  // A table downloads as a CSV file (a plain link: with or without JavaScript).
  const downloaded = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download applicants through the workflow (CSV)" }).click();
  const download = await downloaded;
  expect(download.suggestedFilename()).toMatch(/^techforce-funnel-\d{4}-\d{2}-\d{2}\.csv$/);
  const file = await download.path();
  const csv = await readFile(file, "utf8");
  const rows = csv.trim().split(/\r?\n/);
  expect(rows[0]).toBe("Status,Reached,There now");
  expect(rows[1]).toMatch(/^Received,\d+,\d+$/);
  expect(rows).toHaveLength(18);
  await expect(page.getByRole("heading", { level: 1, name: "Program reports" })).toBeVisible();
});

test("a candidate is refused the program reports", async ({ page }, testInfo) => {
  await page.goto("/login?next=/account");
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(`candidate-${testInfo.project.name}@techforce.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Signed in once the account page itself is open (the sign-in page's
  // own address ends in "next=/account").
  await expect(page).toHaveURL(/^[^?]*\/account$/);
  await expect(page.getByRole("link", { name: "Reports", exact: true })).toHaveCount(0);

  const response = await page.goto("/admin/reports");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("alert")).toContainText("You don’t have access");
  const file = await page.request.get("/admin/reports/funnel.csv");
  expect(file.status()).toBe(403);
});
