import fs from "node:fs";
import { sql } from "drizzle-orm";
import { type Db, openDatabase } from "../../db/client";
import { listings, organisations } from "../../db/schema";
import { parseConfig } from "../../server/config";
import { patentCheckDigit } from "../../server/domain/collateral/registry-numbers";
import type { AssetType } from "../../server/domain/collateral/vocabulary";
import type { CatalogueQuery } from "../../server/domain/listings/catalogue-query";
import { searchDocument } from "../../server/domain/listings/search-tokens";
import type { ListingMode, ListingStatus } from "../../server/domain/listings/vocabulary";
import { createLogger } from "../../server/logger";
import { EventBus } from "../../server/services/events";
import { CatalogueService } from "../../server/services/listings/catalogue";
import { searchTokensSql } from "../../server/services/listings/search-index";
import { TEMPLATE_DB, cloneDatabase, dropDatabase, prepareTemplate } from "../support/databases";
import { type Cluster, startCluster } from "../support/pg-cluster";

/**
 * `npm run bench:search`: BENCH_LISTINGS generated listings (100,000 by default; bilingual titles and
 * descriptions, registry numbers, owners, classes, regions, prices, every status) in PostgreSQL — the
 * server at DATABASE_URL (in a throwaway database of its own) or a throwaway cluster — then catalogue
 * queries through the real CatalogueService. The headline is a text search with two filters, facets
 * included. Assets are folded into each listing's search document; no ip_assets / listing_assets rows.
 * On a server of your own, BENCH_KEEP=1 leaves the database behind for EXPLAIN ANALYZE.
 */
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const BATCH = 1_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20_260_401);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const weighted = <T>(entries: ReadonlyArray<readonly [T, number]>): T => {
  let r = random() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of entries) if ((r -= w) < 0) return value;
  return entries[0]![0];
};
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

const FIELDS = [
  ["光纤传感器", "fibre-optic sensors", "G01D 5/353"],
  ["锂离子电池", "lithium-ion batteries", "H01M 10/0525"],
  ["LED 驱动电源", "LED driver power supplies", "H05B 45/37"],
  ["图像识别", "image recognition", "G06V 10/82"],
  ["无线通信", "wireless communication", "H04W 72/04"],
  ["半导体封装", "semiconductor packaging", "H01L 23/31"],
  ["新能源汽车电机控制器", "electric vehicle motor controllers", "B60L 15/20"],
  ["储能系统", "energy storage systems", "H02J 7/00"],
  ["无人机", "unmanned aerial vehicles", "B64C 39/02"],
  ["智能家居", "smart home devices", "H04L 12/28"],
  ["医疗器械", "medical devices", "A61B 5/00"],
  ["中药组合物", "traditional Chinese medicine compositions", "A61K 36/00"],
  ["激光雷达", "lidar", "G01S 17/89"],
  ["工业机器人", "industrial robots", "B25J 9/16"],
  ["数控机床", "CNC machine tools", "B23Q 15/00"],
  ["石墨烯导热膜", "graphene thermal films", "C01B 32/184"],
  ["光伏组件", "photovoltaic modules", "H02S 40/30"],
  ["液晶显示面板", "liquid crystal display panels", "G02F 1/1333"],
  ["芯片散热", "chip cooling", "H01L 23/367"],
  ["语音识别", "speech recognition", "G10L 15/16"],
  ["区块链存证", "blockchain notarisation", "H04L 9/32"],
  ["水处理膜", "water treatment membranes", "C02F 1/44"],
  ["充电桩", "EV charging piles", "B60L 53/30"],
  ["5G 天线", "5G antennas", "H01Q 1/24"],
] as const;
const ACTIONS = [
  ["信号解调", "demodulating signals of"],
  ["故障检测", "detecting faults in"],
  ["控制", "controlling"],
  ["制备", "manufacturing"],
  ["校准", "calibrating"],
  ["散热", "cooling"],
  ["定位", "positioning"],
  ["状态监测", "monitoring"],
] as const;
const BASES = ["深度学习", "物联网", "机器视觉", "卷积神经网络", "边缘计算", "数字孪生"];
const CITIES = ["深圳", "广州", "东莞", "佛山", "珠海", "中山", "惠州", "杭州", "苏州", "上海", "北京", "成都", "武汉", "厦门"];
const BRANDS = ["光讯", "华芯", "蓝海", "粤创", "金域", "星河", "瑞能", "中科", "恒通", "德赛", "海纳", "新宙", "安捷", "天翼", "博远", "智源"];
const INDUSTRIES = ["光电科技", "新能源", "智能装备", "生物医药", "电子", "通信技术", "材料科技", "半导体", "软件"];
const WELL_KNOWN = ["华为技术有限公司", "中兴通讯股份有限公司", "比亚迪股份有限公司", "美的集团股份有限公司", "格力电器股份有限公司", "大疆创新科技有限公司"];
const APPRAISERS = ["中联资产评估", "北京中企华资产评估", "国众联资产评估", "深圳鹏信资产评估"];
const REGIONS = [["CN-GD", 40], ["CN-BJ", 10], ["CN-SH", 10], ["CN-ZJ", 8], ["CN-JS", 8], ["CN-SC", 5], ["CN-HB", 4], ["CN-FJ", 4], ["CN-SD", 4], ["CN-HK", 3], ["CN-TJ", 2], ["CN-CQ", 2]] as const;
const STATUSES: ReadonlyArray<readonly [ListingStatus, number]> = [["draft", 6], ["in_review", 3], ["announced", 20], ["open", 28], ["closed", 8], ["awarded", 12], ["unsold", 6], ["settled", 12], ["withdrawn", 5]];
const MODES: ReadonlyArray<readonly [ListingMode, number]> = [["english_auction", 35], ["tender", 8], ["listed_transfer", 20], ["licence", 20], ["equity", 6], ["negotiated_discount", 4], ["fixed_price", 7]];
const TYPES: ReadonlyArray<readonly [AssetType, number]> = [["patent_invention", 40], ["patent_utility_model", 20], ["patent_design", 6], ["trademark", 24], ["copyright_software", 8], ["copyright_work", 2]];
const TYPE_LABEL: Record<AssetType, string> = {
  patent_invention: "发明专利",
  patent_utility_model: "实用新型专利",
  patent_design: "外观设计专利",
  trademark: "注册商标",
  copyright_software: "计算机软件著作权",
  copyright_work: "作品著作权",
};

