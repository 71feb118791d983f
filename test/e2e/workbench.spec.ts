import path from "node:path";
import { fileURLToPath } from "node:url";
import { en } from "../../app/i18n/en";
import { zh } from "../../app/i18n/zh";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, OPERATOR_EMAIL, fillRegistration, newcomer, signIn } from "./people";

const GUARANTOR_EMAIL = "guarantor@demo.ipx.example";
const GUARANTOR_NAME = "广东省融资再担保";

const BOOK_DIR = fileURLToPath(new URL("../fixtures/imports/loan-book/", import.meta.url));
const BOOK_FILES = ["assets.csv", "loans.csv", "pledges.csv", "valuations.csv", "risk-shares.csv"].map((name) => path.join(BOOK_DIR, name));

// What the sample book holds (test/fixtures/imports/loan-book/): 21 rights, 10 loans, 14 pledges, 32 valuations,
// risk sharing for 5 loans; 89 data rows in all. Loan YH-IPL-2025-007 is shared 70% with the demo guarantor.
const BOOK = { rows: 89, assets: 21, loans: 10, pledges: 14, valuations: 32, riskSharing: 5 };
const SHARED_LOAN = "YH-IPL-2025-007";
const LOAN_REFERENCES = Array.from({ length: 10 }, (_, i) => `YH-IPL-${i < 5 ? 2024 : 2025}-${String(i + 1).padStart(3, "0")}`);

/** An i18next template with its {{values}} filled in. */
const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key]));
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Issue 3 end to end. A pledge registration number is unique in the world, so the sample book imports once
 * per database: a second bank importing it (a retry, --repeat-each) is refused with pledge_number_taken.
 */
