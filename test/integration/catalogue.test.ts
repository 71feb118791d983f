import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ipAssets, listingAssets, listings, organisations } from "../../db/schema";
import type { AssetType } from "../../server/domain/collateral/vocabulary";
import { searchDocument } from "../../server/domain/listings/search-tokens";
import type { ListingMode, ListingStatus } from "../../server/domain/listings/vocabulary";
import { refreshSearchDocument } from "../../server/services/listings/search-index";
import { patentNumber } from "../support/organisations";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

/**
 * The public catalogue on PostgreSQL 15: listings written directly with their assets, search documents
 * computed by refreshSearchDocument (as the listing service does), then searched through GET /catalogue.
 * Every test listing carries the made-up owner 星辰光电, so exact counts do not depend on demo data.
 */
let server: TestServer;
const DAY = 86_400_000;
const INVENTION = patentNumber(2021, 1, 123456);
const UTILITY = patentNumber(2022, 2, 654321);
const ids: Record<string, string> = {};

type AssetSpec = { type: AssetType; registryNumber: string; title: string; owners: string[]; classes: string[]; description: string };
const ASSETS: Record<string, AssetSpec> = {
  fibre: { type: "patent_invention", registryNumber: INVENTION, title: "一种光纤传感器的信号解调方法", owners: ["深圳星辰光电科技有限公司"], classes: ["G01D 5/353"], description: "基于光纤光栅的传感信号解调，权利要求 10 项。" },
  brand: { type: "trademark", registryNumber: "35123456", title: "星辰 XINGCHEN", owners: ["深圳星辰光电科技有限公司"], classes: ["9", "42"], description: "" },
  driver: { type: "patent_utility_model", registryNumber: UTILITY, title: "LED 驱动电源散热结构", owners: ["华为技术有限公司", "深圳星辰光电科技有限公司"], classes: ["H05B 45/37"], description: "" },
  software: { type: "copyright_software", registryNumber: "2023SR0123456", title: "Fibre sensor analytics platform", owners: ["Stellar Optics Ltd (星辰光电)"], classes: [], description: "Signal analytics for fibre Bragg grating sensors." },
};

type ListingSpec = { mode: ListingMode; status: ListingStatus; title: string; region: string; price: number; currency?: string; closesInDays: number; assets: string[] };
const LISTINGS: Record<string, ListingSpec> = {
  auction: { mode: "english_auction", status: "open", title: "发明专利“一种光纤传感器的信号解调方法”拍卖", region: "CN-GD", price: 5_000_000_00, closesInDays: 2, assets: ["fibre"] },
  licence: { mode: "licence", status: "announced", title: "星辰商标独占许可 Exclusive trademark licence", region: "CN-BJ", price: 1_000_000_00, closesInDays: 40, assets: ["brand"] },
  transfer: { mode: "listed_transfer", status: "open", title: "实用新型专利 LED 驱动电源散热结构 转让", region: "CN-GD", price: 20_000_000_00, closesInDays: 10, assets: ["driver"] },
  bundle: { mode: "english_auction", status: "awarded", title: "光纤传感专利包（两项）", region: "CN-GD", price: 8_000_000_00, closesInDays: -10, assets: ["fibre", "driver"] },
  tender: { mode: "tender", status: "open", title: "Fibre sensor analytics software tender", region: "CN-SH", price: 300_000_00, currency: "USD", closesInDays: 5, assets: ["software"] },
  draft: { mode: "english_auction", status: "draft", title: "专利 草稿 光纤传感 secret draft", region: "CN-GD", price: 1_00, closesInDays: 60, assets: ["fibre"] },
  longClosed: { mode: "english_auction", status: "awarded", title: "光纤传感 旧案 专利", region: "CN-GD", price: 2_00, closesInDays: -200, assets: ["fibre"] },
  withdrawn: { mode: "licence", status: "withdrawn", title: "撤回的专利许可 光纤传感", region: "CN-GD", price: 3_00, closesInDays: 30, assets: ["fibre"] },
};
const PUBLIC = ["auction", "licence", "transfer", "bundle", "tender"];

