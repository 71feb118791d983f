import { en } from "../../app/i18n/en";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, OPERATOR_EMAIL, fillRegistration, newcomer, signIn } from "./people";

test("a newcomer registers an investor, the operator verifies it, and the investor switches language", async ({
  browser,
  baseURL,
  snapshot,
}) => {
  const investor = newcomer("Erin Newcomer");
  const investorContext = await browser.newContext({ baseURL, locale: "en-US" });
  const operatorContext = await browser.newContext({ baseURL, locale: "en-US" });
  try {
    const page = await investorContext.newPage();

    await test.step("the newcomer registers an investor organisation", async () => {
      await page.goto("/register");
      await expect(page.getByRole("heading", { level: 1, name: en.auth.registerTitle })).toBeVisible();
      await fillRegistration(page, investor);
      await snapshot(page, "01-register");
      await page.getByRole("button", { name: en.auth.submitRegister }).click();
      await page.waitForURL((url) => url.pathname === "/");
      await expect(page.getByRole("heading", { level: 1, name: `Welcome back, ${investor.name}` })).toBeVisible();
      await expect(page.getByRole("status")).toHaveText(en.home.pendingNotice);
    });

    await test.step("the operator verifies it from the queue", async () => {
      const operator = await operatorContext.newPage();
      await signIn(operator, OPERATOR_EMAIL, DEMO_PASSWORD);
      await operator.getByRole("navigation", { name: "Main" }).getByRole("link", { name: en.nav.verifications }).click();
      await operator.waitForURL((url) => url.pathname === "/operator/verifications");
      const item = operator.getByTestId("review-item").filter({ has: operator.getByRole("heading", { name: investor.organisationName }) });
      await expect(item).toHaveCount(1);
      await expect(item).toContainText(investor.email);
      await expect(item).toContainText(en.kinds.investor);
      await snapshot(operator, "02-operator-queue");
      await item.getByRole("button", { name: `${en.operator.verify} · ${investor.organisationName}` }).click();
      await expect(operator.getByRole("status")).toHaveText(`${investor.organisationName} is verified.`);
      await expect(operator.getByRole("heading", { name: investor.organisationName })).toHaveCount(0);
    });

    await test.step("the investor reloads and sees the verified notice", async () => {
      await page.reload();
      await expect(page.getByRole("status")).toHaveText(en.home.verifiedNotice);
    });

    await test.step("the investor switches to Chinese and the choice is remembered", async () => {
      await page.getByRole("button", { name: "中文" }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link", { name: "账户" })).toBeVisible();
      await expect(page.getByRole("status")).toHaveText("您的机构已通过审核。");
      await expect(page.getByRole("button", { name: "中文" })).toHaveAttribute("aria-pressed", "true");
      expect(new URL(page.url()).pathname).toBe("/");

      // The browser still asks for English (Accept-Language), so only the cookie can keep Chinese.
      await page.reload();
      await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
      await expect(nav.getByRole("link", { name: "账户" })).toBeVisible();
      await expect(page.getByRole("heading", { level: 1, name: `欢迎回来，${investor.name}` })).toBeVisible();
      await snapshot(page, "03-investor-home-zh");
    });

    await test.step("the investor switches back to English", async () => {
      await page.getByRole("button", { name: "English" }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: en.nav.account })).toBeVisible();
      await expect(page.getByRole("status")).toHaveText(en.home.verifiedNotice);
      await page.reload();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await snapshot(page, "04-investor-home-en");
    });
  } finally {
    await investorContext.close();
    await operatorContext.close();
  }
});
