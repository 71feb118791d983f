import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { disposalCaseAssets, disposalCases, disposalCosts, distributionLines, distributions, listingAssets, listings, loans, organisations, payments, riskShares, riskSharePayments, settlements, valuations } from "../../db/schema";
import { insertAuction } from "./lots";
import { patentNumber } from "./organisations";
import { api } from "./visitor";

/**
 * Two loans of a bank of the test's own, made through API v1 (so neither the demo's cases nor the demo's sales get in
 * the way), shared with the demo guarantor, fund and insurer, in default
 * with figures fixed here, and their sales distributed: the rows the distribution service writes, inserted directly
 * with amounts worked out by hand, so the read side can be checked to the cent.
 *
 * Loan RW-SUB, subrogated (bank 20 / guarantor 80). Defaulted 2025-01-01; EAD = 200,000,000 principal +
 * 10,000,000 interest = 210,000,000. The guarantor paid the bank 120,000,000 (2025-02-01). The bank advanced an
 * appraisal of 1,000,000 (2025-01-11, day 10). Sold for 150,000,000, received 2025-07-20 (day 200):
 *   platform fee 1,500,000 · appraisal repaid 1,000,000 → bank · interest 10,000,000 → bank ·
 *   principal: the bank's unpaid balance 210m − 120m − 10m = 80,000,000 → bank, the rest 57,500,000 → guarantor.
 *   Recovered 147,500,000: rate 7,023 bps; LGD at 5% = 1 − (147.5m/1.05^(200/365) − (1m/1.05^(10/365) − 1m/1.05^(200/365)))/210m = 3,163 bps.
 *
 * Loan RW-PRO, pro rata (fund 54 / bank 26 / insurer 16 / valuer 4), every sharer paid its share of 100,000,000.
 * Defaulted 2025-01-01; EAD 100,000,000 principal. Sold by tender for 60,000,000, received 2025-04-11 (day 100):
 *   principal → fund 32,400,000 · bank 15,600,000 · insurer 9,600,000 · valuer 2,400,000. Rate 6,000 bps;
 *   LGD = 1 − 60m/1.05^(100/365)/100m = 4,080 bps.
 */
export const WORLD = {
  subrogated: { reference: "RW-SUB", ead: 210_000_000, recovered: 147_500_000, rateBps: 7_023, lgdBps: 3_163, days: 200, price: 150_000_000, guarantorPaid: 120_000_000, guarantorRecovered: 57_500_000 },
  proRata: { reference: "RW-PRO", ead: 100_000_000, recovered: 60_000_000, rateBps: 6_000, lgdBps: 4_080, days: 100, price: 60_000_000, fundPaid: 54_000_000, fundRecovered: 32_400_000 },
  /** Both together: 207.5m of 310m (6,693 bps), LGD weighted by exposure (3,163 × 210 + 4,080 × 100) / 310 = 3,459, days (200 + 100) / 2. */
  totals: { ead: 310_000_000, recovered: 207_500_000, rateBps: 6_693, lgdBps: 3_459, days: 150 },
  appraiser: "测试评估所 Test Appraisers",
};

async function orgOf(db: Db, kind: "guarantor" | "risk_fund" | "insurer") {
  const [row] = await db.select().from(organisations).where(eq(organisations.kind, kind)).limit(1);
  return row!;
}

type Org = typeof organisations.$inferSelect;
const BORROWER = { borrowerName: "深圳光电科技有限公司", borrowerCreditCode: "91440300MA5FDM09XB" };

