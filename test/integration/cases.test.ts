import { and, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { principalFor } from "../../db/seed/principal";
import { disposalCaseAssets, disposalCases, ipAssets, listingAssets, listings, organisations, parties, pledgeAssets, pledges, valuations } from "../../db/schema";
import { parseConfig } from "../../server/config";
import { CreateListingSchema } from "../../server/domain/schemas/listings";
import { createLogger } from "../../server/logger";
import { type Services, buildServices } from "../../server/services";
import { EventBus } from "../../server/services/events";
import { TEST_PASSWORD, demoToken, patentNumber, verifiedOrganisation } from "../support/organisations";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

/**
 * Encumbrances on the public listing page (another bank's pledge redacted, a licence granted on another
 * listing of the same right) and a disposal case's history of attempts with its next step, for the bank
 * only. Expected figures are worked out here with plain arithmetic, not with the code under test.
 */
let server: TestServer;
let services: Services;
let bankToken: string;
let otherToken: string;
let otherBank: Visitor;
const OTHER = { email: "second@bank.example", name: "第二银行 Second Bank", loan: "SB-LOAN-0042", pledge: "SB-PLEDGE-2025-0042", amount: 777_777_00 };
const DAY = 86_400_000;

const yuan = (minor: number, locale: string) => new Intl.NumberFormat(locale === "zh" ? "zh-CN" : "en-GB", { style: "currency", currency: "CNY" }).format(minor / 100);
/** Page text without scripts (the loader data is repeated there), whitespace collapsed. */
const visible = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<!-- -->/g, "");

async function visitor(lng: "en" | "zh", email?: string, password = DEMO_PASSWORD) {
  const v = new Visitor(server.origin);
  v.cookies.set("ipx_lng", lng);
  if (email) expect((await v.login(email, password)).status).toBe(302);
  return v;
}

async function page(v: Visitor, path: string, status = 200) {
  const response = await v.get(path);
  expect(response.status, path).toBe(status);
  const text = visible(await response.text());
  // A missing translation shows its key: none may.
  expect(text, path).not.toMatch(/>[^<]*\b(cases|listings|collateral)\.[a-z]+\.[a-zA-Z_]+/);
  return text;
}

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: server.databaseUrl, LOG_LEVEL: "silent" });
  services = buildServices({ db: server.db.db, config, bus: new EventBus(), log: createLogger("silent"), now: () => new Date() });
  bankToken = await demoToken(server.origin, "bank@demo.ipx.example");
  otherToken = (await verifiedOrganisation(server.origin, "bank", OTHER.email, OTHER.name)).token;
  otherBank = await visitor("en", OTHER.email, TEST_PASSWORD);
});
afterAll(() => server?.stop());