function owner(): string {
  return random() < 0.03 ? pick(WELL_KNOWN) : `${pick(CITIES)}${pick(BRANDS)}${pick(INDUSTRIES)}${random() < 0.3 ? "股份" : ""}有限公司`;
}

function registryNumber(type: AssetType, year: number): string {
  if (type.startsWith("patent_")) {
    const digits = `${year}${type === "patent_invention" ? 1 : type === "patent_utility_model" ? 2 : 3}${String(int(0, 9_999_999)).padStart(7, "0")}`;
    return `${digits}.${patentCheckDigit(digits)}`;
  }
  if (type === "trademark") return String(int(1_000_000, 69_999_999));
  if (type === "copyright_software") return `${year}SR${String(int(0, 1_999_999)).padStart(7, "0")}`;
  return `国作登字-${year}-F-${String(int(0, 99_999_999)).padStart(8, "0")}`;
}

/** One asset of the listing, as its search document sees it. */
function asset(type: AssetType, english: boolean) {
  const [field, fieldEn, ipc] = pick(FIELDS);
  const [action, actionEn] = pick(ACTIONS);
  const year = int(2012, 2024);
  const brand = pick(BRANDS);
  const title =
    type === "trademark"
      ? `${brand} ${brand === "光讯" ? "GUANGXUN" : "BRAND"}`
      : type.startsWith("copyright")
        ? `${field}${pick(["管理软件", "监测平台", "数据分析系统"])} V${int(1, 5)}.${int(0, 9)}`
        : english
          ? `Method and device for ${actionEn} ${fieldEn}`
          : pick([`一种${field}的${action}方法`, `一种基于${pick(BASES)}的${field}${action}系统`, `${field}${action}装置及其制造方法`]);
  const owners = [owner(), ...(random() < 0.15 ? [owner()] : [])];
  const classes = type === "trademark" ? [String(int(1, 45)), ...(random() < 0.4 ? [String(int(1, 45))] : [])] : type.startsWith("patent_") ? [ipc] : [];
  const description = english
    ? `Granted ${type.replace(/_/g, " ")} covering ${fieldEn}; claims ${int(3, 20)}; no known invalidation request.`
    : `${TYPE_LABEL[type]}，权利要求${int(3, 20)}项，涉及${field}领域的${action}技术，年费已缴至${year + int(5, 12)}年。`;
  return { type, registryNumber: registryNumber(type, year), title, owners, classes, description, field, fieldEn };
}

