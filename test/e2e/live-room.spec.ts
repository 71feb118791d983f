import type { Page } from "@playwright/test";
import { and, eq, inArray } from "drizzle-orm";
import { openDatabase } from "../../db/client";
import { listings, lotDeposits, lots, memberships, users } from "../../db/schema";
import { en } from "../../app/i18n/en";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, signIn } from "./people";

/** The demo's judicial relist (the fibre-optic auction is left to the register-to-bid test). */
const LOT_TITLE = "锂电池正极材料发明专利（第二次拍卖）";
const BIDDERS = ["investor1@demo.ipx.example", "investor2@demo.ipx.example"];
const SECOND = 1_000;

/**
 * Stages the demo auction so that it is open now and ends within the test: the only thing a person cannot
 * do through the pages is wait days for a notice period. The two demo investors hold confirmed deposits.
 */
async function stageLot(endsInMs: number) {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run through `npx playwright test`");
  const handle = await openDatabase({ url, embeddedDir: "" });
  try {
    const db = handle.db;
    const [listing] = await db.select().from(listings).where(eq(listings.mode, "english_auction")).then((rows) => rows.filter((l) => l.title.startsWith(LOT_TITLE)));
    if (!listing) throw new Error("the demo auction is missing");
    const now = Date.now();
    const opensAt = new Date(now - 60 * SECOND);
    const endsAt = new Date(now + endsInMs);
    const terms = { ...(listing.terms as Record<string, unknown>), antiSnipeWindowSeconds: 20, antiSnipeExtensionSeconds: 15, incrementKind: "fixed", increment: 1_000_000, proxyBids: false };
    await db.update(listings).set({ status: "open", opensAt, closesAt: endsAt, terms }).where(eq(listings.id, listing.id));
    await db.update(lots).set({ opensAt, endsAt }).where(eq(lots.listingId, listing.id));
    const orgs = await db.select({ org: memberships.organisationId }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(inArray(users.email, BIDDERS));
    for (const [i, { org }] of orgs.entries()) {
      await db
        .insert(lotDeposits)
        .values({ listingId: listing.id, organisationId: org, bidderCode: `E2E${i + 1}`, method: "bank_transfer", status: "confirmed", amount: 8_000_000n, requestedAt: opensAt, confirmedAt: opensAt })
        .onConflictDoUpdate({ target: [lotDeposits.listingId, lotDeposits.organisationId], set: { status: "confirmed", confirmedAt: opensAt } });
    }
    const codes = await db.select({ code: lotDeposits.bidderCode }).from(lotDeposits).where(and(eq(lotDeposits.listingId, listing.id), inArray(lotDeposits.organisationId, orgs.map((o) => o.org))));
    return { id: listing.id, codes: codes.map((c) => c.code) };
  } finally {
    await handle.close();
  }
}

test("two bidders fight for a patent live: both rooms update, a late bid extends the end in both, the close shows the outcome", async ({ browser, baseURL, snapshot }) => {
  test.setTimeout(150_000);
  const lot = await stageLot(45 * SECOND);
  const [first, second] = (await Promise.all(
    BIDDERS.map(async (email) => {
      const context = await browser.newContext({ baseURL, locale: "en-US" });
      const page = await context.newPage();
      await signIn(page, email, DEMO_PASSWORD);
      await page.goto(`/listings/${lot.id}/room`);
      await expect(page.getByTestId("connection")).toHaveText(en.room.connection.live);
      return page;
    }),
  )) as [Page, Page];
  try {
    const price = (page: Page) => page.getByTestId("current-price");
    await test.step("the first bidder bids the least next bid; both rooms show it", async () => {
      await first.getByRole("button", { name: en.room.placeBid }).click();
      await expect(first.getByTestId("standing")).toContainText("leading");
      const shown = await price(first).innerText();
      await expect(price(second)).toHaveText(shown);
      await expect(second.getByTestId("history").locator("li")).toHaveCount(1);
    });

    await test.step("the second bidder outbids; the first sees it is outbid", async () => {
      await second.getByRole("button", { name: en.room.placeBid }).click();
      await expect(second.getByTestId("standing")).toContainText("leading");
      await expect(first.getByTestId("standing")).toContainText("outbid");
      await expect(price(first)).toHaveText(await price(second).innerText());
      await snapshot(first, "issue5-room-outbid");
    });

    await test.step("a bid inside the last 20 seconds moves the end in both rooms", async () => {
      const before = Date.parse((await first.getByTestId("ends-at").getAttribute("data-ends-at"))!);
      await first.waitForTimeout(Math.max(0, before - Date.now() - 15 * SECOND));
      await first.getByRole("button", { name: en.room.placeBid }).click();
      await expect(first.getByTestId("standing")).toContainText("leading");
      for (const page of [first, second]) await expect.poll(async () => Date.parse((await page.getByTestId("ends-at").getAttribute("data-ends-at"))!)).toBeGreaterThan(before);
      await snapshot(second, "issue5-room-extended");
    });

    await test.step("at the close both rooms show the sale to the first bidder's code", async () => {
      for (const page of [first, second]) await expect(page.getByTestId("outcome")).toContainText(/Sold for/, { timeout: 60_000 });
      const code = (await first.getByTestId("standing").innerText()).match(/\(([A-Z0-9]+)\)/)?.[1];
      expect(code && lot.codes).toContain(code);
      await expect(second.getByTestId("outcome")).toContainText(code!);
      await snapshot(second, "issue5-room-closed");
    });
  } finally {
    for (const page of [first, second]) await page.context().close();
  }
});
