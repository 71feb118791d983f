import { and, asc, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { disposalCases, disposalCosts, distributionLines, distributions, listingAssets, loans, organisations, parties, pledgeAssets, pledges, riskShares, riskSharePayments, riskSharingAgreements, valuations } from "../../../db/schema";
import { type ClaimAmounts, type CollateralPortion, type DisposalCostDue, type Recipient, type SecuredClaim, byRank } from "../../domain/proceeds/waterfall";

/**
 * The waterfall's inputs for one listing's rights, read inside the distributing transaction: the disposal
 * costs (the platform fee first), every pledge over the rights sold in rank order with its loan's claim
 * (frozen at default when the loan has a case, else the pledge's secured amount), its risk-sharing agreement
 * with what each sharer paid and recovered, and what earlier distributions (not reversed) already paid on each of them.
 */
type CaseRow = typeof disposalCases.$inferSelect;

/** What earlier distributions paid, by loan and component, by risk share and by disposal cost. */
async function recoveredSoFar(tx: DbOrTx, loanIds: readonly string[], caseId: string | null) {
  const byLoan = loanIds.length
    ? await tx
        .select({ loanId: distributionLines.loanId, component: distributionLines.component, riskShareId: distributionLines.riskShareId, sum: sql<string>`sum(${distributionLines.amount})` })
        .from(distributionLines)
        .innerJoin(distributions, eq(distributions.id, distributionLines.distributionId))
        .where(and(inArray(distributionLines.loanId, [...loanIds]), isNull(distributions.reversedAt)))
        .groupBy(distributionLines.loanId, distributionLines.component, distributionLines.riskShareId)
    : [];
  const byCost = caseId
    ? await tx
        .select({ costId: distributionLines.disposalCostId, sum: sql<string>`sum(${distributionLines.amount})` })
        .from(distributionLines)
        .innerJoin(disposalCosts, eq(disposalCosts.id, distributionLines.disposalCostId))
        .innerJoin(distributions, eq(distributions.id, distributionLines.distributionId))
        .where(and(eq(disposalCosts.disposalCaseId, caseId), isNull(distributions.reversedAt)))
        .groupBy(distributionLines.disposalCostId)
    : [];
  return { byLoan: byLoan.map((r) => ({ ...r, amount: BigInt(r.sum) })), byCost: new Map(byCost.map((r) => [r.costId!, BigInt(r.sum)])) };
}

/** The case's costs for step 1 (enforcement costs are part of the claim instead), and its recorded enforcement costs. */
async function caseCosts(tx: DbOrTx, kase: CaseRow | null, paid: Map<string, bigint>) {
  if (!kase) return { costs: [] as DisposalCostDue[], enforcement: 0n };
  const rows = await tx.select().from(disposalCosts).where(eq(disposalCosts.disposalCaseId, kase.id)).orderBy(asc(disposalCosts.incurredOn), asc(disposalCosts.createdAt));
  const costs = rows.filter((c) => c.kind !== "enforcement").map((c) => ({ disposalCostId: c.id, organisationId: c.paidByOrganisationId, partyName: c.paidByName, amount: c.amount, alreadyPaid: paid.get(c.id) ?? 0n }));
  const enforcement = rows.filter((c) => c.kind === "enforcement").reduce((sum, c) => sum + c.amount, 0n);
  return { costs, enforcement };
}

const ZERO: ClaimAmounts = { enforcement_costs: 0n, interest: 0n, principal: 0n };

export type ProceedsParties = { currency: string; caseId: string | null; listingId: string; seller: Recipient; platformFee: bigint };

export type WaterfallInputs = { costs: DisposalCostDue[]; portions: CollateralPortion[] };

/** Loads every input of the waterfall for the rights of a listing; `residualTo` overrides the pledgor (a licence's royalties go to the right holder). */
export async function loadWaterfallInputs(tx: DbOrTx, p: ProceedsParties, residualTo: Recipient | null): Promise<WaterfallInputs> {
  const [kase] = p.caseId ? await tx.select().from(disposalCases).where(eq(disposalCases.id, p.caseId)) : [];
  const assetIds = (await tx.select({ assetId: listingAssets.assetId }).from(listingAssets).where(eq(listingAssets.listingId, p.listingId)).orderBy(asc(listingAssets.assetId))).map((r) => r.assetId);
  const pledgeRows = assetIds.length
    ? await tx
        .select({ pledge: pledges, assetId: pledgeAssets.assetId, pledgorName: parties.name, pledgorOrg: parties.organisationId, loan: loans, creditorName: organisations.name })
        .from(pledgeAssets)
        .innerJoin(pledges, eq(pledges.id, pledgeAssets.pledgeId))
        .innerJoin(parties, eq(parties.id, pledges.pledgorId))
        .innerJoin(loans, eq(loans.id, pledges.loanId))
        .innerJoin(organisations, eq(organisations.id, loans.organisationId))
        .where(and(inArray(pledgeAssets.assetId, assetIds), ne(pledges.status, "cancelled"), eq(pledges.currency, p.currency)))
    : [];
  const loanIds = [...new Set(pledgeRows.map((r) => r.loan.id))];
  const recovered = await recoveredSoFar(tx, loanIds, kase?.id ?? null);
  const { costs, enforcement } = await caseCosts(tx, kase ?? null, recovered.byCost);
  const platformFee: DisposalCostDue[] = p.platformFee > 0n ? [{ disposalCostId: null, organisationId: null, partyName: "platform", amount: p.platformFee, alreadyPaid: 0n }] : [];

  const cases = loanIds.length ? await tx.select().from(disposalCases).where(inArray(disposalCases.loanId, loanIds)) : [];
  const agreements = loanIds.length ? await tx.select().from(riskSharingAgreements).where(inArray(riskSharingAgreements.loanId, loanIds)) : [];
  const shares = loanIds.length ? await tx.select().from(riskShares).where(inArray(riskShares.loanId, loanIds)).orderBy(asc(riskShares.role), asc(riskShares.id)) : [];
  const sharerPaid = loanIds.length
    ? await tx.select({ riskShareId: riskSharePayments.riskShareId, sum: sql<string>`sum(${riskSharePayments.amount})` }).from(riskSharePayments).where(inArray(riskSharePayments.loanId, loanIds)).groupBy(riskSharePayments.riskShareId)
    : [];
  const paidByShare = new Map(sharerPaid.map((r) => [r.riskShareId, BigInt(r.sum)]));
  const recoveredByShare = (id: string) => recovered.byLoan.filter((r) => r.riskShareId === id).reduce((sum, r) => sum + r.amount, 0n);

  const claimOf = (row: (typeof pledgeRows)[number]): SecuredClaim => {
    const loanCase = cases.find((c) => c.loanId === row.loan.id);
    const owed: ClaimAmounts = loanCase
      ? { enforcement_costs: loanCase.costsAtDefault + (loanCase.id === kase?.id ? enforcement : 0n), interest: loanCase.interestAtDefault + loanCase.penaltyAtDefault, principal: loanCase.principalAtDefault }
      : { ...ZERO, principal: row.pledge.securedAmount };
    const got = { ...ZERO };
    for (const r of recovered.byLoan) if (r.loanId === row.loan.id && r.component in got) got[r.component as keyof ClaimAmounts] += r.amount;
    const agreement = agreements.find((a) => a.loanId === row.loan.id);
    const loanShares = shares.filter((s) => s.loanId === row.loan.id);
    const riskSharing = agreement && loanShares.length
      ? { mode: agreement.mode, shares: loanShares.map((s) => ({ riskShareId: s.id, role: s.role, shareBps: s.shareBps, organisationId: s.organisationId, partyName: s.partyName, paid: paidByShare.get(s.id) ?? 0n, recovered: recoveredByShare(s.id) })) }
      : null;
    return { loanId: row.loan.id, pledgeId: row.pledge.id, registeredAt: row.pledge.registeredAt, registryPledgeNumber: row.pledge.registryPledgeNumber, creditor: { organisationId: row.loan.organisationId, partyName: row.creditorName }, owed, recovered: got, riskSharing };
  };

  const appraisals = await latestAppraisals(tx, assetIds, p.currency);
  const portions = (assetIds.length ? assetIds : [null]).map((assetId): CollateralPortion => {
    const rows = pledgeRows.filter((r) => r.assetId === assetId);
    // One claim per loan in a portion: a loan pledged twice over the same right is claimed through its first-ranked pledge.
    const ranked = byRank(rows.map((row) => ({ row, registeredAt: row.pledge.registeredAt, registryPledgeNumber: row.pledge.registryPledgeNumber, pledgeId: row.pledge.id }))).map((r) => r.row);
    const firstByLoan = new Map<string, (typeof ranked)[number]>();
    for (const row of ranked) if (!firstByLoan.has(row.loan.id)) firstByLoan.set(row.loan.id, row);
    const claims = [...firstByLoan.values()].map(claimOf);
    const firstPledgor = ranked[0];
    const pledgor = firstPledgor ? { organisationId: firstPledgor.pledgorOrg, partyName: firstPledgor.pledgorName } : p.seller;
    return { appraisal: assetId && appraisals.size === assetIds.length ? appraisals.get(assetId)! : 1n, claims, residualTo: residualTo ?? pledgor };
  });
  return { costs: [...platformFee, ...costs], portions };
}

/** Each right's latest appraisal in the currency (the bundle is split by them only when every right has one). */
async function latestAppraisals(tx: DbOrTx, assetIds: readonly string[], currency: string) {
  if (assetIds.length < 2) return new Map<string, bigint>();
  const rows = await tx.select().from(valuations).where(and(inArray(valuations.assetId, [...assetIds]), eq(valuations.currency, currency))).orderBy(desc(valuations.valuedOn));
  const latest = new Map<string, bigint>();
  for (const v of rows) if (!latest.has(v.assetId) && v.amount > 0n) latest.set(v.assetId, v.amount);
  return latest;
}
