import { en } from "../../app/i18n/en";
import { zh } from "../../app/i18n/zh";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, OPERATOR_EMAIL, signIn } from "./people";

/** The demo auction that opens five minutes after the first start (db/seed/demo-listings.ts). */
const FIBRE = "光纤传感专利包";

test("a fund registers to bid, the operator confirms its deposit, the fund gets its bidder code and the seller sees codes only", async ({ browser, baseURL, snapshot }) => {
  const fundContext = await browser.newContext({ baseURL, locale: "en-US" });
  const operatorContext = await browser.newContext({ baseURL, locale: "en-US" });
  const bankContext = await browser.newContext({ baseURL, locale: "en-US" });
  try {
    const fund = await fundContext.newPage();
    await signIn(fund, "vc@demo.ipx.example", DEMO_PASSWORD);
    await fund.goto("/catalogue");
    await fund.getByRole("link", { name: new RegExp(FIBRE) }).first().click();
    await fund.getByRole("link", { name: en.listings.tabs.register }).click();
    await fund.getByRole("button", { name: en.offers.register.request }).click();
    await expect(fund.getByText(en.offers.done.registered)).toBeVisible();
    const reference = (await fund.getByTestId("deposit-reference").textContent())!.trim();
    expect(reference).toMatch(/^IPX-/);
    await expect(fund.getByText(en.offers.register.codeLater)).toBeVisible();
    await snapshot(fund, "issue5-register-requested-en");

    const operator = await operatorContext.newPage();
    await signIn(operator, OPERATOR_EMAIL, DEMO_PASSWORD);
    // The operator reads the queue in Chinese.
    await operatorContext.addCookies([{ name: "ipx_lng", value: "zh", url: baseURL! }]);
    await operator.goto("/operator/deposits");
    const row = operator.getByTestId("pending-lot-deposit").filter({ hasText: reference });
    await expect(row).toBeVisible();
    await snapshot(operator, "issue5-operator-lot-deposits-zh");
    await row.getByRole("button", { name: zh.offers.deposits.confirm }).click();
    await expect(operator.getByText(zh.offers.deposits.lotConfirmed)).toBeVisible();

    await fund.reload();
    const code = (await fund.getByTestId("bidder-code").textContent())!.trim();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}$/);
    await snapshot(fund, "issue5-register-confirmed-en");

    const bank = await bankContext.newPage();
    await signIn(bank, "bank@demo.ipx.example", DEMO_PASSWORD);
    await bank.goto(new URL(fund.url()).pathname);
    const bidders = bank.getByTestId("registered-bidders");
    await expect(bidders.getByText(code)).toBeVisible();
    await expect(bidders).not.toContainText("前海创投");
    await expect(bank.getByTestId("priority-form")).toBeVisible();
    await snapshot(bank, "issue5-register-seller-en");
  } finally {
    await Promise.all([fundContext.close(), operatorContext.close(), bankContext.close()]);
  }
});
