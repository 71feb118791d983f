import type { Browser } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import { type Db, openDatabase } from "../../db/client";
import { disposalCaseAssets, listingAssets, listings, loans, payments, riskShares, settlements } from "../../db/schema";
import { en } from "../../app/i18n/en";
import { zh } from "../../app/i18n/zh";
import { addDays, chinaDate } from "../../server/domain/calendar-date";
import { insertAuction } from "../support/lots";
import { TEST_PASSWORD, verifiedOrganisation } from "../support/organisations";
import { WORLD, buildRecoveriesWorld } from "../support/recoveries-world";
import { api } from "../support/visitor";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, OPERATOR_EMAIL, signIn } from "./people";

/**
 * Money end to end: from a deposit by bank transfer to the loan's recovery on the dashboards of the bank and the
 * risk fund, and the guarantor's on the demo seed's guaranteed sale. What a person cannot do through the pages —
 * wait out a notice period, declare the default months ago — is staged through the database and API v1.
 */
const SECOND = 1_000;
const LOAN = "YH-2024-0106"; // the demo bank's loan shared 60 / 40 with the risk fund, performing until this test
const PRICE = 100_000_000; // ¥1,000,000.00: the start price, bid once
const EAD = 400_000_000; // principal at default, no interest or costs at default
const APPRAISAL = 500_000; // the bank's cost, incurred and repaid today
const PLATFORM_FEE = PRICE / 100; // the private preset's 1% (PLATFORM_FEE_BPS default)
const RECOVERED = PRICE - PLATFORM_FEE - APPRAISAL; // 98,500,000: all within the bank's and the fund's principal
const DAYS = 100;
// Rate: 98.5m / 400m = 24.625% → 2,462 bps (rounded down). LGD at 5%/yr, received 100 days after default; the cost nets to zero the same day.
const RATE = "24.62%";
const LGD = `${(Math.round((1 - RECOVERED / Math.pow(1.05, DAYS / 365) / EAD) * 10_000) / 100).toFixed(2)}%`;

async function withDb<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run through `npx playwright test`");
  const handle = await openDatabase({ url, embeddedDir: "" });
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

/** Declares the loan in default 100 days ago, records the bank's appraisal and the fund's payment on its loss, and opens an auction of the case's rights ending soon. */
async function stageSale(origin: string, endsInMs: number) {
  const bank = (await api(origin, "POST", "/auth/token", { body: { email: "bank@demo.ipx.example", password: DEMO_PASSWORD } })).body!.token as string;
  const today = chinaDate(new Date());
  return withDb(async (db) => {
    const [loan] = await db.select().from(loans).where(eq(loans.reference, LOAN));
    const declared = await api(origin, "POST", `/loans/${loan!.id}/default`, { token: bank, body: { defaultedOn: addDays(today, -DAYS), principal: EAD, interest: 0, penaltyInterest: 0 } });
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    const caseId = declared.body!.caseId as string;
    expect((await api(origin, "POST", `/disposal-cases/${caseId}/costs`, { token: bank, body: { kind: "appraisal", amount: APPRAISAL, incurredOn: today } })).status).toBe(201);
    const [fundShare] = await db.select().from(riskShares).where(and(eq(riskShares.loanId, loan!.id), eq(riskShares.role, "risk_fund")));
    expect((await api(origin, "POST", `/disposal-cases/${caseId}/risk-share-payments`, { token: bank, body: { riskShareId: fundShare!.id, amount: (EAD * 40) / 100, paidOn: addDays(today, -50) } })).status).toBe(201);

    const { id } = await insertAuction(db, { startPrice: PRICE, increment: 1_000_000, endsInMs });
    const [listing] = await db.select().from(listings).where(eq(listings.id, id));
    await db.update(listings).set({ disposalCaseId: caseId, title: `回收演示拍卖 Recovery demo auction ${LOAN}`, terms: { ...(listing!.terms as Record<string, unknown>), deposit: PRICE / 10 } }).where(eq(listings.id, id));
    const pledged = await db.select({ assetId: disposalCaseAssets.assetId }).from(disposalCaseAssets).where(eq(disposalCaseAssets.caseId, caseId));
    await db.insert(listingAssets).values(pledged.map((r) => ({ listingId: id, assetId: r.assetId })));
    return { listingId: id, loanId: loan!.id };
  });
}

