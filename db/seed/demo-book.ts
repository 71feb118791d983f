import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { loans, organisations } from "../schema";
import { addDays, chinaDate } from "../../server/domain/calendar-date";
import { patentCheckDigit } from "../../server/domain/collateral/registry-numbers";
import type { AssetType, LegalStatus } from "../../server/domain/collateral/vocabulary";
import type { Services } from "../../server/services";
import { principalFor } from "./principal";

/**
 * A realistic book for the demo bank: 40 pledged rights with real-format registry numbers and classes,
 * 12 loans (3 defaulted), risk sharing from the presets with the demo fund, insurer and guarantor, and
 * valuations over time; dates are relative to today so that alerts fire.
 */
const BORROWERS = [
  ["深圳光电科技有限公司", "91440300MA5FDM09XB"],
  ["广州智联医疗器械有限公司", "91440101MA59K3TQ2C"],
  ["东莞精密模具股份有限公司", "91441900MA4UL8RX5D"],
  ["佛山新材料科技有限公司", "91440604MA52B7HN3E"],
  ["珠海海洋生物技术有限公司", "91440400MA4W9CDF6F"],
  ["中山照明电器有限公司", "91442000MA4X2LPK7G"],
  ["惠州锂电能源有限公司", "91441300MA51QW8M8H"],
  ["汕头玩具创意有限公司", "91440500MA4WJ3YB9J"],
  ["江门机电设备有限公司", "91440700MA52XK1A0K"],
  ["肇庆智能家居有限公司", "91441200MA4X7NDT1L"],
  ["湛江食品科技有限公司", "91440800MA53FG2C2M"],
  ["韶关环保工程有限公司", "91440200MA4WP5HQ3N"],
] as const;

const PATENT_TITLES = [
  "一种光纤传感信号解调方法", "基于深度学习的医学影像分割装置", "一种高精度注塑模具冷却结构", "石墨烯复合导热膜及其制备方法",
  "一种海藻多糖提取工艺", "LED 驱动电源的恒流控制电路", "一种锂离子电池正极材料及制备方法", "可编程积木机器人控制系统",
  "一种数控机床主轴热变形补偿方法", "智能门锁的指纹识别模组", "一种低温冻干食品加工方法", "工业废水膜生物反应器",
  "无线充电线圈的磁屏蔽结构", "一种便携式心电监测贴片", "多腔热流道分流板", "一种可降解包装材料",
];
const UTILITY_TITLES = ["一种散热型路由器外壳", "一种便携式血氧仪夹具", "模具快速定位销组件", "一种节能灯具安装支架", "电池模组绝缘隔板", "一种智能窗帘驱动器"];
const DESIGN_TITLES = ["智能音箱（星环）", "儿童积木（太空站）"];
const TRADEMARKS: Array<[string, string[]]> = [
  ["光讯 GUANGXUN", ["9", "42"]], ["智联医疗", ["10", "44"]], ["精模 JINGMO", ["7"]], ["新材", ["1", "17"]], ["海之源", ["5", "29"]],
  ["明辉照明", ["11"]], ["锂动力", ["9"]], ["乐创玩具", ["28"]], ["江机", ["7", "37"]], ["安居智能", ["9", "20"]],
];
const SOFTWARE_TITLES = ["光纤监测平台软件 V3.0", "医学影像辅助诊断系统 V2.1", "模具设计协同平台 V1.5", "电池管理系统 BMS V4.0", "智能家居控制 App V2.0", "水质在线监测系统 V1.2"];

type SeedAsset = { type: AssetType; registryNumber: string; title: string; classes: string[]; legalStatus: LegalStatus; nextAnnuityDue?: string; filedOn: string; owner: string };

function patent(year: number, typeDigit: number, serial: number): string {
  const digits = `${year}${typeDigit}${String(serial).padStart(7, "0")}`;
  return `${digits}.${patentCheckDigit(digits)}`;
}

