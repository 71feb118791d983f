import { en } from "../../app/i18n/en";
import { zh } from "../../app/i18n/zh";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, fillRegistration, newcomer } from "./people";

// Not the operator: failed attempts count towards the per-account throttle.
const DEMO_INVESTOR = "investor2@demo.ipx.example";

test("a wrong password shows the translated error and stays on the login page", async ({ page, browser, baseURL }) => {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(DEMO_INVESTOR);
  await page.getByLabel("Password", { exact: true }).fill(`${DEMO_PASSWORD}-wrong`);
  await page.getByRole("main").getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText(en.errors.INVALID_CREDENTIALS);
  expect(new URL(page.url()).pathname).toBe("/login");
  await expect(page.getByRole("heading", { level: 1, name: en.auth.loginTitle })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: en.nav.account })).toHaveCount(0);

  // A browser that prefers Chinese gets the same refusal in Chinese.
  const zhContext = await browser.newContext({ baseURL, locale: "zh-CN" });
  try {
    const zhPage = await zhContext.newPage();
    await zhPage.goto("/login");
    await zhPage.getByLabel(zh.common.email).fill(DEMO_INVESTOR);
    await zhPage.getByLabel(zh.auth.password, { exact: true }).fill(`${DEMO_PASSWORD}-wrong`);
    await zhPage.getByRole("main").getByRole("button", { name: zh.auth.submitLogin, exact: true }).click();
    await expect(zhPage.getByRole("alert")).toHaveText("电子邮箱或密码错误。");
    expect(new URL(zhPage.url()).pathname).toBe("/login");
  } finally {
    await zhContext.close();
  }
});

test("a weak password is refused on the register page and creates nothing", async ({ page }) => {
  const person = newcomer("Wendy Weak");
  await page.goto("/register");
  await fillRegistration(page, person, "onlyletterspassword");
  await page.getByRole("button", { name: en.auth.submitRegister }).click();

  const password = page.getByLabel("Password", { exact: true });
  await expect(page.getByRole("alert").filter({ hasText: en.validation.password_weak })).toBeVisible();
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAccessibleDescription(new RegExp(en.validation.password_weak.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await expect(page.getByText(en.errors.INVALID)).toBeVisible();
  expect(new URL(page.url()).pathname).toBe("/register");
  await expect(page.getByRole("heading", { level: 1, name: en.auth.registerTitle })).toBeVisible();

  // Nothing was created: the same e-mail registers fine once the password is strong (no EMAIL_TAKEN).
  await fillRegistration(page, person);
  await page.getByRole("button", { name: en.auth.submitRegister }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await expect(page.getByRole("status")).toHaveText(en.home.pendingNotice);
});