/** A loan with its rights, risk-sharing and pledge, declared in default on 2025-01-01 with the given claim, through the API as the bank. */
async function defaultedLoan(db: Db, origin: string, bankToken: string, plan: { reference: string; serial: number; rights: number; principal: number; interest: number; sharing: object }) {
  const call = async (method: string, path: string, body: object) => {
    const res = await api(origin, method, path, { token: bankToken, body });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body!;
  };
  const rights = Array.from({ length: plan.rights }, (_, i) => ({ type: "patent_invention" as const, registryNumber: patentNumber(2021, 1, plan.serial + i) }));
  for (const [i, r] of rights.entries()) await call("POST", "/assets", { ...r, title: `${plan.reference} 专利 ${i + 1}`, owners: [BORROWER.borrowerName] });
  const { id } = await call("POST", "/loans", { reference: plan.reference, ...BORROWER, currency: "CNY", principal: plan.principal, rateBps: 450, disbursedOn: "2023-06-01", maturesOn: "2026-06-01", outstandingPrincipal: plan.principal });
  await call("PUT", `/loans/${id}/risk-sharing`, plan.sharing);
  await call("POST", "/pledges", { loanReference: plan.reference, registryPledgeNumber: `RW${plan.serial}`, registeredAt: "2023-06-03", pledgorName: BORROWER.borrowerName, pledgorCreditCode: BORROWER.borrowerCreditCode, securedAmount: plan.principal, assets: rights });
  const { caseId } = await call("POST", `/loans/${id}/default`, { defaultedOn: "2025-01-01", principal: plan.principal, interest: plan.interest, penaltyInterest: 0 });
  const [loan] = await db.select().from(loans).where(eq(loans.id, id));
  const [kase] = await db.select().from(disposalCases).where(eq(disposalCases.id, caseId));
  const shares = await db.select().from(riskShares).where(eq(riskShares.loanId, id));
  const assets = await db.select({ assetId: disposalCaseAssets.assetId }).from(disposalCaseAssets).where(eq(disposalCaseAssets.caseId, caseId));
  return { loan: loan!, kase: kase!, share: (role: string) => shares.find((s) => s.role === role)!, assets: assets.map((a) => a.assetId) };
}

/** A paid sale of the case's rights to the buyer, awarded on the given day (02:00 UTC, the same day in China). */
async function paidSale(db: Db, sellerId: string, caseId: string, assets: string[], buyerId: string, price: bigint, awardedOn: string, mode: "english_auction" | "tender") {
  const { id } = await insertAuction(db, { endsInMs: 3_600_000 });
  await db.update(listings).set({ organisationId: sellerId, status: "settled", mode, disposalCaseId: caseId, title: `Sale of case ${caseId.slice(0, 8)}` }).where(eq(listings.id, id));
  await db.insert(listingAssets).values(assets.map((assetId) => ({ listingId: id, assetId })));
  const at = new Date(`${awardedOn}T02:00:00Z`);
  const [s] = await db.insert(settlements).values({ listingId: id, disposalCaseId: caseId, source: "sale", buyerOrganisationId: buyerId, sellerOrganisationId: sellerId, currency: "CNY", price, balanceDue: price, dueAt: at, status: "paid", paidAt: at, createdAt: at, updatedAt: at }).returning();
  await db.insert(payments).values({ payerOrganisationId: buyerId, purpose: "balance", method: "bank_transfer", status: "succeeded", settlementId: s!.id, currency: "CNY", amount: price, received: price, reference: `RW-${s!.id.slice(0, 8).toUpperCase()}`, createdAt: at, updatedAt: at });
  return s!;
}

type Line = { component: "disposal_cost" | "enforcement_costs" | "interest" | "principal"; loanId?: string; riskShareId?: string; disposalCostId?: string; organisationId: string | null; partyName: string; amount: bigint };

async function distribution(db: Db, caseId: string, settlementId: string, receivedOn: string, lines: Line[]) {
  const amount = lines.reduce((s, l) => s + l.amount, 0n);
  const [d] = await db.insert(distributions).values({ disposalCaseId: caseId, settlementId, source: "sale", currency: "CNY", amount, receivedOn, createdAt: new Date(`${receivedOn}T03:00:00Z`) }).returning();
  return db.insert(distributionLines).values(lines.map((l, position) => ({ distributionId: d!.id, position, ...l }))).returning();
}