function buildAssets(today: string): SeedAsset[] {
  const out: SeedAsset[] = [];
  const ipc = ["G01D 5/353", "G06T 7/11", "B29C 45/73", "C09K 5/14", "C08B 37/00", "H05B 45/10", "H01M 4/505", "A63H 33/04", "B23Q 15/18", "G06V 40/12", "A23L 3/44", "C02F 3/12", "H01F 38/14", "A61B 5/25", "B29C 45/27", "C08L 67/04"];
  PATENT_TITLES.forEach((title, i) =>
    out.push({ type: "patent_invention", registryNumber: patent(2018 + (i % 5), 1, 100_000 + i * 7919), title, classes: [ipc[i]!], legalStatus: "valid", filedOn: `${2018 + (i % 5)}-0${(i % 9) + 1}-15`, owner: "" }),
  );
  UTILITY_TITLES.forEach((title, i) =>
    out.push({ type: "patent_utility_model", registryNumber: patent(2020 + (i % 3), 2, 200_000 + i * 4231), title, classes: ["H05K 7/20"], legalStatus: "valid", filedOn: `${2020 + (i % 3)}-06-01`, owner: "" }),
  );
  DESIGN_TITLES.forEach((title, i) => out.push({ type: "patent_design", registryNumber: patent(2022, 3, 300_000 + i * 17), title, classes: [], legalStatus: "valid", filedOn: "2022-03-01", owner: "" }));
  TRADEMARKS.forEach(([title, classes], i) => out.push({ type: "trademark", registryNumber: String(30_000_000 + i * 1_234_567), title, classes, legalStatus: "valid", filedOn: `${2015 + i % 6}-04-10`, owner: "" }));
  SOFTWARE_TITLES.forEach((title, i) => out.push({ type: "copyright_software", registryNumber: `${2019 + (i % 4)}SR${String(1_000_000 + i * 98_765).padStart(7, "0")}`, title, classes: [], legalStatus: "valid", filedOn: `${2019 + (i % 4)}-08-20`, owner: "" }));
  // Annuities: a few due soon, one already in its grace period, others comfortably later.
  out.forEach((a, i) => {
    if (!a.type.startsWith("patent_")) return;
    a.nextAnnuityDue = i === 0 ? addDays(today, 18) : i === 5 ? addDays(today, 45) : i === 9 ? addDays(today, 80) : addDays(today, 120 + i * 9);
  });
  // Each right belongs to the borrower of the first loan it secures (a pledgor pledges its own rights).
  PLANS.forEach((plan) => plan.assets.forEach((i) => (out[i]!.owner = out[i]!.owner === "" ? BORROWERS[plan.borrower]![0] : out[i]!.owner)));
  out[3]!.legalStatus = "in_grace";
  out[3]!.nextAnnuityDue = addDays(today, -40);
  out[12]!.legalStatus = "invalidation_pending";
  return out;
}

type LoanPlan = { reference: string; borrower: number; principal: bigint; assets: number[]; preset: "fund54_bank26_insurer16_valuer4" | "bank60_fund40" | "bank50_fund50" | "guarantor"; defaulted?: boolean; valuationFactor: number };

const WAN = 1_000_000n; // ¥10,000 in fen
const PLANS: LoanPlan[] = [
  { reference: "YH-2023-0101", borrower: 0, principal: 1_000n * WAN, assets: [0, 22, 34], preset: "fund54_bank26_insurer16_valuer4", valuationFactor: 1.6 },
  { reference: "YH-2023-0102", borrower: 1, principal: 800n * WAN, assets: [1, 13, 23], preset: "bank60_fund40", valuationFactor: 1.3 },
  { reference: "YH-2023-0103", borrower: 2, principal: 600n * WAN, assets: [2, 14, 18, 24], preset: "bank50_fund50", valuationFactor: 0.8 },
  { reference: "YH-2023-0104", borrower: 3, principal: 500n * WAN, assets: [3, 25], preset: "guarantor", valuationFactor: 1.4 },
  { reference: "YH-2024-0105", borrower: 4, principal: 300n * WAN, assets: [4, 26, 35], preset: "fund54_bank26_insurer16_valuer4", valuationFactor: 2.0 },
  { reference: "YH-2024-0106", borrower: 5, principal: 450n * WAN, assets: [5, 19, 27], preset: "bank60_fund40", valuationFactor: 1.5 },
  { reference: "YH-2024-0107", borrower: 6, principal: 1_200n * WAN, assets: [6, 20, 28, 36], preset: "guarantor", valuationFactor: 1.2 },
  { reference: "YH-2024-0108", borrower: 7, principal: 200n * WAN, assets: [7, 21, 29, 37], preset: "bank50_fund50", defaulted: true, valuationFactor: 0.9 },
  { reference: "YH-2024-0109", borrower: 8, principal: 350n * WAN, assets: [8, 30], preset: "fund54_bank26_insurer16_valuer4", defaulted: true, valuationFactor: 1.1 },
  { reference: "YH-2025-0110", borrower: 9, principal: 650n * WAN, assets: [9, 15, 31, 38], preset: "bank60_fund40", valuationFactor: 1.7 },
  { reference: "YH-2025-0111", borrower: 10, principal: 280n * WAN, assets: [10, 16, 32], preset: "guarantor", defaulted: true, valuationFactor: 1.05 },
  { reference: "YH-2025-0112", borrower: 0, principal: 900n * WAN, assets: [11, 12, 17, 33, 39, 0], preset: "bank50_fund50", valuationFactor: 1.25 },
];

