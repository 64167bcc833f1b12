import { defineConfig } from "@playwright/test";
import os from "node:os";
import path from "node:path";

// The server under test: the release build, started by scripts/e2e-server.sh
// on a fresh SQLite database in a temporary directory.
const port = Number(process.env.TECHFORCE_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// The server's mail goes to .eml files here, where the journeys read it.
const mailDir = path.join(os.tmpdir(), `techforce-e2e-mail-${port}`);
process.env.TECHFORCE_E2E_MAIL_DIR = mailDir;

// Debian's Chromium, never a downloaded browser. As root it needs
// --no-sandbox; the other flags stop it calling Google's hosts.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  // One browser at a time: on two cores a second one only competes for CPU
  // (the whole run takes as long either way, measured) and starved pages
  // missed clicks and hydrated late.
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  // One retry in CI, so a browser hiccup on a loaded machine is reported
  // as flaky instead of failing the run; a journey that is broken fails
  // both tries.
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  use: {
    baseURL,
    headless: true,
    launchOptions,
    trace: "off",
  },
  projects: [
    // Every journey runs twice: hydrated, and with JavaScript off.
    { name: "hydrated", use: { javaScriptEnabled: true } },
    { name: "no-js", use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: `../scripts/e2e-server.sh ${port}`,
    env: { TECHFORCE_MAIL_URL: `file://${mailDir}` },
    url: `${baseURL}/readyz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});
