// The whole hiring journey, one opening from its first draft to a
// selection, in the order the people involved meet it. Each test goes on
// from where the one before stopped, so they run in order; each browser
// project has its own opening, candidates and mailboxes.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { expectNoAxeViolations, hydrated, PASSWORD, ready, signIn, tabTo } from "./helpers";
import { linkIn, mailCount, waitForMail } from "./mail";

test.describe.configure({ mode: "serial", timeout: 120_000 });

/** What the journey made, per browser project. */
interface Journey {
  word: string;
  title: string;
  challenge: string;
  avery: string;
  blake: string;
}
let journey: Journey;

test.beforeAll(({}, testInfo) => {
  const project = testInfo.project.name.replace("-", "");
  const word = `kestrel${project}${Date.now()}`;
  journey = {
    word,
    title: `Threat Analyst ${word}`,
    // Unique per attempt: a retried journey starts over on the same server,
    // where challenge names must be unique.
    challenge: `Peel the beacon (${project} ${Date.now() % 1_000_000})`,
    avery: `avery-${word}@example.com`,
    blake: `blake-${word}@example.com`,
  };
});

const staff = (testInfo: TestInfo) => `staff-${testInfo.project.name}@techforce.test`;
const manager = (testInfo: TestInfo) => `manager-${testInfo.project.name}@techforce.test`;
const COMPETENCIES = [
  "Technical knowledge",
  "Analysis and problem solving",
  "Incident judgement",
  "Communication",
  "Teamwork",
];

/** A date `days` from today as YYYY-MM-DD. */
function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Recovers the flag from the payload the way an analyst would: join the
 * base64, find the one-byte XOR key that turns the first bytes into the
 * gzip signature (1f 8b), undo it, unzip, and read the flag.
 */
function peel(payload: string): string {
  const encoded = payload
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .join("");
  const bytes = Buffer.from(encoded, "base64");
  for (let key = 1; key < 256; key++) {
    if ((bytes[0] ^ key) === 0x1f && (bytes[1] ^ key) === 0x8b) {
      const plain = zlib.gunzipSync(Buffer.from(bytes.map((b) => b ^ key))).toString("utf8");
      const flag = plain.match(/flag\{[0-9a-f]+\}/);
      expect(flag, "a flag inside the payload").not.toBeNull();
      return flag![0];
    }
  }
  throw new Error("no one-byte key turns the payload into gzip");
}

async function applicationPage(page: Page, testInfo: TestInfo) {
  await page.goto("/applications");
  await ready(page, testInfo);
  await page.getByRole("link", { name: journey.title }).click();
  await expect(page.getByRole("heading", { level: 1, name: journey.title })).toBeVisible();
  await ready(page, testInfo);
}