async function orgId(db: Db, kind: "risk_fund" | "insurer" | "guarantor") {
  const [row] = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.kind, kind)).limit(1);
  return row!;
}

function sharesFor(plan: LoanPlan, parties: { fund: { id: string; name: string }; insurer: { id: string; name: string }; guarantor: { id: string; name: string } }, bankName: string) {
  const bank = { role: "bank" as const, partyName: bankName };
  switch (plan.preset) {
    case "fund54_bank26_insurer16_valuer4":
      return { mode: "pro_rata" as const, preset: plan.preset, shares: [{ role: "risk_fund" as const, partyName: parties.fund.name, organisationId: parties.fund.id, shareBps: 5_400 }, { ...bank, shareBps: 2_600 }, { role: "insurer" as const, partyName: parties.insurer.name, organisationId: parties.insurer.id, shareBps: 1_600 }, { role: "valuer" as const, partyName: "中联资产评估集团", shareBps: 400 }] };
    case "bank60_fund40":
      return { mode: "pro_rata" as const, preset: plan.preset, shares: [{ ...bank, shareBps: 6_000 }, { role: "risk_fund" as const, partyName: parties.fund.name, organisationId: parties.fund.id, shareBps: 4_000 }] };
    case "bank50_fund50":
      return { mode: "pro_rata" as const, preset: plan.preset, shares: [{ ...bank, shareBps: 5_000 }, { role: "risk_fund" as const, partyName: parties.fund.name, organisationId: parties.fund.id, shareBps: 5_000 }] };
    case "guarantor":
      return { mode: "subrogated" as const, preset: null, shares: [{ ...bank, shareBps: 2_000 }, { role: "guarantor" as const, partyName: parties.guarantor.name, organisationId: parties.guarantor.id, shareBps: 8_000 }] };
  }
}