async function person(browser: Browser, baseURL: string, email: string, password = DEMO_PASSWORD, locale: "en" | "zh" = "en") {
  const context = await browser.newContext({ baseURL, locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, email, password);
  if (locale === "zh") await context.addCookies([{ name: "ipx_lng", value: "zh", url: baseURL }]);
  return page;
}

test("deposit by transfer → bid → win → the balance received → the distribution and the recovery on the bank's, the fund's and the guarantor's pages", async ({ browser, baseURL, snapshot }) => {
  test.setTimeout(180_000);
  const sale = await stageSale(baseURL!, 60 * SECOND);
  const [bidder, operator] = [await person(browser, baseURL!, "investor1@demo.ipx.example"), await person(browser, baseURL!, OPERATOR_EMAIL)];
  try {
    await test.step("the investor asks to register and gets a reference; the operator confirms the transfer", async () => {
      await bidder.goto(`/listings/${sale.listingId}`);
      await bidder.getByRole("link", { name: en.listings.tabs.register }).click();
      await bidder.getByRole("button", { name: en.offers.register.request }).click();
      const reference = (await bidder.getByTestId("deposit-reference").textContent())!.trim();
      await operator.goto("/operator/deposits");
      const row = operator.getByTestId("pending-lot-deposit").filter({ hasText: reference });
      await row.getByRole("button", { name: en.offers.deposits.confirm }).click();
      await expect(operator.getByText(en.offers.deposits.lotConfirmed)).toBeVisible();
    });

    await test.step("the investor bids and wins when the lot closes", async () => {
      await bidder.goto(`/listings/${sale.listingId}/room`);
      await expect(bidder.getByTestId("connection")).toHaveText(en.room.connection.live);
      await bidder.getByRole("button", { name: en.room.placeBid }).click();
      await expect(bidder.getByTestId("standing")).toContainText("leading");
      await expect(bidder.getByTestId("outcome")).toContainText(/Sold for/, { timeout: 90_000 });
    });

    const owed = await withDb(async (db) => {
      const [row] = await db.select({ amount: payments.amount, reference: payments.reference }).from(payments).innerJoin(settlements, eq(settlements.id, payments.settlementId)).where(and(eq(settlements.listingId, sale.listingId), eq(payments.purpose, "balance")));
      return row!;
    });
    await test.step("the buyer sees the balance and the reference to quote", async () => {
      await bidder.goto("/settlements");
      await bidder.getByRole("link", { name: new RegExp(LOAN) }).click();
      await expect(bidder.getByTestId("payment-reference")).toHaveText(owed.reference);
      await snapshot(bidder, "issue6-buyer-balance-en");
    });

    await test.step("the operator records the bank's receipt of the balance by its reference", async () => {
      await operator.goto("/operator/payments");
      await operator.getByLabel(en.payments.operator.serial).fill(`E2E-${owed.reference}`);
      await operator.getByLabel(en.payments.operator.receivedOn).fill(chinaDate(new Date()));
      await operator.getByLabel(en.payments.operator.amount).fill((Number(owed.amount) / 100).toFixed(2));
      await operator.getByLabel(en.payments.operator.reference).fill(owed.reference);
      await operator.getByRole("button", { name: en.payments.operator.record }).click();
      await expect(operator.getByText(en.payments.operator.done.matched)).toBeVisible();
      await snapshot(operator, "issue6-operator-receipt-en");
    });

    await test.step("the bank sees the distribution line by line, summing to the price, and the loan's rate and LGD", async () => {
      const bank = await person(browser, baseURL!, "bank@demo.ipx.example");
      await bank.goto(`/recoveries/loans/${sale.loanId}`);
      await expect(bank.locator("[data-total]")).toHaveText("CN¥1,000,000.00");
      await expect(bank.locator("[data-line]")).toHaveCount(4);
      await expect(bank.locator('[data-stat="rate"]')).toHaveText(RATE);
      await expect(bank.locator('[data-stat="lgd"]')).toHaveText(LGD);
      await expect(bank.locator('[data-stat="days"]')).toContainText(`${DAYS} days`);
      await snapshot(bank, "issue6-loan-recovery-bank-en");
      await bank.goto("/recoveries");
      const row = bank.locator(`tr[data-loan="${LOAN}"]`);
      await expect(row).toContainText(RATE);
      await expect(row).toContainText(LGD);
      await snapshot(bank, "issue6-dashboard-bank-en");
    });

    await test.step("the fund sees the same lines and its own share, in Chinese", async () => {
      const fund = await person(browser, baseURL!, "fund@demo.ipx.example", DEMO_PASSWORD, "zh");
      await fund.goto(`/recoveries/loans/${sale.loanId}`);
      await expect(fund.locator("[data-total]")).toHaveText("¥1,000,000.00");
      await expect(fund.locator('[data-stat="rate"]')).toHaveText(RATE);
      await expect(fund.getByText(zh.recoveries.loan.you).first()).toBeVisible();
      await snapshot(fund, "issue6-loan-recovery-fund-zh");
    });

    await test.step("the guarantor sees the demo seed's guaranteed sale distributed, summing to its price", async () => {
      const guarantor = await person(browser, baseURL!, "guarantor@demo.ipx.example");
      await guarantor.goto("/recoveries");
      await guarantor.locator('tr[data-loan="YH-2024-0107"]').getByRole("link").click();
      await expect(guarantor.locator("[data-total]").first()).toHaveText("CN¥8,000,000.00");
      await snapshot(guarantor, "issue6-loan-recovery-guarantor-en");
    });
  } finally {
    await Promise.all([bidder.context().close(), operator.context().close()]);
  }
});

test("the dashboards, the loan page and the statement read distributions to the cent (staged rows)", async ({ browser, baseURL, snapshot }) => {
  const buyerEmail = `buyer-${Date.now()}@e2e.ipx.example`;
  const buyer = await verifiedOrganisation(baseURL!, "investor", buyerEmail);
  const bankEmail = `workout-${Date.now()}@e2e.ipx.example`;
  const bank = await verifiedOrganisation(baseURL!, "bank", bankEmail, `回收测试银行 Recovery Test Bank ${Date.now()}`);
  const world = await withDb((db) => buildRecoveriesWorld(db, baseURL!, bank, buyer.organisationId));
  const page = await person(browser, baseURL!, bankEmail, TEST_PASSWORD);
  await page.goto("/recoveries");
  await expect(page.locator('[data-stat="rate"]')).toHaveText("66.93%");
  await expect(page.locator('[data-stat="lgd"]')).toHaveText("34.59%");
  await snapshot(page, "issue6-dashboard-staged-bank-en");
  await page.goto(`/recoveries/loans/${world.sub.loan.id}`);
  await expect(page.locator('[data-stat="rate"]')).toHaveText("70.23%");
  await snapshot(page, "issue6-loan-staged-bank-en");
  await page.goto("/statements");
  await snapshot(page, "issue6-statement-bank-en");
  const guarantor = await person(browser, baseURL!, "guarantor@demo.ipx.example", DEMO_PASSWORD, "zh");
  await guarantor.goto("/recoveries");
  await expect(guarantor.locator(`tr[data-loan="${WORLD.subrogated.reference}"]`)).toBeVisible();
  await snapshot(guarantor, "issue6-dashboard-guarantor-zh");
  await guarantor.goto(`/recoveries/loans/${world.sub.loan.id}`);
  await snapshot(guarantor, "issue6-loan-staged-guarantor-zh");
  const bidder = await person(browser, baseURL!, buyerEmail, TEST_PASSWORD);
  await bidder.goto("/recoveries");
  await expect(bidder.locator("[data-payment]")).toHaveCount(2);
  await snapshot(bidder, "issue6-dashboard-bidder-en");
});