function listingRow(organisationId: string, now: number) {
  const status = weighted(STATUSES);
  const mode = weighted(MODES);
  const type = weighted(TYPES);
  const english = random() < 0.2;
  const assets = Array.from({ length: random() < 0.12 ? int(2, 5) : 1 }, () => asset(random() < 0.8 ? type : weighted(TYPES), english));
  const first = assets[0]!;
  const owners = [...new Set(assets.flatMap((a) => a.owners))];
  const title = english
    ? assets.length > 1
      ? `Portfolio of ${assets.length} rights on ${first.fieldEn} held by ${owners[0]}`
      : pick([`Auction: ${first.title}`, `Licence offer: ${first.title}`, first.title])
    : assets.length > 1
      ? `${owners[0]}名下${first.field}相关${assets.length}项知识产权打包处置`
      : pick([`${TYPE_LABEL[first.type]}“${first.title}”${mode === "licence" ? "许可" : "转让"}`, first.title, `${first.title}（${first.registryNumber}）`]);
  const appraisalYuan = Math.round(10 ** (4 + random() * 3.7));
  const description = english
    ? `Offered by the pledgee after the borrower's default. Appraised by ${pick(APPRAISERS)} using the income method. Deposit 10% of the starting price; bidding over at least 24 hours.`
    : `本项目为${owners.join("、")}持有的${TYPE_LABEL[first.type]}，因借款人违约由质权人依法处置。${pick(APPRAISERS)}采用收益法评估，评估值${Math.round(appraisalYuan / 10_000) || 1}万元。${random() < 0.3 ? "该权利存在普通许可一项，许可期至2027年。" : "无其他质押或许可。"}竞买人须缴纳保证金。`;
  const doc = searchDocument({ title, description, assets });
  const day = 86_400_000;
  const closesAt =
    status === "announced" || status === "draft" || status === "in_review"
      ? now + int(31, 70) * day
      : status === "open"
        ? now + int(1, 30 * 24) * 3_600_000
        : now - int(1, 200) * day;
  const currency = random() < 0.94 ? "CNY" : pick(["USD", "HKD", "EUR"]);
  return {
    organisationId,
    mode,
    preset: random() < 0.6 ? ("judicial" as const) : ("private" as const),
    status,
    title,
    description,
    region: weighted(REGIONS),
    currency,
    price: BigInt(Math.round(appraisalYuan * (0.5 + random() * 0.5))) * 100n,
    appraisal: BigInt(appraisalYuan) * 100n,
    terms: {},
    assetTypes: doc.assetTypes,
    classes: doc.classes,
    searchText: doc.searchText,
    searchTokens: searchTokensSql(doc.tokens),
    announceAt: new Date(closesAt - 40 * day),
    opensAt: new Date(closesAt - 2 * day),
    closesAt: new Date(closesAt),
    createdAt: new Date(closesAt - int(45, 90) * day),
    updatedAt: new Date(now),
  };
}

