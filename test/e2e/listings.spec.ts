import { en } from "../../app/i18n/en";
import { zh } from "../../app/i18n/zh";
import { expect, test } from "./fixtures";

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
