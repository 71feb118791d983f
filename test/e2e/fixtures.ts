import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test as base, type Page } from "@playwright/test";

export { expect } from "@playwright/test";

const SCREENSHOT_DIR = fileURLToPath(new URL("../../reports/screenshots/", import.meta.url));

type Fixtures = {
  /** Saves a full-page screenshot under reports/screenshots/ (kept after the run, unlike test output). */
  snapshot: (page: Page, name: string) => Promise<void>;
};

/**
 * `test` whose baseURL is the server the global setup started. The second argument of a fixture is
 * Playwright's `use`, named `provide` here so the React hooks lint rule leaves it alone.
 */
export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern here.
  baseURL: async ({}, provide) => {
    const url = process.env.E2E_BASE_URL;
    if (!url) throw new Error("E2E_BASE_URL is not set: run through `npx playwright test` (the global setup starts the server)");
    await provide(url);
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern here.
  snapshot: async ({}, provide) => {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await provide(async (page, name) => {
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    });
  },
});