async function generate(db: Db, now: number) {
  const sellers = await db
    .insert(organisations)
    .values(Array.from({ length: 20 }, (_, i) => ({ name: `${pick(CITIES)}银行 ${i}`, kind: i % 4 === 3 ? ("ip_owner" as const) : ("bank" as const), verification: "verified" as const })))
    .returning({ id: organisations.id });
  // Tokenising the next batch overlaps inserting this one.
  let pending: Promise<unknown> = Promise.resolve();
  for (let done = 0; done < LISTINGS; done += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, LISTINGS - done) }, () => listingRow(pick(sellers).id, now));
    await pending;
    pending = db.insert(listings).values(rows);
    if ((done / BATCH) % 20 === 19) console.log(`  ${done + rows.length} listings`);
  }
  await pending;
  // What autovacuum would have done by now: statistics, and the visibility map that index-only scans
  // need. A vacuum racing autovacuum's own analyze may leave pages unmarked; a second pass finishes them.
  await db.execute(sql`vacuum analyze listings`);
  for (let pass = 0; pass < 3; pass++) {
    const [vm] = (await db.execute(sql`select relpages, relallvisible from pg_class where relname = 'listings'`)) as unknown as Array<{ relpages: number; relallvisible: number }>;
    if (!vm || vm.relallvisible >= vm.relpages * 0.99) break;
    await db.execute(sql`vacuum listings`);
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

let cluster: Cluster | undefined;
const adminUrl = process.env.DATABASE_URL ?? (cluster = await startCluster()).url;
await prepareTemplate(adminUrl);
const url = await cloneDatabase(adminUrl, "ipx_bench");
const handle = await openDatabase({ url, embeddedDir: "" });
try {
  const now = Date.now();
  const started = performance.now();
  console.log(`generating ${LISTINGS} listings…`);
  await generate(handle.db, now);
  console.log(`generated and analysed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: url, LOG_LEVEL: "silent" });
  const catalogue = new CatalogueService({ db: handle.db, config, bus: new EventBus(), log: createLogger("silent"), now: () => new Date(now) });

  // The headline: text (Chinese and English, broad and narrow) with two filters, default sort, facets.
  const texts = ["专利", "光纤传感", "华为", "锂离子电池", "LED 驱动电源", "图像识别", "商标", "无人机", "sensor", "battery", "LED", "wireless", "2021101", "深圳"];
  const filterPairs: Array<Partial<CatalogueQuery>> = [
    { assetTypes: ["patent_invention"], statuses: ["open"] },
    { modes: ["english_auction"], region: "CN-GD" },
    { assetTypes: ["trademark", "patent_utility_model"], modes: ["licence", "listed_transfer"] },
    { statuses: ["open", "announced"], priceMin: 10_000_000, priceMax: 500_000_000 },
    { region: "CN-GD", endingWithinHours: 24 * 7 },
  ];
  const mixes: Record<string, Array<Partial<CatalogueQuery>>> = {
    "text + two filters (headline)": texts.flatMap((q) => filterPairs.map((f) => ({ q, ...f }))),
    "text only": texts.map((q) => ({ q })),
    "browse, filters only": filterPairs,
    "browse, sorted by price": filterPairs.map((f) => ({ ...f, sort: "price_desc" as const })),
    "text, page 5, newest": texts.map((q) => ({ q, sort: "newest" as const, page: 5 })),
  };
  for (const query of mixes["text + two filters (headline)"]!.slice(0, 20)) await catalogue.search(query); // warm up

  const results: Record<string, { p50: number; p95: number; n: number }> = {};
  const slowest: Array<{ ms: number; query: Partial<CatalogueQuery> }> = [];
  for (const [label, queries] of Object.entries(mixes)) {
    const timings: number[] = [];
    for (let round = 0; round < Math.ceil(ROUNDS / (label.includes("headline") ? 4 : 1)); round++) {
      for (const query of queries) {
        const t0 = performance.now();
        await catalogue.search(query);
        const ms = performance.now() - t0;
        timings.push(ms);
        if (label.includes("headline")) slowest.push({ ms, query });
      }
    }
    results[label] = { p50: percentile(timings, 50), p95: percentile(timings, 95), n: timings.length };
    console.log(`${label.padEnd(32)} n=${String(timings.length).padStart(4)}  p50 ${results[label]!.p50.toFixed(1)} ms  p95 ${results[label]!.p95.toFixed(1)} ms`);
  }
  slowest.sort((a, b) => b.ms - a.ms);
  console.log("\nslowest headline queries:");
  for (const { ms, query } of slowest.slice(0, 5)) console.log(`  ${ms.toFixed(1)} ms  ${JSON.stringify(query)}`);
  const sample = await catalogue.search({ q: "光纤传感", assetTypes: ["patent_invention"], statuses: ["open"] });
  console.log(`\nsample "光纤传感" + invention + open: ${sample.total} matches; first: ${sample.items[0]?.title ?? "none"}`);
  const headline = results["text + two filters (headline)"]!;
  const report = { listings: LISTINGS, p50Ms: Number(headline.p50.toFixed(1)), p95Ms: Number(headline.p95.toFixed(1)) };
  fs.mkdirSync("reports", { recursive: true });
  fs.writeFileSync("reports/bench-search.json", `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\ntext search with two filters over ${LISTINGS} listings: p50 ${report.p50Ms} ms, p95 ${report.p95Ms} ms (target p95 ≤ 50 ms), written to reports/bench-search.json`);
} finally {
  await handle.close();
  if (cluster) cluster.stop();
  else if (process.env.BENCH_KEEP) console.log(`kept ${url} (BENCH_KEEP)`);
  else {
    await dropDatabase(adminUrl, url);
    const template = new URL(adminUrl);
    template.pathname = `/${TEMPLATE_DB}`;
    await dropDatabase(adminUrl, template.toString());
  }
}