/** Idempotent: does nothing once the demo bank has loans. */
export async function seedDemoBook(db: Db, services: Services, now: Date): Promise<void> {
  const bank = await principalFor(db, "bank@demo.ipx.example");
  const [existing] = await db.select({ n: sql<number>`count(*)::int` }).from(loans).where(and(eq(loans.organisationId, bank.organisation.id)));
  if ((existing?.n ?? 0) > 0) return;
  const today = chinaDate(now);
  const assets = buildAssets(today);
  const parties = { fund: await orgId(db, "risk_fund"), insurer: await orgId(db, "insurer"), guarantor: await orgId(db, "guarantor") };
  const must = <T extends { ok: boolean }>(result: T, what: string): T => {
    if (!result.ok) throw new Error(`demo book: ${what} refused: ${JSON.stringify(result)}`);
    return result;
  };

  for (const a of assets) {
    must(await services.assets.create(bank, { type: a.type, registryNumber: a.registryNumber, title: a.title, owners: [a.owner], classes: a.classes, filedOn: a.filedOn, legalStatus: a.legalStatus, nextAnnuityDue: a.nextAnnuityDue, description: `${a.title}。权利人：${a.owner}。` }), `asset ${a.registryNumber}`);
  }
  for (const [p, plan] of PLANS.entries()) {
    const [name, code] = BORROWERS[plan.borrower]!;
    const disbursed = addDays(today, -(700 - p * 40));
    must(await services.loans.create(bank, { reference: plan.reference, borrowerName: name, borrowerCreditCode: code, currency: "CNY", principal: plan.principal, rateBps: 385 + p * 10, disbursedOn: disbursed, maturesOn: addDays(disbursed, 1095), status: "performing", outstandingPrincipal: (plan.principal * 9n) / 10n, accruedInterest: plan.principal / 200n, penaltyInterest: 0n }), `loan ${plan.reference}`);
    const loan = (await services.loans.portfolio(bank)).find((l) => l.reference === plan.reference)!;
    must(await services.loans.setRiskSharing(bank, loan.id, sharesFor(plan, parties, bank.organisation.name)), `risk sharing ${plan.reference}`);
    must(
      await services.assets.addPledge(bank, { loanReference: plan.reference, registryPledgeNumber: `Y${disbursed.slice(0, 4)}44${String(10_000_000 + p * 7_301).slice(0, 8)}`, registeredAt: addDays(disbursed, 3), pledgorName: name, pledgorCreditCode: code, securedAmount: plan.principal, currency: "CNY", scope: "本金、利息、罚息及实现质权的费用", assets: plan.assets.map((i) => ({ type: assets[i]!.type, registryNumber: assets[i]!.registryNumber })) }),
      `pledge ${plan.reference}`,
    );
    // Valuations over time: at origination, a year later, and (for some) a recent fall.
    const exposure = Number((plan.principal * 9n) / 10n);
    for (const [k, i] of plan.assets.entries()) {
      const share = Math.round((exposure * plan.valuationFactor) / plan.assets.length / 100) * 100;
      const yearLater = addDays(disbursed, 355) < today ? addDays(disbursed, 355) : addDays(today, -30);
      const points: Array<[string, number]> = [[addDays(disbursed, -10), share], [yearLater, Math.round(share * 1.05 / 100) * 100]];
      if ((p + k) % 4 === 0) points.push([addDays(today, -20), Math.round(share * 0.7 / 100) * 100]);
      for (const [on, amount] of points) {
        const result = await services.assets.addValuation(bank, { asset: { type: assets[i]!.type, registryNumber: assets[i]!.registryNumber }, appraiser: k % 2 ? "国众联资产评估" : "中联资产评估集团", method: (["income", "market", "cost"] as const)[k % 3]!, amount: BigInt(amount), currency: "CNY", valuedOn: on });
        if (!result.ok && result.code !== "VALUATION_EXISTS") must(result, `valuation ${assets[i]!.registryNumber}`);
      }
    }
  }
  // Registry events that should worry a workout team.
  const event = (i: number, kind: "preservation_order" | "transfer" | "status_change", daysAgo: number, ref: string, newStatus?: LegalStatus) =>
    services.assets.recordRegistryEvent(bank, { asset: { type: assets[i]!.type, registryNumber: assets[i]!.registryNumber }, kind, occurredOn: addDays(today, -daysAgo), source: kind === "preservation_order" ? "court" : "cnipa", sourceRef: ref, newStatus });
  must(await event(24, "preservation_order", 12, "(2026)粤0604执保1088号"), "preservation order");
  must(await event(8, "transfer", 30, "ZL-TRANSFER-2026-0042"), "transfer");
  must(await event(3, "status_change", 40, "CNIPA-ANNUITY-2026-7781", "in_grace"), "grace");

  for (const plan of PLANS.filter((p) => p.defaulted)) {
    const loan = (await services.loans.portfolio(bank)).find((l) => l.reference === plan.reference)!;
    const principal = (plan.principal * 9n) / 10n;
    must(await services.loans.declareDefault(bank, loan.id, { defaultedOn: addDays(today, -60), principal, interest: plan.principal / 50n, penaltyInterest: plan.principal / 400n, costs: 35_000_00n }), `default ${plan.reference}`);
  }
}