test("a new bank imports its loan book, acknowledges an alert and declares a default; the guarantor sees the shared loan", async ({
  browser,
  baseURL,
  snapshot,
}) => {
  test.setTimeout(120_000);
  const banker = newcomer("Lin Lender");
  const bankContext = await browser.newContext({ baseURL, locale: "en-US" });
  const operatorContext = await browser.newContext({ baseURL, locale: "en-US" });
  const guarantorContext = await browser.newContext({ baseURL, locale: "en-US" });
  try {
    const page = await bankContext.newPage();
    const workbench = page.getByRole("navigation", { name: en.collateral.tabs.label });
    const workbenchZh = page.getByRole("navigation", { name: zh.collateral.tabs.label });

    await test.step("a banker registers a new bank", async () => {
      await page.goto("/register");
      await fillRegistration(page, banker);
      await page.getByLabel("Kind of organisation").selectOption({ label: en.kinds.bank });
      await page.getByRole("button", { name: en.auth.submitRegister }).click();
      await page.waitForURL((url) => url.pathname === "/");
      await expect(page.getByRole("status")).toHaveText(en.home.pendingNotice);
      // Not verified yet: no workbench.
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: en.collateral.nav.collateral })).toHaveCount(0);
    });

    await test.step("the operator verifies the bank", async () => {
      const operator = await operatorContext.newPage();
      await signIn(operator, OPERATOR_EMAIL, DEMO_PASSWORD);
      await operator.getByRole("navigation", { name: "Main" }).getByRole("link", { name: en.nav.verifications }).click();
      await operator.waitForURL((url) => url.pathname === "/operator/verifications");
      const item = operator.getByTestId("review-item").filter({ has: operator.getByRole("heading", { name: banker.organisationName }) });
      await expect(item).toContainText(en.kinds.bank);
      await item.getByRole("button", { name: `${en.operator.verify} · ${banker.organisationName}` }).click();
      await expect(operator.getByRole("status")).toHaveText(`${banker.organisationName} is verified.`);
    });

    await test.step("the banker opens the empty workbench and imports the sample loan book", async () => {
      await page.reload();
      await expect(page.getByRole("status")).toHaveText(en.home.verifiedNotice);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: en.collateral.nav.collateral }).click();
      await page.waitForURL((url) => url.pathname === "/collateral");
      await expect(page.getByRole("heading", { name: en.collateral.portfolio.emptyTitle })).toBeVisible();

      await workbench.getByRole("link", { name: en.collateral.tabs.import }).click();
      await page.waitForURL((url) => url.pathname === "/collateral/import");
      await expect(page.getByRole("heading", { level: 2, name: en.imports.title, exact: true })).toBeVisible();
      await expect(page.getByText(en.imports.noImports)).toBeVisible();
      await page.getByRole("radio", { name: en.imports.kinds.loan_book }).check();
      await page.getByLabel(en.imports.filesLabel, { exact: true }).setInputFiles(BOOK_FILES);
      await page.getByRole("button", { name: en.imports.submit, exact: true }).click();
      await page.waitForURL((url) => url.pathname === "/collateral/import" && url.searchParams.has("id"));
    });

    await test.step("the banker watches the progress bar, then reads the summary", async () => {
      const detail = page.getByTestId("import-detail");
      await expect(detail).toBeVisible();
      // The upload only queues the job, which runs while the browser follows the redirect; reading, checking,
      // writing and the monitor's pass over 89 rows outlast that, so the first render shows it queued or running.
      await expect(detail.getByRole("progressbar", { name: en.imports.progressLabel })).toBeVisible();
      await snapshot(page, "workbench-01-import-progress");

      await expect(detail).toHaveAttribute("data-status", "done", { timeout: 30_000 });
      await expect(detail.getByRole("progressbar")).toHaveCount(0);
      await expect(detail.getByRole("status")).toHaveText(fill(en.imports.doneNotice, { rows: BOOK.rows }));
      const counts = detail.getByTestId("import-counts");
      const createdIn = (kind: string) => counts.locator(`tr[data-kind="${kind}"] td`).nth(1);
      await expect(counts.locator('tr[data-kind="assets"] td').first()).toHaveText(en.imports.records.assets);
      await expect(createdIn("assets")).toHaveText(String(BOOK.assets));
      await expect(createdIn("loans")).toHaveText(String(BOOK.loans));
      await expect(createdIn("pledges")).toHaveText(String(BOOK.pledges));
      await expect(createdIn("valuations")).toHaveText(String(BOOK.valuations));
      await expect(createdIn("risk_sharing")).toHaveText(String(BOOK.riskSharing));
      const recent = page.getByTestId("recent-imports");
      await expect(recent.locator("tbody tr")).toHaveCount(1);
      await expect(recent.locator("tbody tr")).toContainText(en.imports.statuses.done);
      await snapshot(page, "workbench-02-import-summary");
    });

    await test.step("the banker switches to Chinese and sees the imported loans in the portfolio", async () => {
      await workbench.getByRole("link", { name: en.collateral.tabs.portfolio }).click();
      await page.waitForURL((url) => url.pathname === "/collateral");
      await expect(page.getByRole("heading", { level: 2, name: en.collateral.portfolio.title })).toBeVisible();
      await page.getByRole("button", { name: "中文" }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
      expect(new URL(page.url()).pathname).toBe("/collateral");
      await expect(page.getByRole("heading", { level: 2, name: zh.collateral.portfolio.title })).toBeVisible();
      const loans = page.getByRole("region", { name: zh.collateral.portfolio.table });
      await expect(loans.locator("tbody tr")).toHaveCount(BOOK.loans);
      for (const reference of LOAN_REFERENCES) await expect(loans.getByRole("link", { name: reference, exact: true })).toBeVisible();
      await expect(loans.locator(`tr[data-loan="YH-IPL-2024-004"]`)).toContainText(zh.collateral.loanStatus.overdue);
      await expect(page.getByTestId("summary-CNY")).toContainText(`${zh.collateral.portfolio.loans}${BOOK.loans}`);
      await expect(page.getByRole("img", { name: zh.collateral.money.coverage })).toBeVisible();
      await snapshot(page, "workbench-03-portfolio-zh");
    });

    await test.step("the banker acknowledges an alert in the monitor (in Chinese)", async () => {
      await workbenchZh.getByRole("link", { name: zh.collateral.tabs.monitor }).click();
      await page.waitForURL((url) => url.pathname === "/collateral/monitor");
      await expect(page.getByRole("heading", { level: 2, name: zh.collateral.monitor.title })).toBeVisible();
      const views = page.getByRole("navigation", { name: zh.collateral.common.filter });
      const alerts = page.getByRole("article");
      await expect(alerts.first()).toBeVisible();
      const openBefore = await alerts.count();
      await expect(views.getByRole("link", { name: `${zh.collateral.monitor.views.open} (${openBefore})` })).toHaveAttribute("aria-current", "page");
      await expect(views.getByRole("link", { name: `${zh.collateral.monitor.views.acknowledged} (0)` })).toBeVisible();
      const first = alerts.first();
      const alertId = await first.getAttribute("data-alert-id");
      const rule = (await first.getAttribute("data-rule")) as keyof typeof zh.collateral.rules;
      expect(alertId).toBeTruthy();
      await expect(first.getByRole("heading", { name: zh.collateral.rules[rule] })).toBeVisible();
      await expect(first.getByTestId("advice")).toHaveText(zh.collateral.advice[rule]);
      await snapshot(page, "workbench-04-monitor-zh");

      await first.getByRole("button", { name: zh.collateral.monitor.acknowledge, exact: true }).click();
      await expect(page.getByRole("status")).toHaveText(zh.collateral.monitor.done);
      await expect(page.locator(`article[data-alert-id="${alertId}"]`)).toHaveCount(0);
      await expect(alerts).toHaveCount(openBefore - 1);
      await views.getByRole("link", { name: `${zh.collateral.monitor.views.acknowledged} (1)` }).click();
      await page.waitForURL((url) => url.searchParams.get("view") === "acknowledged");
      const acknowledged = page.locator(`article[data-alert-id="${alertId}"]`);
      await expect(acknowledged).toBeVisible();
      await expect(acknowledged).toContainText(`✓ ${zh.collateral.monitor.acknowledged}`);
      await expect(acknowledged.getByRole("button", { name: zh.collateral.monitor.acknowledge })).toHaveCount(0);
      await snapshot(page, "workbench-05-monitor-acknowledged-zh");
    });

    await test.step("the banker opens the loan shared with the demo guarantor and declares default (in Chinese)", async () => {
      await workbenchZh.getByRole("link", { name: zh.collateral.tabs.portfolio }).click();
      await page.waitForURL((url) => url.pathname === "/collateral");
      await page.getByRole("link", { name: SHARED_LOAN, exact: true }).click();
      await page.waitForURL((url) => url.pathname.startsWith("/collateral/loans/"));
      await expect(page.getByRole("heading", { level: 2, name: fill(zh.collateral.loan.title, { reference: SHARED_LOAN }) })).toBeVisible();

      const risk = page.getByRole("region", { name: zh.collateral.riskSharing.title });
      await expect(risk).toContainText(zh.collateral.mode.subrogated);
      const guarantorRow = risk.getByRole("row").filter({ hasText: GUARANTOR_NAME });
      await expect(guarantorRow).toContainText(zh.collateral.shareRole.guarantor);
      await expect(guarantorRow).toContainText("✓");
      await expect(guarantorRow).toContainText("70.00%");
      const chart = page.getByRole("region", { name: zh.collateral.loan.valuations }).getByRole("img", { name: zh.collateral.loan.valuations });
      await expect(chart).toBeVisible();
      await expect(chart.locator("svg path.recharts-line-curve")).toHaveCount(1);
      await expect(page.getByTestId("disposal-case")).toHaveCount(0);
      await snapshot(page, "workbench-06-loan-zh");

      const declare = page.getByRole("region", { name: zh.collateral.declare.title });
      await expect(declare.getByLabel(`${zh.collateral.declare.principal} (CNY)`)).toHaveValue("12000000.00");
      await declare.getByLabel(zh.collateral.declare.confirm).check();
      await declare.getByRole("button", { name: zh.collateral.declare.submit }).click();
      await expect(page.getByRole("status").filter({ hasText: zh.collateral.declare.done })).toBeVisible();
      const kase = page.getByTestId("disposal-case");
      await expect(kase.getByRole("heading", { name: zh.collateral.declare.caseTitle })).toBeVisible();
      await expect(kase.getByTestId("exposure-at-default")).toContainText("12,039,000.00");
      await expect(kase).toContainText(zh.collateral.declare.caseStatuses.open);
      await expect(page.getByText(zh.collateral.loanStatus.defaulted, { exact: true }).first()).toBeVisible();
      // One default per loan: the form is gone.
      await expect(page.getByRole("region", { name: zh.collateral.declare.title })).toHaveCount(0);
      await snapshot(page, "workbench-07-loan-defaulted-zh");
    });

    await test.step("the demo guarantor sees the shared loan, read-only, and the default in the inbox", async () => {
      const guarantor = await guarantorContext.newPage();
      await signIn(guarantor, GUARANTOR_EMAIL, DEMO_PASSWORD);
      await guarantor.getByRole("navigation", { name: "Main" }).getByRole("link", { name: en.collateral.nav.sharedLoans }).click();
      await guarantor.waitForURL((url) => url.pathname === "/shared-loans");
      await expect(guarantor.getByRole("heading", { level: 1, name: en.collateral.shared.title })).toBeVisible();
      const row = guarantor.locator(`tr[data-loan="${SHARED_LOAN}"]`);
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(en.collateral.loanStatus.defaulted);
      await expect(row.getByTestId("my-share")).toHaveText("70.00%");

      await row.getByRole("link", { name: SHARED_LOAN }).click();
      await guarantor.waitForURL((url) => url.pathname.startsWith("/shared-loans/"));
      const sharedLoanPath = new URL(guarantor.url()).pathname;
      const main = guarantor.getByRole("main");
      await expect(main.getByRole("heading", { level: 2, name: fill(en.collateral.loan.title, { reference: SHARED_LOAN }) })).toBeVisible();
      await expect(main.getByRole("status").filter({ hasText: en.collateral.loan.readOnly })).toBeVisible();
      await expect(main.getByTestId("disposal-case").getByTestId("exposure-at-default")).toContainText("12,039,000.00");
      await expect(main.getByRole("region", { name: en.collateral.riskSharing.title }).getByRole("row").filter({ hasText: GUARANTOR_NAME })).toContainText("70.00%");
      await expect(main.getByRole("img", { name: en.collateral.loan.valuations })).toBeVisible();
      // Read-only: no form, no button, nothing to edit.
      await expect(main.locator("form")).toHaveCount(0);
      await expect(main.getByRole("button")).toHaveCount(0);
      await expect(main.getByRole("textbox")).toHaveCount(0);
      await expect(main.getByText(en.collateral.riskSharing.edit)).toHaveCount(0);
      await snapshot(guarantor, "workbench-08-guarantor-shared-loan");

      await guarantor.getByRole("link", { name: new RegExp(`^${escape(en.collateral.nav.unread).replace(escape("{{n}}"), "\\d+")}$`) }).click();
      await guarantor.waitForURL((url) => url.pathname === "/notifications");
      const notice = guarantor.locator('li[data-kind="loan_defaulted"]').filter({ hasText: SHARED_LOAN });
      await expect(notice).toHaveCount(1);
      await expect(notice).toHaveAttribute("data-unread", "true");
      await expect(notice).toContainText(
        new RegExp(`^${escape(en.collateral.notifications.unread)}: Loan ${SHARED_LOAN} was declared in default on \\d{4}-\\d{2}-\\d{2}; exposure at default CN¥12,039,000\\.00\\.`),
      );
      await snapshot(guarantor, "workbench-09-guarantor-inbox");
      await notice.getByRole("button", { name: en.collateral.notifications.open }).click();
      await guarantor.waitForURL((url) => url.pathname === sharedLoanPath);
      await expect(guarantor.getByRole("main").getByRole("heading", { level: 2, name: fill(en.collateral.loan.title, { reference: SHARED_LOAN }) })).toBeVisible();
    });
  } finally {
    await bankContext.close();
    await operatorContext.close();
    await guarantorContext.close();
  }
});
