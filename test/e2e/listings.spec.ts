import { en } from "../../app/i18n/en";
import { zh } from "../../app/i18n/zh";
import { type Browser, type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, signIn } from "./people";

/** Demo listings (db/seed/demo-listings.ts): bilingual titles, so one listing answers both languages. */
const FIBRE = "光纤传感专利包";
const LITHIUM = "Lithium cathode material patent";
const LICENCE = "医学影像分割算法专利普通许可";
const LITHIUM_ZH = "锂电池正极材料发明专利";
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test("an anonymous visitor searches the catalogue in Chinese and in English, filters, and opens a listing", async ({ browser, baseURL, snapshot }) => {
  const zhContext = await browser.newContext({ baseURL, locale: "zh-CN" });
  const enContext = await browser.newContext({ baseURL, locale: "en-US" });
  try {
    const page = await zhContext.newPage();
    const result = (title: string) => page.getByRole("link", { name: new RegExp(escape(title)) });

    await test.step("in Chinese: two characters of a title find it", async () => {
      await page.goto("/catalogue");
      await page.getByLabel(zh.catalogue.search.label).fill("光纤传感");
      await page.getByRole("button", { name: zh.catalogue.search.submit }).click();
      await page.waitForURL((url) => url.searchParams.get("q") === "光纤传感");
      await expect(result(FIBRE)).toBeVisible();
      await expect(result(LITHIUM_ZH)).toHaveCount(0);
    });

    await test.step("in Chinese: a broad word, then a filter on the mode narrows it", async () => {
      await page.getByLabel(zh.catalogue.search.label).fill("专利");
      await page.getByRole("button", { name: zh.catalogue.search.submit }).click();
      await page.waitForURL((url) => url.searchParams.get("q") === "专利");
      await expect(result(FIBRE)).toBeVisible();
      await expect(result(LICENCE)).toBeVisible();
      await page.getByRole("checkbox", { name: new RegExp(`^${escape(zh.catalogue.mode.licence)}`) }).check();
      await page.waitForURL((url) => url.searchParams.getAll("modes").includes("licence"));
      await expect(result(LICENCE)).toBeVisible();
      await expect(result(FIBRE)).toHaveCount(0);
      await snapshot(page, "issue4-catalogue-zh-filtered");
    });

    const english = await enContext.newPage();
    await test.step("in English: a word finds the bilingual title; a sort keeps it", async () => {
      await english.goto("/catalogue");
      await english.getByLabel(en.catalogue.search.label).fill("lithium cathode");
      await english.getByRole("button", { name: en.catalogue.search.submit }).click();
      await english.waitForURL((url) => url.searchParams.get("q") === "lithium cathode");
      const lithium = english.getByRole("link", { name: new RegExp(escape(LITHIUM)) });
      await expect(lithium).toBeVisible();
      await expect(english.getByRole("heading", { name: new RegExp(escape(en.catalogue.results.found.replace("{{count}}", "1"))) })).toBeVisible();
      await english.getByRole("checkbox", { name: new RegExp(`^${escape(en.catalogue.mode.english_auction)}`) }).check();
      await english.waitForURL((url) => url.searchParams.getAll("modes").includes("english_auction"));
      await expect(lithium).toBeVisible();
      await snapshot(english, "issue4-catalogue-en");
      await lithium.click();
      await english.waitForURL(/\/listings\/[0-9a-f-]{36}$/);
      await expect(english.getByRole("heading", { level: 1 })).toContainText(LITHIUM);
      await expect(english.getByRole("navigation", { name: en.listings.tabs.label })).toBeVisible();
      await snapshot(english, "issue4-listing-en");
    });
  } finally {
    await zhContext.close();
    await enContext.close();
  }
});

const EQUITY = "石墨烯导热膜专利出资入股";

/** A signed-in page in its own browser context (English). */
async function personOn(browser: Browser, baseURL: string | undefined, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, email, DEMO_PASSWORD);
  return page;
}

/** Finds a listing through the catalogue, as a person would, and opens its offers tab. */
async function openOffers(page: Page, title: string, tab: string) {
  await page.goto(`/catalogue?q=${encodeURIComponent(title)}`);
  await page.getByRole("link", { name: new RegExp(escape(title)) }).click();
  await page.getByRole("navigation", { name: en.listings.tabs.label }).getByRole("link", { name: tab }).click();
  await page.waitForURL(/\/listings\/[0-9a-f-]{36}\/offers$/);
}