test("1. staff write a generated challenge, then an opening with questions and a two-challenge assessment, assign a manager, and publish", async ({ page }, testInfo) => {
  await signIn(page, testInfo, staff(testInfo), "/admin/challenges/new");
  await expect(page.getByRole("heading", { level: 1, name: "New challenge" })).toBeVisible();
  await ready(page, testInfo);

  // Submitted empty: each problem is named at its field.
  await page.getByRole("button", { name: "Save challenge" }).click();
  await expect(page.getByRole("alert").first()).toContainText("Please correct the errors below.");
  await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  await page.getByLabel("Title").fill(journey.challenge);
  await page.getByLabel("Category").selectOption("digital_forensics");
  await page.getByLabel("Points").fill("100");
  await page.getByLabel("Task").fill("A beacon on a compromised host carried the attached payload. Recover **the flag**.");
  await page.getByLabel("How answers are checked").selectOption("generated");
  await page.getByLabel("Generator (generated for each candidate)").selectOption("encoded-flag");
  await page.getByLabel("Hints (optional)").fill("10 | A gzip stream starts with the bytes 1f 8b.");
  await page.getByRole("button", { name: "Save challenge" }).click();
  await expect(page.getByText("The challenge was saved.")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  // The opening: an empty draft is refused at its title, then written.
  await page.goto("/admin/jobs/new");
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByLabel("Title").fill(journey.title);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/admin\/jobs\/\d+/);
  await expect(page.getByText("Your changes were saved.")).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel("Job series").fill("2210");
  await page.getByText("Threat Analysis (PD-WRL-006)", { exact: true }).click();
  await page.getByLabel("Duty locations").fill("Arlington, VA");
  await page.getByLabel("Lowest salary (dollars a year)").fill("99200");
  await page.getByLabel("Highest salary (dollars a year)").fill("152000");
  await page.getByLabel("Summary").fill(`Track adversaries across federal networks (${journey.word}).`);
  await page.getByLabel("Duties").fill("Analyse intrusions.\nBrief leadership.");
  await page.getByLabel("Qualifications").fill("One year of specialized experience.");
  await page.getByLabel("How you will be evaluated").fill("Two hands-on challenges.");
  await page.getByLabel("Opens on").fill(dayFromToday(-1));
  await page.getByLabel("Closes on").fill(dayFromToday(20));
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Your changes were saved.")).toBeVisible();
  await ready(page, testInfo);

  // Screening questions: an empty one is refused; then a knock-out and a choice.
  await page.getByRole("button", { name: "Add question" }).click();
  await expect(page.getByLabel("Question", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByLabel("Kind of question").selectOption("yes_no");
  await page.getByLabel("Question", { exact: true }).fill("Are you a U.S. citizen or U.S. national?");
  await page.getByLabel("Answer that screens an applicant out (optional)").fill("No");
  await page.getByRole("button", { name: "Add question" }).click();
  await expect(page.getByText("Are you a U.S. citizen or U.S. national?", { exact: true })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel("Kind of question").selectOption("multiple_choice");
  await page.getByLabel("Question", { exact: true }).fill("How long have you analysed threats?");
  await page.getByLabel("Answers (multiple choice only)").fill("Under a year\n1 to 3 years\nMore than 3 years");
  await page.getByRole("button", { name: "Add question" }).click();
  await expect(page.getByText("How long have you analysed threats?", { exact: true })).toBeVisible();
  await ready(page, testInfo);

  // The assessment: the generated challenge and one from the library.
  await page.getByText(new RegExp(`^${journey.challenge.replace(/[()]/g, "\\$&")} \\(`)).click();
  await page.getByText(/^Name the weakness \(/).click();
  await page.getByLabel("Time limit (minutes)").fill("45");
  await page.getByLabel("Pass mark (% of points)").fill("60");
  await page.getByLabel("Well Qualified from (%)").fill("75");
  await page.getByLabel("Best Qualified from (%)").fill("90");
  await page.getByRole("button", { name: "Attach the assessment" }).click();
  await expect(page.getByText("The assessment was saved.")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  const name = `Mia Manager (${manager(testInfo)})`;
  await page.getByLabel("Assign a hiring manager").selectOption({ label: name });
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByText(name)).toBeVisible();
  await ready(page, testInfo);

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published", { exact: true })).toBeVisible();
  await expect(page.getByText("Questions are fixed once an opening is published.")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
});

test("2. a candidate finds the opening, signs up, confirms the address, fills the profile, and applies", async ({ page }, testInfo) => {
  await page.goto("/jobs");
  await ready(page, testInfo);
  await page.getByLabel("Keywords").fill(journey.word);
  await page.getByLabel("Work role").selectOption("PD-WRL-006");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "1 opening found." })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByRole("link", { name: journey.title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(journey.title);
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  const opening = page.url();

  // Applying needs an account: sign-in offers one.
  await page.getByRole("link", { name: /^Apply/ }).click();
  await expect(page).toHaveURL(/\/login\?next=/);
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Email address")).toHaveAttribute("aria-invalid", "true");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Create an account" })).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Full name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Email address")).toHaveAttribute("aria-invalid", "true");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByLabel("Full name").fill("Avery Quinn");
  await page.getByLabel("Email address").fill(journey.avery);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  await expectNoAxeViolations(page, testInfo);
  await page.goto(linkIn(await waitForMail(journey.avery, "Confirm your email address")));
  await expect(page.getByText("Your email address is confirmed.")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  // The profile, then the job again and the application.
  await signIn(page, testInfo, journey.avery, "/account");
  await expect(page.getByRole("heading", { name: "Your candidate profile" })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel("Legal name").fill("Avery J. Quinn");
  await page.getByText("I am a U.S. citizen or U.S. national").click();
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Your profile was saved.")).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel("Your résumé").setInputFiles(path.join(__dirname, "..", "fixtures", "resume.pdf"));
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Your profile résumé was saved.")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  await page.goto(opening);
  await ready(page, testInfo);
  await page.getByRole("link", { name: /^Apply/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Apply: ${journey.title}`);
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByRole("group", { name: "Are you a U.S. citizen or U.S. national?" }).getByText("Yes", { exact: true }).click();
  await page.getByText("1 to 3 years", { exact: true }).click();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.locator(".usa-step-indicator__heading")).toContainText("2 of 4");
  await expect(page.getByRole("link", { name: "resume.pdf" })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  // An impatient double click moves one step, no more.
  await page.getByRole("button", { name: "Save and continue" }).dblclick();
  await expect(page.locator(".usa-step-indicator__heading")).toContainText("3 of 4");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByText(/I certify that I am a U.S. citizen/).click();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.locator(".usa-step-indicator__heading")).toContainText("4 of 4");
  await expect(page.getByText("Avery J. Quinn")).toBeVisible();
  await expect(page.getByText("1 to 3 years")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  // Back through the steps and forward again: every answer is still there.
  await page.goBack();
  await expect(page.locator(".usa-step-indicator__heading")).toContainText("3 of 4");
  await expect(page.getByLabel(/I certify that I am a U.S. citizen/)).toBeChecked();
  await page.goBack();
  await expect(page.locator(".usa-step-indicator__heading")).toContainText("2 of 4");
  await expect(page.getByRole("link", { name: "resume.pdf" })).toBeVisible();
  await page.goBack();
  await expect(page.locator(".usa-step-indicator__heading")).toContainText("1 of 4");
  await expect(page.getByLabel("1 to 3 years")).toBeChecked();
  await page.goForward();
  await page.goForward();
  await page.goForward();
  await expect(page.locator(".usa-step-indicator__heading")).toContainText("4 of 4");
  await expect(page.getByText("Avery J. Quinn")).toBeVisible();
  await ready(page, testInfo);
  // Submitted with a double click: one application, one confirmation
  // (counted in test 5, once any second request has long been answered).
  await page.getByRole("button", { name: "Submit application" }).dblclick();
  await expect(page.getByText("Your application was submitted.")).toBeVisible();
  const number = (await page.getByText(/^TF-\d{6}$/).textContent()) ?? "";
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  const receipt = await waitForMail(journey.avery, `Application received: ${journey.title}`);
  expect(receipt).toContain(`We received your application ${number} for ${journey.title}.`);
});

test("3. the candidate solves the assessment from the generated file, with a wrong answer and a hint", async ({ page }, testInfo) => {
  await signIn(page, testInfo, journey.avery, "/applications");
  await expect(page.getByRole("heading", { level: 1, name: "Your applications" })).toBeVisible();
  await applicationPage(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByRole("link", { name: "Go to your assessment" }).click();
  await expect(page.getByRole("heading", { name: "Before you start" })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByRole("button", { name: "Start the assessment" }).click();
  await expect(page.getByRole("timer")).toContainText("left");
  await expect(page.getByRole("heading", { level: 2, name: journey.challenge })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  // The candidate's own file, read and solved outside the browser.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "payload.txt" }).click();
  const payload = fs.readFileSync((await (await download).path())!, "utf8");
  const flag = peel(payload);

  const answer = page.getByLabel(`Your answer to “${journey.challenge}”`);
  const submit = page.getByRole("button", { name: `Submit answer to “${journey.challenge}”` });
  await answer.fill("flag{00000000000000000000}");
  await submit.click();
  await expect(page.getByText(`That answer to “${journey.challenge}” is not right.`)).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByRole("button", { name: `Show hint 1 for “${journey.challenge}” (costs 10 points)` }).click();
  await expect(page.getByText("A gzip stream starts with the bytes 1f 8b.")).toBeVisible();
  await ready(page, testInfo);
  await answer.fill(flag);
  await submit.click();
  await expect(page.getByText(`Correct: “${journey.challenge}” is solved.`)).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel("Your answer to “Name the weakness”").fill("Cross-site scripting");
  await page.getByRole("button", { name: "Submit answer to “Name the weakness”" }).click();
  await expect(page.getByText("Correct: “Name the weakness” is solved.")).toBeVisible();
  await ready(page, testInfo);

  await page.getByText(/I have finished: hand in my assessment now/).click();
  await page.getByRole("button", { name: "Hand in the assessment" }).click();
  await expect(page.getByRole("heading", { name: "Your assessment is complete" })).toBeVisible();
  await expect(page.getByText("You solved 2 of 2 challenges.", { exact: false })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await waitForMail(journey.avery, `Assessment complete: ${journey.title}`);
});

test("6. with the keyboard alone, a second candidate signs up, applies, and withdraws", async ({ page }, testInfo) => {
  const key = page.keyboard;
  await page.goto("/signup");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await tabTo(page, page.getByLabel("Full name"));
  await key.type("Blake Keys");
  await tabTo(page, page.getByLabel("Email address"));
  await key.type(journey.blake);
  await tabTo(page, page.getByLabel("Password", { exact: true }));
  await key.type(PASSWORD);
  await tabTo(page, page.getByRole("button", { name: "Create account" }));
  await key.press("Enter");
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto(linkIn(await waitForMail(journey.blake, "Confirm your email address")));
  await expect(page.getByText("Your email address is confirmed.")).toBeVisible();
  await ready(page, testInfo);

  await tabTo(page, page.getByRole("banner").getByRole("link", { name: "Sign in" }));
  await key.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await tabTo(page, page.getByLabel("Email address"));
  await key.type(journey.blake);
  await tabTo(page, page.getByLabel("Password"));
  await key.type(PASSWORD);
  await key.press("Enter");
  await expect(page).toHaveURL(/\/account$/);
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  await tabTo(page, page.getByRole("banner").getByRole("link", { name: "Find a job" }));
  await key.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Find a job" })).toBeVisible();
  await ready(page, testInfo);
  await tabTo(page, page.getByLabel("Keywords"));
  await key.type(journey.word);
  await key.press("Enter");
  await expect(page.getByRole("heading", { level: 2, name: "1 opening found." })).toBeVisible();
  await ready(page, testInfo);
  await tabTo(page, page.getByRole("link", { name: journey.title }));
  await key.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(journey.title);
  await ready(page, testInfo);
  await tabTo(page, page.getByRole("link", { name: /^Apply/ }));
  await key.press("Enter");

  await expect(page.locator(".usa-step-indicator__heading")).toContainText("1 of 4");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await tabTo(page, page.getByRole("group", { name: "Are you a U.S. citizen or U.S. national?" }).getByLabel("Yes"));
  await key.press("Space");
  await tabTo(page, page.getByLabel("More than 3 years"));
  await key.press("Space");
  await tabTo(page, page.getByRole("button", { name: "Save and continue" }));
  await key.press("Enter");

  await expect(page.locator(".usa-step-indicator__heading")).toContainText("2 of 4");
  await ready(page, testInfo);
  const chooser = page.waitForEvent("filechooser");
  await tabTo(page, page.getByLabel("Your résumé"));
  await key.press("Space");
  await (await chooser).setFiles(path.join(__dirname, "..", "fixtures", "resume.pdf"));
  await tabTo(page, page.getByRole("button", { name: "Upload" }));
  await key.press("Enter");
  await expect(page.getByText("Your résumé is attached.")).toBeVisible();
  await ready(page, testInfo);
  await tabTo(page, page.getByRole("button", { name: "Save and continue" }));
  await key.press("Enter");

  await expect(page.locator(".usa-step-indicator__heading")).toContainText("3 of 4");
  await ready(page, testInfo);
  await tabTo(page, page.getByLabel(/I certify that I am a U.S. citizen/));
  await key.press("Space");
  await tabTo(page, page.getByRole("button", { name: "Save and continue" }));
  await key.press("Enter");

  await expect(page.locator(".usa-step-indicator__heading")).toContainText("4 of 4");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await tabTo(page, page.getByRole("button", { name: "Submit application" }));
  await key.press("Enter");
  await expect(page.getByText("Your application was submitted.")).toBeVisible();
  await ready(page, testInfo);

  // Changed their mind: withdrawn, also by keyboard.
  await tabTo(page, page.getByRole("link", { name: "Withdraw this application" }));
  await key.press("Enter");
  await expect(page.getByRole("heading", { name: "Withdraw this application?" })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await tabTo(page, page.getByRole("button", { name: "Yes, withdraw my application" }));
  await key.press("Enter");
  await expect(page.getByText("Your application was withdrawn.")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await waitForMail(journey.blake, `Application withdrawn: ${journey.title}`);
});

test("4. staff rate and refer; the manager finds the applicant ranked Best Qualified, scores the interview, and selects", async ({ page }, testInfo) => {
  await signIn(page, testInfo, staff(testInfo), "/manage");
  await expect(page.getByRole("heading", { level: 1, name: "Hiring" })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByRole("link", { name: journey.title }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Ranking" })).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Rate assessed applicants by the pass mark" }).click();
  await expect(page.getByText("Rated the assessed applicants: 1 qualified, 0 not qualified.")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByRole("link", { name: "Avery Quinn" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Avery Quinn/ })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByRole("group", { name: "Action" }).getByLabel("Refer", { exact: true }).check();
  await page.getByRole("button", { name: "Move and notify the candidate" }).click();
  await expect(page.getByText("The application was moved and the candidate notified.")).toBeVisible();

  // The manager: the applicant in the right category, the withdrawn one shown so.
  await signIn(page, testInfo, manager(testInfo), "/manage");
  await expect(page.getByRole("heading", { level: 1, name: "Hiring" })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByRole("link", { name: journey.title }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Ranking" })).toBeVisible();
  const avery = page.locator("tbody tr").filter({ has: page.getByRole("link", { name: "Avery Quinn" }) });
  await expect(avery.locator('td[data-label="Category"]')).toHaveText("Best Qualified");
  await expect(avery.locator('td[data-label="Score"]')).toHaveText("92%");
  await expect(avery.locator('td[data-label="Status"]')).toContainText("Referred to hiring managers");
  const blake = page.locator("tbody tr").filter({ has: page.getByRole("link", { name: "Blake Keys" }) });
  await expect(blake.locator('td[data-label="Status"]')).toContainText("Withdrawn");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  await avery.getByRole("link", { name: "Avery Quinn" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Avery Quinn/ })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: journey.challenge })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
  await page.getByRole("group", { name: "Action" }).getByLabel("Move to interview").check();
  await page.getByRole("button", { name: "Move and notify the candidate" }).click();
  await expect(page.getByText("The application was moved and the candidate notified.")).toBeVisible();
  await ready(page, testInfo);

  for (const competency of COMPETENCIES) {
    const group = page.getByRole("group", { name: competency });
    await group.locator("label", { hasText: "4 — Exceeds" }).click();
    await group.getByLabel(`Evidence for ${competency}`).fill(`Walked through a real case (${competency}).`);
  }
  await page.getByRole("group", { name: "Your recommendation" }).locator("label", { hasText: /^Select$/ }).click();
  await page.getByRole("button", { name: "Save my scorecard" }).click();
  await expect(page.getByText("Your scorecard was saved.")).toBeVisible();
  await expect(page.getByText("(mean 4.0)")).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  await page.getByRole("group", { name: "Action" }).getByLabel("Select", { exact: true }).check();
  await page.getByRole("button", { name: "Move and notify the candidate" }).click();
  await expect(page.getByText("The application was moved and the candidate notified.")).toBeVisible();
  await expect(page.getByText("Selected", { exact: true }).first()).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
});

test("5. the candidate sees every status change on the dashboard and in the email", async ({ page }, testInfo) => {
  // One email per step the candidate is told about, in order.
  for (const subject of [
    "Application received",
    "Assessment complete",
    "Qualified",
    "Referred to hiring managers",
    "Interview",
    "Selected",
  ]) {
    const message = await waitForMail(journey.avery, `${subject}: ${journey.title}`);
    expect(message).toContain("Hello Avery Quinn,");
  }
  expect(mailCount(journey.avery, `Application received: ${journey.title}`), "one application").toBe(1);
  const selected = await waitForMail(journey.avery, `Selected: ${journey.title}`);
  expect(selected).toMatch(/is now: Selected\./);

  await signIn(page, testInfo, journey.avery, "/applications");
  await expect(page.getByRole("heading", { level: 1, name: "Your applications" })).toBeVisible();
  const row = page.locator("tbody tr").filter({ has: page.getByRole("link", { name: journey.title }) });
  await expect(row.locator('td[data-label="Status"]')).toContainText("Selected");
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  await row.getByRole("link", { name: journey.title }).click();
  await expect(page.getByRole("heading", { level: 1, name: journey.title })).toBeVisible();
  const history = page.getByRole("heading", { level: 2, name: "History" }).locator("xpath=following-sibling::*[1]");
  for (const status of ["Received", "Assessed", "Qualified", "Referred to hiring managers", "Interview", "Selected"]) {
    await expect(history).toContainText(status);
  }
  // The team's scorecards and notes stay with the team.
  await expect(page.getByText("Walked through a real case")).toHaveCount(0);
  await ready(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
});
