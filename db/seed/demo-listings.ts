import { eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { disposalCaseAssets, disposalCases, jobs, listings } from "../schema";
import { defaultAuctionTerms, minRelistStart, steppedIncrement } from "../../server/domain/listings/presets";
import type { Preset } from "../../server/domain/listings/vocabulary";
import { jsonSafe } from "../../server/domain/money";
import { CreateListingSchema } from "../../server/domain/schemas/listings";
import type { z } from "zod";
import type { Services } from "../../server/services";
import { chinaDate } from "../../server/domain/calendar-date";
import { principalFor } from "./principal";

/** The demo tender's published scoring: price, how fast the balance is paid, when a product ships, and a licence back to the pledgor. */
const DEMO_TENDER_SCORING = {
  priceWeight: 60,
  criteria: [
    { label: "付清余款天数 Days to pay the balance", weight: 15, better: "lower", min: 0, max: 90 },
    { label: "首个产品上市月数 Months to first product", weight: 15, better: "lower", min: 1, max: 36 },
    { label: "向出质人免费回授许可年数 Royalty-free licence back to the pledgor, years", weight: 10, better: "higher", min: 0, max: 10 },
  ],
} as const;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Listings across modes and statuses from the demo bank's disposal cases and book, including an English
 * auction that opens a few minutes after the first start (its notice is backdated, as if announced a
 * week ago). Idempotent: nothing happens once the bank has listings.
 */
const HELD_RIGHTS = [
  "医学影像分割 Medical image segmentation",
  "石墨烯导热膜 Graphene thermal film",
  "明辉照明",
  "智能家居 Smart home",
  "模具冷却 Mould cooling",
  "可降解包装 Biodegradable packaging",
  "智能窗帘 Smart curtain",
  "海藻多糖 Seaweed polysaccharide",
  "模具定位 Mould locating",
];

export async function seedDemoListings(db: Db, services: Services, now: Date): Promise<void> {
  const bank = await principalFor(db, "bank@demo.ipx.example");
  const operator = await principalFor(db, "operator@demo.ipx.example");
  if ((await db.select({ id: listings.id }).from(listings).where(eq(listings.organisationId, bank.organisation.id)).limit(1)).length > 0) return;
  const cases = await db.select().from(disposalCases).where(eq(disposalCases.organisationId, bank.organisation.id));
  const caseAssets = cases.length
    ? await db.select().from(disposalCaseAssets).where(inArray(disposalCaseAssets.caseId, cases.map((c) => c.id)))
    : [];
  const must = <T extends { ok: boolean }>(r: T, what: string) => {
    if (!r.ok) throw new Error(`demo listings: ${what}: ${JSON.stringify(r)}`);
    return r as Extract<T, { ok: true }>;
  };

  // Rights the bank holds itself (taken earlier in satisfaction of debts): as their registered holder it
  // may offer them in any mode; the rights pledged to its performing loans are the borrowers' and are not
  // for sale (decision 021).
  const free: string[] = [];
  for (const [i, title] of HELD_RIGHTS.entries()) {
    const registryNumber = String(58_000_000 + i * 7_919);
    const created = await services.assets.create(bank, { type: "trademark", registryNumber, title, owners: [bank.organisation.name], classes: ["35"], legalStatus: "valid", description: `${title}。权利人：${bank.organisation.name}（以物抵债取得）。` });
    free.push(must(created, `held right ${registryNumber}`).id);
    const valuedOn = chinaDate(new Date(now.getTime() - 30 * DAY));
    must(await services.assets.addValuation(bank, { asset: { type: "trademark", registryNumber }, appraiser: "中联资产评估集团", method: "market", amount: 60_000_000n, currency: "CNY", valuedOn }), `valuation ${registryNumber}`);
  }

  const auctionTerms = (preset: Preset) => jsonSafe(defaultAuctionTerms(preset, null, now)) as Record<string, unknown>;
  const publish = async (id: string) => {
    must(await services.listings.submit(bank, id), "submit");
    must(await services.listings.review(operator, id, { verdict: "approve" }), "approve");
  };
  /** Moves a listing's clock back as if time had passed, and lets the clock act on it. */
  const backdate = async (id: string, announce: number, open: number, close: number) => {
    await db.update(listings).set({ announceAt: new Date(now.getTime() + announce), opensAt: new Date(now.getTime() + open), closesAt: new Date(now.getTime() + close) }).where(eq(listings.id, id));
    await db.update(jobs).set({ runAt: new Date(now.getTime() + open) }).where(eq(jobs.dedupeKey, `listing:${id}:open`));
    await db.update(jobs).set({ runAt: new Date(now.getTime() + close) }).where(eq(jobs.dedupeKey, `listing:${id}:closed`));
  };

  const [first, second, third] = cases;
  const assetsOf = (caseId: string | undefined) => caseAssets.filter((a) => a.caseId === caseId).map((a) => a.assetId);
  // Through the API's own schema: the seed is held to what a seller could submit.
  const create = async (input: z.input<typeof CreateListingSchema>) => must(await services.listings.create(bank, CreateListingSchema.parse(input)), input.title).id;

  if (first) {
    const id = await create({ mode: "english_auction", preset: "private", title: "光纤传感专利包（变现拍卖） Fibre-optic sensing patent bundle", description: "质权人依法处置的发明专利及注册商标组合，附评估报告与质押登记证明。", region: "CN-GD", assetIds: assetsOf(first.id), disposalCaseId: first.id, terms: { ...auctionTerms("private"), startPrice: 80_000_000, deposit: 8_000_000, incrementKind: "stepped", increment: null, proxyBids: true } });
    await publish(id);
    // Announced a week ago; opens five minutes after this first start and runs for two days.
    await backdate(id, -7 * DAY, 5 * MINUTE, 5 * MINUTE + 2 * DAY);
  }
  if (second) {
    // A judicial case on its second auction: the first ended unsold, the relist starts at the lowest start the 20% cut allows.
    const kase = must(await services.disposalCases.get(bank, second.id), "case");
    if (kase.appraisal === null) throw new Error("demo listings: the second case's rights have no appraisal");
    const firstTerms = defaultAuctionTerms("judicial", kase.appraisal, now);
    const judicial = jsonSafe(firstTerms) as Record<string, unknown>;
    const first = await create({ mode: "english_auction", preset: "judicial", title: "锂电池正极材料发明专利（第一次拍卖） Lithium cathode material patent (first auction)", description: "第一次拍卖，起拍价为评估值的 70%。", region: "CN-GD", assetIds: assetsOf(second.id), disposalCaseId: second.id, terms: judicial });
    await publish(first);
    await backdate(first, -50 * DAY, -20 * DAY, -19 * DAY);
    await services.listings.transition(first, "open");
    await services.bids.closeLot(first);
    const start = minRelistStart(firstTerms.startPrice);
    const id = await create({ mode: "english_auction", preset: "judicial", title: "锂电池正极材料发明专利（第二次拍卖） Lithium cathode material patent (second auction)", description: "第一次拍卖流拍，再次拍卖起拍价降低 20%。", region: "CN-GD", assetIds: assetsOf(second.id), disposalCaseId: second.id, terms: { ...judicial, startPrice: Number(start), deposit: Number(start / 10n), increment: Number(steppedIncrement(start)) } });
    await publish(id);
  }
  if (third) {
    const id = await create({ mode: "tender", preset: "private", title: "食品冻干工艺专利（密封投标） Freeze-drying process patent (sealed tender)", description: "密封投标，开标前任何人不可见报价。", region: "CN-GD", assetIds: assetsOf(third.id), disposalCaseId: third.id, terms: { ...auctionTerms("private"), startPrice: 20_000_000, deposit: 2_000_000, tender: { openingAt: new Date(now.getTime() + 9 * DAY).toISOString(), evaluation: "weighted", scoring: DEMO_TENDER_SCORING } } });
    await publish(id);
  }
  const pick = (n: number) => free.slice(n, n + 1);
  if (free.length >= 6) {
    const licence = await create({ mode: "licence", preset: "private", title: "医学影像分割算法专利普通许可 Non-exclusive licence: medical image segmentation", description: "普通许可，华南地区，医疗器械领域。", region: "CN-GD", assetIds: pick(0), terms: { kind: "non_exclusive", fieldOfUse: "医疗影像设备 / medical imaging devices", territory: "中国大陆 / mainland China", termMonths: 60, upfrontFee: 30_000_000, royaltyBps: 350, minimumAnnualRoyalty: 5_000_000, announceAt: new Date(now.getTime() + MINUTE).toISOString(), closesAt: new Date(now.getTime() + 60 * DAY).toISOString() } });
    await publish(licence);
    await backdate(licence, -2 * DAY, -2 * DAY, 58 * DAY);
    await services.listings.transition(licence, "open");
    const equity = await create({ mode: "equity", preset: "private", title: "石墨烯导热膜专利出资入股 Graphene film patent as capital contribution", description: "以专利作价入股，需以评估为基础。", region: "CN-GD", assetIds: pick(1), terms: { askingValue: 120_000_000, conditions: "技术团队随专利一并加入", announceAt: new Date(now.getTime() + MINUTE).toISOString(), closesAt: new Date(now.getTime() + 45 * DAY).toISOString() } });
    await publish(equity);
    await backdate(equity, -DAY, -DAY, 44 * DAY);
    await services.listings.transition(equity, "open");
    const transfer = await create({ mode: "listed_transfer", preset: "private", title: "注册商标“明辉照明”挂牌转让 Listed transfer: trademark 明辉照明", description: "挂牌价转让，登记意向需缴纳保证金。", region: "CN-GD", assetIds: pick(2), terms: { ...auctionTerms("private"), startPrice: 15_000_000, deposit: 1_500_000 } });
    await publish(transfer);
    const draft = await create({ mode: "negotiated_discount", preset: "private", title: "智能家居软件著作权协议折价 Negotiated discount: smart-home software", description: "债权人与出质人协商以物抵债。", region: "CN-GD", assetIds: pick(3), terms: { proposedValue: 9_000_000, takerName: "粤海商业银行", pledgorPartyName: "肇庆智能家居有限公司" } });
    must(await services.listings.submit(bank, draft), "submit discount");
    const fixed = await create({ mode: "fixed_price", preset: "private", title: "模具冷却结构实用新型变卖 Fixed-price sale: mould cooling utility model", description: "两次流拍后变卖。", region: "CN-GD", assetIds: pick(4), terms: { ...auctionTerms("private"), startPrice: 4_000_000, deposit: 400_000 } });
    await publish(fixed);
    const withdrawn = await create({ mode: "english_auction", preset: "private", title: "已撤回：可降解包装材料专利 Withdrawn: biodegradable packaging patent", region: "CN-GD", assetIds: pick(5), terms: auctionTerms("private") });
    must(await services.listings.withdraw(bank, withdrawn), "withdraw");
  }
  if (free.length >= 9) {
    // A draft the seller is still writing.
    await create({ mode: "english_auction", preset: "private", title: "草稿：智能窗帘驱动器专利拍卖 Draft: smart curtain drive patent", description: "尚未提交审核。", region: "CN-GD", assetIds: pick(6), terms: auctionTerms("private") });
    // An exclusive licence already granted: the licensee applied on the posted terms and the bank accepted.
    const exclusive = await create({ mode: "licence", preset: "private", title: "海藻多糖提取工艺专利独占许可 Exclusive licence: seaweed polysaccharide extraction", description: "独占许可，食品与保健品领域。", region: "CN-GD", assetIds: pick(7), terms: { kind: "exclusive", fieldOfUse: "食品与保健品 / food and supplements", territory: "中国大陆 / mainland China", termMonths: 84, upfrontFee: 50_000_000, royaltyBps: 500, minimumAnnualRoyalty: 8_000_000, announceAt: new Date(now.getTime() + MINUTE).toISOString(), closesAt: new Date(now.getTime() + 30 * DAY).toISOString() } });
    await publish(exclusive);
    await backdate(exclusive, -10 * DAY, -10 * DAY, 20 * DAY);
    await services.listings.transition(exclusive, "open");
    const licensee = await principalFor(db, "licensee@demo.ipx.example");
    const application = must(await services.offers.licence.apply(licensee, exclusive, { kind: "apply" }), "licence application");
    must(await services.offers.licence.decide(bank, application.id, "accept"), "accept licence");
    // An auction whose bidding time is over without a bid: its lot's close leaves it unsold.
    const closed = await create({ mode: "english_auction", preset: "private", title: "模具快速定位销专利拍卖（已结束） Closed auction: mould locating pin patent", description: "竞价已结束。", region: "CN-GD", assetIds: pick(8), terms: auctionTerms("private") });
    await publish(closed);
    await backdate(closed, -12 * DAY, -3 * DAY, -HOUR);
    await services.listings.transition(closed, "open");
    await services.bids.closeLot(closed);
  }
}