test("a licensee applies for a licence, a fund proposes an equity contribution, and the seller accepts both", async ({ browser, baseURL, snapshot }) => {
  test.setTimeout(120_000);
  const licensee = await personOn(browser, baseURL, "licensee@demo.ipx.example");
  const fund = await personOn(browser, baseURL, "vc@demo.ipx.example");
  const seller = await personOn(browser, baseURL, "bank@demo.ipx.example");
  try {
    await test.step("the licensee applies on the posted terms", async () => {
      await openOffers(licensee, LICENCE, en.listings.tabs.licence);
      await expect(licensee.getByText(en.offers.licence.severalWin)).toBeVisible();
      await licensee.getByRole("button", { name: en.offers.licence.apply }).click();
      await expect(licensee.getByText(en.offers.done.applied)).toBeVisible();
      const mine = licensee.locator("section", { has: licensee.getByRole("heading", { name: en.offers.licence.mine }) });
      await expect(mine.getByText(en.offers.status.pending)).toBeVisible();
      await snapshot(licensee, "issue4-licence-applied");
    });

    await test.step("the fund proposes an equity contribution resting on a recorded valuation", async () => {
      await openOffers(fund, EQUITY, en.listings.tabs.equity);
      await fund.getByLabel(en.offers.equity.targetCompanyName).fill("深圳石墨烯新材料有限公司");
      await fund.getByLabel(en.offers.equity.targetCreditCode).fill("91440300MA5G2Y3K7D");
      await fund.getByLabel(en.offers.equity.agreedValue).fill("1150000");
      await fund.getByLabel(en.offers.equity.equity).fill("12.5");
      await expect(fund.getByLabel(en.offers.equity.valuation)).not.toHaveValue("named");
      await fund.getByLabel(en.offers.equity.conditions).fill("Founding team joins with the patent");
      await fund.getByRole("button", { name: en.offers.equity.propose }).click();
      await expect(fund.getByText(en.offers.done.proposed)).toBeVisible();
      await snapshot(fund, "issue4-equity-proposed");
    });

    await test.step("the seller accepts the licence application: the listing stays open for other licensees", async () => {
      await openOffers(seller, LICENCE, en.listings.tabs.licence);
      const application = seller.getByTestId("application").filter({ hasText: "东莞智造" });
      await application.getByRole("button", { name: en.offers.seller.accept }).click();
      await expect(seller.getByText(en.offers.done.accepted)).toBeVisible();
      await expect(seller.getByTestId("application").filter({ hasText: "东莞智造" }).getByText(en.offers.status.accepted)).toBeVisible();
    });

    await test.step("the seller accepts the equity proposal: the listing is awarded to the fund", async () => {
      await openOffers(seller, EQUITY, en.listings.tabs.equity);
      const proposal = seller.getByTestId("proposal").filter({ hasText: "前海创投" });
      await expect(proposal).toContainText("12.5");
      await proposal.getByRole("button", { name: en.offers.seller.accept }).click();
      await expect(seller.getByText(en.offers.done.accepted)).toBeVisible();
      await expect(seller.getByRole("heading", { name: en.offers.award.title })).toBeVisible();
      await snapshot(seller, "issue4-equity-accepted");
    });

    await test.step("the fund sees its proposal accepted and the award", async () => {
      await fund.reload();
      await expect(fund.getByText(en.offers.status.accepted)).toBeVisible();
      await expect(fund.getByRole("heading", { name: en.offers.award.title })).toBeVisible();
    });
  } finally {
    for (const page of [licensee, fund, seller]) await page.context().close();
  }
});

test("a venture fund keeps its deal flow on the following page; a licensee accepts the NDA of a data room", async ({ browser, baseURL, snapshot }) => {
  const fund = await personOn(browser, baseURL, "vc@demo.ipx.example");
  const licensee = await personOn(browser, baseURL, "licensee@demo.ipx.example");
  try {
    await test.step("the fund's following page lists what it watches and the searches it keeps", async () => {
      await fund.getByRole("navigation", { name: "Main" }).getByRole("link", { name: en.following.nav }).click();
      await fund.waitForURL((url) => url.pathname === "/following");
      const watchlist = fund.locator("section", { has: fund.getByRole("heading", { name: en.following.watchlist.title }) });
      await expect(watchlist.getByRole("link")).not.toHaveCount(0);
      const searches = fund.locator("section", { has: fund.getByRole("heading", { name: en.following.searches.title }) });
      await expect(searches).toContainText("电池专利");
      await snapshot(fund, "issue4-following-en");
    });

    await test.step("the licensee opens a data room, accepts the NDA, and may then open every document", async () => {
      await licensee.goto(`/catalogue?q=${encodeURIComponent(FIBRE)}`);
      await licensee.getByRole("link", { name: new RegExp(escape(FIBRE)) }).click();
      await licensee.getByRole("navigation", { name: en.listings.tabs.label }).getByRole("link", { name: en.listings.tabs.documents }).click();
      await licensee.waitForURL(/\/documents$/);
      await expect(licensee.getByRole("heading", { name: en.dataRoom.documents.heading })).toBeVisible();
      await expect(licensee.getByText(en.dataRoom.documents.locked).first()).toBeVisible();
      await licensee.getByRole("button", { name: en.dataRoom.nda.accept }).click();
      await expect(licensee.getByText(en.dataRoom.nda.accepted)).toBeVisible();
      await expect(licensee.getByText(en.dataRoom.documents.locked)).toHaveCount(0);
      await snapshot(licensee, "issue4-data-room-en");
    });
  } finally {
    for (const page of [fund, licensee]) await page.context().close();
  }
});
