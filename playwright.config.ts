import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests in real Chromium against the real server, started once by the global setup on a database
 * cloned from the migrated template. Reports go under reports/ because Playwright empties test-results/.
 */
export default defineConfig({
  testDir: "test/e2e",
  globalSetup: "./test/e2e/global-setup.ts",
  outputDir: "reports/test-output",
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"], ["json", { outputFile: "reports/playwright.json" }]],
  use: {
    browserName: "chromium",
    locale: "en-US",
    screenshot: "only-on-failure",
    trace: "off",
    launchOptions: {
      // Debian's chromium, never a downloaded one (no `npx playwright install`).
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
});