export async function buildRecoveriesWorld(db: Db, origin: string, bankOf: { token: string; organisationId: string }, buyerId: string) {
  const [guarantor, fund, insurer] = [await orgOf(db, "guarantor"), await orgOf(db, "risk_fund"), await orgOf(db, "insurer")];
  const [bank] = (await db.select().from(organisations).where(eq(organisations.id, bankOf.organisationId))) as [Org];
  const bankToken = bankOf.token;
  const party = (role: string, org: Org, shareBps: number) => ({ role, partyName: org.name, organisationId: org.id, shareBps });
  const sub = await defaultedLoan(db, origin, bankToken, { reference: WORLD.subrogated.reference, serial: 7_100_000, rights: 3, principal: 200_000_000, interest: 10_000_000, sharing: { mode: "subrogated", shares: [party("bank", bank, 2_000), party("guarantor", guarantor, 8_000)] } });
  const pro = await defaultedLoan(db, origin, bankToken, {
    reference: WORLD.proRata.reference,
    serial: 7_200_000,
    rights: 2,
    principal: 100_000_000,
    interest: 0,
    sharing: { mode: "pro_rata", shares: [party("risk_fund", fund, 5_400), party("bank", bank, 2_600), party("insurer", insurer, 1_600), { role: "valuer", partyName: "中联资产评估集团", shareBps: 400 }] },
  });

  await db.insert(riskSharePayments).values([
    { loanId: sub.loan.id, riskShareId: sub.share("guarantor").id, currency: "CNY", amount: 120_000_000n, paidOn: "2025-02-01", createdAt: new Date() },
    ...(["risk_fund", "insurer", "valuer"] as const).map((role) => ({ loanId: pro.loan.id, riskShareId: pro.share(role).id, currency: "CNY", amount: BigInt(pro.share(role).shareBps) * 10_000n, paidOn: "2025-02-01", createdAt: new Date() })),
  ]);
  const [appraisal] = await db.insert(disposalCosts).values({ disposalCaseId: sub.kase.id, kind: "appraisal", currency: "CNY", amount: 1_000_000n, incurredOn: "2025-01-11", paidByOrganisationId: bank.id, paidByName: bank.name, createdAt: new Date() }).returning();

  // The appraiser's latest values before each sale: 40m + 60m + 80m = 180m for the first (150m → 8,333 bps), 2 × 40m = 80m for the second (60m → 7,500 bps).
  const value = (assetId: string, amount: bigint, valuedOn: string) => ({ assetId, organisationId: bank.id, appraiser: WORLD.appraiser, method: "market" as const, amount, currency: "CNY", valuedOn });
  const [a1, a2, a3] = sub.assets as [string, string, string];
  await db.insert(valuations).values([
    value(a1, 60_000_000n, "2025-03-01"), value(a2, 60_000_000n, "2025-03-01"), value(a3, 80_000_000n, "2025-03-01"),
    value(a1, 40_000_000n, "2025-06-01"),
    value(a1, 1_000_000n, "2025-08-01"), // after the sale: not the appraisal the price is compared with
    ...pro.assets.map((asset) => value(asset, 40_000_000n, "2025-03-01")),
  ]);

  const saleSub = await paidSale(db, bank.id, sub.kase.id, sub.assets, buyerId, 150_000_000n, "2025-07-15", "english_auction");
  const saleSubLines = await distribution(db, sub.kase.id, saleSub.id, "2025-07-20", [
    { component: "disposal_cost", organisationId: null, partyName: "IP Collateral Exchange", amount: 1_500_000n },
    { component: "disposal_cost", disposalCostId: appraisal!.id, organisationId: bank.id, partyName: bank.name, amount: 1_000_000n },
    { component: "interest", loanId: sub.loan.id, riskShareId: sub.share("bank").id, organisationId: bank.id, partyName: bank.name, amount: 10_000_000n },
    { component: "principal", loanId: sub.loan.id, riskShareId: sub.share("bank").id, organisationId: bank.id, partyName: bank.name, amount: 80_000_000n },
    { component: "principal", loanId: sub.loan.id, riskShareId: sub.share("guarantor").id, organisationId: guarantor.id, partyName: guarantor.name, amount: 57_500_000n },
  ]);
  const salePro = await paidSale(db, bank.id, pro.kase.id, pro.assets, buyerId, 60_000_000n, "2025-04-08", "tender");
  await distribution(db, pro.kase.id, salePro.id, "2025-04-11", [
    { component: "principal", loanId: pro.loan.id, riskShareId: pro.share("risk_fund").id, organisationId: fund.id, partyName: fund.name, amount: 32_400_000n },
    { component: "principal", loanId: pro.loan.id, riskShareId: pro.share("bank").id, organisationId: bank.id, partyName: bank.name, amount: 15_600_000n },
    { component: "principal", loanId: pro.loan.id, riskShareId: pro.share("insurer").id, organisationId: insurer.id, partyName: insurer.name, amount: 9_600_000n },
    { component: "principal", loanId: pro.loan.id, riskShareId: pro.share("valuer").id, organisationId: null, partyName: pro.share("valuer").partyName, amount: 2_400_000n },
  ]);
  const guarantorLine = saleSubLines.find((l) => l.organisationId === guarantor.id)!;
  return { bank, guarantor, fund, insurer, sub, pro, saleSub, salePro, guarantorLine };
}