describe("encumbrances on the public listing page", () => {
  let listingId: string;
  let asset: typeof ipAssets.$inferSelect;

  beforeAll(async () => {
    const db = server.db.db;
    const [auction] = await db.select().from(listings).where(like(listings.title, "%Fibre-optic%"));
    listingId = auction!.id;
    const [link] = await db.select().from(listingAssets).where(eq(listingAssets.listingId, listingId)).limit(1);
    asset = (await db.select().from(ipAssets).where(eq(ipAssets.id, link!.assetId)))[0]!;
    // The same pledgor pledges the right to a second bank as well.
    const [pledgor] = await db.select({ code: parties.creditCode, name: parties.name }).from(pledgeAssets).innerJoin(pledges, eq(pledges.id, pledgeAssets.pledgeId)).innerJoin(parties, eq(parties.id, pledges.pledgorId)).where(eq(pledgeAssets.assetId, asset.id)).limit(1);
    const loan = await api(server.origin, "POST", "/loans", { token: otherToken, body: { reference: OTHER.loan, borrowerName: pledgor!.name, borrowerCreditCode: pledgor!.code, principal: 90_000_000, rateBps: 450, disbursedOn: "2025-06-01", maturesOn: "2027-06-01", outstandingPrincipal: 90_000_000 } });
    expect(loan.status, JSON.stringify(loan.body)).toBe(201);
    const pledge = await api(server.origin, "POST", "/pledges", { token: otherToken, body: { loanReference: OTHER.loan, registryPledgeNumber: OTHER.pledge, registeredAt: "2025-06-15", pledgorName: pledgor!.name, pledgorCreditCode: pledgor!.code, securedAmount: OTHER.amount, assets: [{ type: asset.type, registryNumber: asset.registryNumber }] } });
    expect(pledge.status, JSON.stringify(pledge.body)).toBe(201);
  });

  it("shows another bank's pledge with what the registry publishes (number, date, rank) and nothing of its loan", async () => {
    const all = await server.db.db.select({ number: pledges.registryPledgeNumber, at: pledges.registeredAt }).from(pledgeAssets).innerJoin(pledges, eq(pledges.id, pledgeAssets.pledgeId)).where(eq(pledgeAssets.assetId, asset.id));
    const rank = all.filter((p) => p.at.getTime() <= Date.parse("2025-06-15T00:00:00+08:00")).length;
    for (const lng of ["en", "zh"] as const) {
      const html = await page(await visitor(lng), `/listings/${listingId}`);
      expect(html).toContain(lng === "en" ? "Encumbrances" : "权利负担");
      const line = lng === "en" ? `Pledge no. ${OTHER.pledge}, registered on 2025-06-15, rank ${rank}` : `质押登记号 ${OTHER.pledge}，登记日 2025-06-15，顺位第 ${rank}`;
      expect(html).toContain(line);
      expect(html).toContain(lng === "en" ? "Remains unless released by its holder." : "除非质权人解除，否则继续存在。");
      // The demo bank's own pledge is the one this sale disposes of.
      expect(html).toContain(lng === "en" ? "Released on completion of this sale." : "本次交易完成时解除。");
      for (const secret of [OTHER.loan, "第二银行", "Second Bank", "777,777", "777777"]) expect(html, secret).not.toContain(secret);
    }
    // The pledging bank itself sees its loan beside its pledge.
    const own = await page(otherBank, `/listings/${listingId}`);
    expect(own).toContain(`Your loan ${OTHER.loan}, securing ${yuan(OTHER.amount, "en")}`);
  });

  it("lists a licence once one is accepted on another listing of the same right", async () => {
    const before = await page(await visitor("en"), `/listings/${listingId}`);
    expect(before).not.toContain("Dongguan Smart Manufacturing");
    const bank = await principalFor(server.db.db, "bank@demo.ipx.example");
    const operator = await principalFor(server.db.db, "operator@demo.ipx.example");
    const licensee = await principalFor(server.db.db, "licensee@demo.ipx.example");
    const now = Date.now();
    const created = await services.listings.create(
      bank,
      CreateListingSchema.parse({ mode: "licence", preset: "private", title: "Licence of a pledged right", region: "CN-GD", assetIds: [asset.id], terms: { kind: "sole", fieldOfUse: "Pipeline monitoring", territory: "Guangdong", termMonths: 48, upfrontFee: 1_000_000, royaltyBps: 200, minimumAnnualRoyalty: 0, announceAt: new Date(now + 60_000).toISOString(), closesAt: new Date(now + 30 * DAY).toISOString() } }),
    );
    if (!created.ok) throw new Error(created.code);
    expect((await services.listings.submit(bank, created.id)).ok).toBe(true);
    expect((await services.listings.review(operator, created.id, { verdict: "approve" })).ok).toBe(true);
    const applied = await services.offers.licence.apply(licensee, created.id, { kind: "apply" });
    if (!applied.ok) throw new Error(applied.code);
    expect(await services.offers.licence.decide(bank, applied.id, "accept")).toMatchObject({ ok: true, status: "accepted" });

    const since = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const en = await page(await visitor("en"), `/listings/${listingId}`);
    expect(en).toContain(`Sole licence granted to 东莞智造 Dongguan Smart Manufacturing, since ${since}`);
    expect(en).toContain("Field of use: Pipeline monitoring · territory: Guangdong · term: 48 months");
    const zh = await page(await visitor("zh"), `/listings/${listingId}`);
    expect(zh).toContain(`排他许可：授予东莞智造 Dongguan Smart Manufacturing，自 ${since} 起`);
    // The licence listing itself does not list its own agreement as a prior licence.
    const itself = await page(await visitor("en"), `/listings/${created.id}`);
    expect(itself).not.toContain("licence granted to");
  });

  it("says so when a right carries nothing", async () => {
    const other = await principalFor(server.db.db, OTHER.email);
    const operator = await principalFor(server.db.db, "operator@demo.ipx.example");
    const registered = await api(server.origin, "POST", "/assets", { token: otherToken, body: { type: "patent_invention", registryNumber: patentNumber(2023, 1, 424_242), title: "Unencumbered sensor patent", owners: ["第二银行 Second Bank"] } });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const now = Date.now();
    const created = await services.listings.create(other, CreateListingSchema.parse({ mode: "equity", preset: "private", title: "A free right", region: "CN-GD", assetIds: [registered.body!.id], terms: { askingValue: 5_000_000, announceAt: new Date(now + 60_000).toISOString(), closesAt: new Date(now + 30 * DAY).toISOString() } }));
    if (!created.ok) throw new Error(created.code);
    expect((await services.listings.submit(other, created.id)).ok).toBe(true);
    expect((await services.listings.review(operator, created.id, { verdict: "approve" })).ok).toBe(true);
    expect(await page(await visitor("en"), `/listings/${created.id}`)).toContain("No encumbrances are known");
    expect(await page(await visitor("zh"), `/listings/${created.id}`)).toContain("未发现权利负担");
  });
});

