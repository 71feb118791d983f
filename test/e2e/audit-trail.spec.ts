import { zh } from "../../app/i18n/zh";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD } from "./people";

test.use({ locale: "zh-CN" });

test("the auditor opens the audit trail from the nav, filters it, verifies the chain (in Chinese)", async ({ page, snapshot }) => {
  await page.goto("/login");
  await page.getByLabel(zh.common.email).fill("auditor@demo.ipx.example");
  await page.getByLabel(zh.auth.password, { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("main").getByRole("button", { name: zh.auth.submitLogin, exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/");

  const nav = page.getByRole("navigation", { name: "Main" });
  // The auditor's Recoveries is the platform-wide read, beside the audit trail.
  await expect(nav.getByRole("link", { name: zh.recoveries.nav })).toHaveCount(1);
  await nav.getByRole("link", { name: zh.audit.nav }).click();
  await expect(page.getByRole("heading", { level: 1, name: zh.audit.title })).toBeVisible();
  await expect(page.getByTestId("audit-event").first()).toBeVisible();

  // The demo's registrations to bid: bidders stay unnamed on lots not yet awarded.
  await page.getByLabel(zh.audit.filters.kind).selectOption({ label: zh.audit.kinds.deposit });
  await page.getByRole("button", { name: zh.audit.filters.apply }).click();
  await page.waitForURL((url) => url.searchParams.get("kind") === "deposit");
  const rows = page.getByTestId("audit-event");
  await expect(rows.first()).toBeVisible();
  for (const action of await rows.locator("td:nth-child(2)").allTextContents()) expect(action).toMatch(/^deposit\./);
  await expect(page.getByText(zh.audit.withheld.bidder).first()).toBeVisible();

  await page.getByRole("button", { name: zh.audit.verify.button }).click();
  const report = page.getByTestId("chain-report");
  await expect(report.getByRole("status")).toHaveText(/全部 \d+ 条链均完整/);
  await expect(report.getByTestId("chain-row").filter({ hasText: "global" })).toContainText(zh.audit.verify.intact);
  await snapshot(page, "audit-zh");
});