const search = async (query: string) => {
  const res = await api(server.origin, "GET", `/catalogue?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: Array<{ id: string; title: string; price: number; status: string; mode: string; snippet: string; closesAt: string | null }>; total: number; facets: Record<string, Array<{ value: string; count: number }>> };
};
const namesOf = (items: Array<{ id: string }>) =>
  items
    .map((i) => Object.keys(ids).find((k) => ids[k] === i.id))
    .filter((k): k is string => k !== undefined)
    .sort();
const count = (facet: Array<{ value: string; count: number }>, value: string) => facet.find((f) => f.value === value)?.count ?? 0;

beforeAll(async () => {
  server = await startTestServer();
  const db = server.db.db;
  const [seller] = await db.select({ id: organisations.id }).from(organisations).limit(1);
  const assetIds: Record<string, string> = {};
  for (const [key, spec] of Object.entries(ASSETS)) {
    const [row] = await db.insert(ipAssets).values(spec).returning({ id: ipAssets.id });
    assetIds[key] = row!.id;
  }
  const now = Date.now();
  for (const [key, spec] of Object.entries(LISTINGS)) {
    const closesAt = new Date(now + spec.closesInDays * DAY);
    const [row] = await db
      .insert(listings)
      .values({
        organisationId: seller!.id,
        mode: spec.mode,
        preset: "private",
        status: spec.status,
        title: spec.title,
        description: `${key} 项目说明：质权人依法处置。`,
        region: spec.region,
        currency: spec.currency ?? "CNY",
        price: BigInt(spec.price),
        terms: {},
        announceAt: new Date(closesAt.getTime() - 40 * DAY),
        opensAt: new Date(closesAt.getTime() - 5 * DAY),
        closesAt,
        createdAt: new Date(closesAt.getTime() - 45 * DAY),
        updatedAt: new Date(now),
      })
      .returning({ id: listings.id });
    ids[key] = row!.id;
    await db.insert(listingAssets).values(spec.assets.map((a) => ({ listingId: row!.id, assetId: assetIds[a]! })));
    await db.transaction((tx) => refreshSearchDocument(tx, row!.id));
  }
});
afterAll(() => server?.stop());

describe("search documents", () => {
  it("are the tokeniser's tokens, each kept whole by PostgreSQL's parser, with the assets' types and classes", async () => {
    const [row] = await server.db.db
      .select({ lexemes: sql<string[]>`tsvector_to_array(${listings.searchTokens})`, assetTypes: listings.assetTypes, classes: listings.classes, text: listings.searchText })
      .from(listings)
      .where(eq(listings.id, ids.bundle!));
    const expected = searchDocument({ title: LISTINGS.bundle!.title, description: "bundle 项目说明：质权人依法处置。", assets: [ASSETS.fibre!, ASSETS.driver!] });
    const tokens = new Set(Object.values(expected.tokens).flatMap((t) => t.split(" ").filter(Boolean)));
    expect([...row!.lexemes].sort()).toEqual([...tokens].sort());
    expect(row!.assetTypes).toEqual(["patent_invention", "patent_utility_model"]);
    expect(row!.classes).toEqual(["G01D", "G01D 5/353", "H05B", "H05B 45/37"]);
    expect(row!.text).toContain(INVENTION);
  });

  it("keep tokens of every script whole (CJK, kana, hangul, accents, full-width)", async () => {
    const text = "Café サーバー 한국어 ＬＥＤ２０２１ straße ZL202110123456.7 H04L 9/32 非独占许可";
    const tokens = searchDocument({ title: text, description: "", assets: [] }).tokens.a;
    const [row] = (await server.db.db.execute(sql`select tsvector_to_array(to_tsvector('simple', ${tokens})) as lexemes`)) as unknown as Array<{ lexemes: string[] }>;
    expect([...row!.lexemes].sort()).toEqual([...new Set(tokens.split(" "))].sort());
  });
});

describe("GET /catalogue", () => {
  it("finds Chinese two-character words, and never shows drafts, withdrawn or long-closed listings", async () => {
    const patent = await search(`q=${encodeURIComponent("专利")}&pageSize=50`);
    expect(namesOf(patent.items)).toEqual(["auction", "bundle", "transfer"]);
    for (const item of patent.items) expect(["announced", "open", "closed", "awarded"]).toContain(item.status);
    expect(namesOf((await search(`q=${encodeURIComponent("华为")}`)).items)).toEqual(["bundle", "transfer"]);
    expect(namesOf((await search(`q=${encodeURIComponent("光纤传感")}`)).items)).toEqual(["auction", "bundle"]);
    // One character: a prefix of the bigrams, and the last character of a run.
    expect(namesOf((await search(`q=${encodeURIComponent("纤")}`)).items)).toEqual(["auction", "bundle"]);
    expect(namesOf((await search(`q=${encodeURIComponent("构")}`)).items)).toEqual(["bundle", "transfer"]);
    // Words no listing holds together find nothing.
    expect((await search(`q=${encodeURIComponent("光纤 商标 tender")}`)).total).toBe(0);
  });

  it("finds English words, whole or being typed, and mixed queries", async () => {
    expect(namesOf((await search("q=sensor")).items)).toEqual(["tender"]);
    expect(namesOf((await search("q=ANALYT")).items)).toEqual(["tender"]);
    expect(namesOf((await search(`q=${encodeURIComponent("LED 驱动电源")}`)).items)).toEqual(["bundle", "transfer"]);
    expect(namesOf((await search(`q=${encodeURIComponent("exclusive 星辰")}`)).items)).toEqual(["licence"]);
  });

  it("finds a registry number with or without ZL and its dot, and by its leading digits", async () => {
    for (const q of [INVENTION, `ZL${INVENTION}`, INVENTION.replace(".", ""), INVENTION.slice(0, 7), "35123456", "2023SR0123456"]) {
      const found = namesOf((await search(`q=${encodeURIComponent(q)}`)).items);
      expect(found.length, q).toBeGreaterThan(0);
    }
    expect(namesOf((await search(`q=${encodeURIComponent(`ZL${INVENTION}`)}`)).items)).toEqual(["auction", "bundle"]);
    expect(namesOf((await search(`q=${INVENTION.slice(0, 7)}`)).items)).toEqual(["auction", "bundle"]);
    expect(namesOf((await search("q=2023SR0123456")).items)).toEqual(["tender"]);
  });

  it("filters, and counts each facet as if its own filter were off", async () => {
    const marker = `q=${encodeURIComponent("星辰光电")}`;
    const all = await search(marker);
    expect(all.total).toBe(PUBLIC.length);
    expect(count(all.facets.modes!, "english_auction")).toBe(2);
    expect(count(all.facets.regions!, "CN-GD")).toBe(3);
    expect(count(all.facets.assetTypes!, "patent_invention")).toBe(2);
    expect(count(all.facets.statuses!, "open")).toBe(3);

    const filtered = await search(`${marker}&modes=english_auction&region=CN-GD`);
    expect(namesOf(filtered.items)).toEqual(["auction", "bundle"]);
    expect(filtered.total).toBe(2);
    // Modes ignore the mode filter but honour the region: english_auction 2, listed_transfer 1 in CN-GD.
    expect(count(filtered.facets.modes!, "english_auction")).toBe(2);
    expect(count(filtered.facets.modes!, "listed_transfer")).toBe(1);
    expect(count(filtered.facets.modes!, "licence")).toBe(0);
    // Regions ignore the region filter but honour the mode.
    expect(filtered.facets.regions).toEqual([{ value: "CN-GD", count: 2 }]);
    expect(count(filtered.facets.statuses!, "awarded")).toBe(1);

    expect(namesOf((await search(`${marker}&assetTypes=trademark,copyright_software`)).items)).toEqual(["licence", "tender"]);
    expect(namesOf((await search(`${marker}&statuses=open&statuses=announced`)).items)).toEqual(["auction", "licence", "tender", "transfer"]);
    expect(namesOf((await search(`${marker}&classes=h05b`)).items)).toEqual(["bundle", "transfer"]);
    expect(namesOf((await search(`${marker}&priceMin=100000000&priceMax=600000000`)).items)).toEqual(["auction", "licence"]);
    expect(namesOf((await search(`${marker}&currency=USD`)).items)).toEqual(["tender"]);
    expect(namesOf((await search(`${marker}&endingWithinHours=72`)).items)).toEqual(["auction"]);
  });

  it("sorts and pages", async () => {
    const marker = `q=${encodeURIComponent("星辰光电")}`;
    const byPrice = await search(`${marker}&sort=price_asc&currency=CNY`);
    expect(byPrice.items.map((i) => i.price)).toEqual([...byPrice.items.map((i) => i.price)].sort((a, b) => a - b));
    expect(namesOf((await search(`${marker}&sort=price_desc&pageSize=1`)).items)).toEqual(["transfer"]);
    const ending = await search(`${marker}&sort=ending_soon`);
    expect(ending.items.map((i) => Object.keys(ids).find((k) => ids[k] === i.id))).toEqual(["auction", "tender", "transfer", "licence", "bundle"]);

    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await search(`${marker}&sort=newest&pageSize=2&page=${page}`);
      expect(res.total).toBe(5);
      expect(res.items.length).toBe(page < 3 ? 2 : 1);
      seen.push(...res.items.map((i) => i.id));
    }
    expect(new Set(seen).size).toBe(5);
    expect((await search(`${marker}&page=4&pageSize=2`)).items).toEqual([]);
  });

  it("ranks title matches first and gives a snippet around the match", async () => {
    // Only the licence has 星辰 in its title; it ends later than the others, yet comes first.
    const res = await search(`q=${encodeURIComponent("星辰")}`);
    expect(res.items.map((i) => Object.keys(ids).find((k) => ids[k] === i.id))).toEqual(["licence", "auction", "tender", "transfer", "bundle"]);
    const tender = await search("q=Bragg");
    expect(tender.items[0]!.snippet).toContain("Bragg");
  });

  it("refuses unknown or out-of-range parameters", async () => {
    expect((await api(server.origin, "GET", "/catalogue?colour=red")).status).toBe(400);
    expect((await api(server.origin, "GET", "/catalogue?pageSize=51")).status).toBe(400);
    expect((await api(server.origin, "GET", "/catalogue?modes=auction")).status).toBe(400);
    expect((await api(server.origin, "GET", "/catalogue?statuses=draft")).status).toBe(400);
  });
});

describe("the catalogue page", () => {
  it("shows an anonymous visitor the matches with their counts, in Chinese or English", async () => {
    const visitor = new Visitor(server.origin);
    const page = await visitor.get(`/catalogue?q=${encodeURIComponent("光纤传感")}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`/listings/${ids.auction}`);
    expect(html).toContain(`/listings/${ids.bundle}`);
    expect(html).not.toContain(ids.draft!);
    const empty = await (await visitor.get(`/catalogue?q=${encodeURIComponent("不存在的词语组合")}`)).text();
    expect(empty).toContain('data-testid="catalogue-empty"');
  });
});