describe("the disposal case's history of attempts", () => {
  let caseId: string;
  let attempts: Array<typeof listings.$inferSelect>;
  let appraisal: number;

  beforeAll(async () => {
    const db = server.db.db;
    attempts = (await db.select().from(listings).where(like(listings.title, "%Lithium cathode%"))).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    caseId = attempts[0]!.disposalCaseId!;
    const [bankOrg] = await db.select().from(organisations).where(eq(organisations.kind, "bank"));
    const rights = (await db.select().from(disposalCaseAssets).where(eq(disposalCaseAssets.caseId, caseId))).map((r) => r.assetId);
    const rows = await db.select().from(valuations).where(and(inArray(valuations.assetId, rights), eq(valuations.organisationId, bankOrg!.id)));
    appraisal = rights.reduce((sum, id) => {
      const own = rows.filter((v) => v.assetId === id).sort((a, b) => (a.valuedOn < b.valuedOn ? 1 : -1));
      return sum + Number(own.filter((v) => v.valuedOn === own[0]!.valuedOn).reduce((low, v) => (v.amount < low ? v.amount : low), own[0]!.amount));
    }, 0);
  });

  it("the demo holds a case whose first auction ended unsold and whose second is announced", () => {
    expect(attempts.map((a) => [a.attempt, a.status, a.preset])).toEqual([
      [1, "unsold", "judicial"],
      [2, "announced", "judicial"],
    ]);
  });

  it("lists the attempts in order with their share of the appraisal and the cut, and the loan page links to it", async () => {
    const [first, second] = attempts as [typeof listings.$inferSelect, typeof listings.$inferSelect];
    const p1 = Number(first.price);
    const p2 = Number(second.price);
    const percent = (x: number) => `${x.toFixed(2)}%`;
    const bank = await visitor("en", "bank@demo.ipx.example");
    const html = await page(bank, `/collateral/cases/${caseId}`);
    const rows = html.split('data-testid="attempt-row"').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(`/listings/${first.id}`);
    expect(rows[1]).toContain(`/listings/${second.id}`);
    expect(rows[0]).toContain(percent((p1 / appraisal) * 100));
    expect(rows[1]).toContain(percent((p2 / appraisal) * 100));
    expect(rows[1]).toContain(`−${percent(((p1 - p2) / p1) * 100)}`);
    expect(rows[0]).toContain("Unsold");
    expect(html).toContain("An attempt is under way");
    expect(html).toContain('role="img"');

    const [kase] = await server.db.db.select({ loanId: disposalCases.loanId }).from(disposalCases).where(eq(disposalCases.id, caseId));
    const loan = await page(bank, `/collateral/loans/${kase!.loanId}`);
    expect(loan).toContain(`href="/collateral/cases/${caseId}"`);

    const viaApi = await api(server.origin, "GET", `/disposal-cases/${caseId}`, { token: bankToken });
    expect(viaApi.status).toBe(200);
    expect(viaApi.body!.attempts.map((a: { id: string }) => a.id)).toEqual([first.id, second.id]);
  });

  it("after a second unsold auction, the next step is a fixed-price sale no lower than half the appraisal, prefilled in the form", async () => {
    await server.db.db.update(listings).set({ status: "unsold" }).where(eq(listings.id, attempts[1]!.id));
    const floor = Math.ceil(appraisal / 2);
    for (const lng of ["en", "zh"] as const) {
      const html = await page(await visitor(lng, "bank@demo.ipx.example"), `/collateral/cases/${caseId}`);
      expect(html).toContain(lng === "en" ? `fixed-price sale at no less than ${yuan(floor, "en")}` : `价格不得低于 ${yuan(floor, "zh")}`);
    }
    const bank = await visitor("en", "bank@demo.ipx.example");
    const html = await page(bank, `/collateral/cases/${caseId}`);
    const href = html.match(/href="(\/listings\/new\?[^"]+)"/)![1]!.replace(/&amp;/g, "&");
    expect(new URL(href, server.origin).searchParams.get("mode")).toBe("fixed_price");
    const form = await page(bank, href);
    expect(form).toContain(`name="startPrice"`);
    expect(form).toMatch(new RegExp(`name="startPrice"[^>]*value="${(floor / 100).toFixed(2)}"|value="${(floor / 100).toFixed(2)}"[^>]*name="startPrice"`));
  });

  it("is not there for another bank, on the page or through the API", async () => {
    await page(otherBank, `/collateral/cases/${caseId}`, 404);
    expect((await api(server.origin, "GET", `/disposal-cases/${caseId}`, { token: otherToken })).status).toBe(404);
    expect((await api(server.origin, "GET", `/disposal-cases/${caseId}`, { token: await demoToken(server.origin, "licensee@demo.ipx.example") })).status).toBe(403);
  });
});
