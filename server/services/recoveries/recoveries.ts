import { and, asc, eq, inArray, isNull, ne } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { disposalCases, disposalCosts, distributionLines, distributions, listings, loans, organisations, parties, riskShares, riskSharePayments, settlements } from "../../../db/schema";
import { type Recovery, type RecoveryLine, computeRecovery, exposureAtDefault } from "../../domain/proceeds/recovery";
import { CLAIM_COMPONENTS, type ClaimComponent } from "../../domain/proceeds/waterfall";

/**
 * A defaulted loan's recovery, read from what the waterfall distributed (decision 009).
 *
 * Who sees it: the bank that owns the loan and every risk-sharer on it (collateral/scope.ts `visibleLoan`), and the
 * platform's auditor and operator (`audit:read`), read-only: nothing here is sealed or pre-award. All of
 * them see every party's lines of the loan, not only their own: the risk-sharing agreement binds them jointly, and a
 * fund can only check its pro-rata share against the bank's and the insurer's. Lines of other loans paid out of the
 * same distribution (a junior pledge) are shown in the distribution, as a court's distribution plan is served on all
 * creditors; their recovery pages stay with their own parties.
 *
 * Costs for the LGD: what the creditor side advanced for the disposal (the case's disposal_costs) and, negatively,
 * what the waterfall repaid of those. The platform fee is taken out of the proceeds before anyone receives them, so
 * it is neither a recovery nor an advanced cost: it is left out on both sides.
 */
export type CaseRow = typeof disposalCases.$inferSelect;
type LoanRow = typeof loans.$inferSelect;

/** Distributions that count: an in-kind recovery replaced by an equity exit's cash (reversed) is no longer recovered. */
const counted = isNull(distributions.reversedAt);

const isClaim = (component: string): component is ClaimComponent => (CLAIM_COMPONENTS as readonly string[]).includes(component);

export type LoanRecovery = {
  loan: Pick<LoanRow, "id" | "reference" | "organisationId" | "currency" | "rateBps">;
  kase: CaseRow;
  exposureAtDefault: bigint;
  recovery: Recovery;
  /** The claim lines of this loan, dated, for charts by month. */
  lines: RecoveryLine[];
  /** How its proceeds were realised: the listing's mode, or the distribution's source without a listing. */
  modes: string[];
};

/** Recoveries of many loans with a few queries: the cases, their claim lines, costs and repaid costs. */
export async function recoveriesOf(db: DbOrTx, loanIds: readonly string[], annualRateBps: number): Promise<LoanRecovery[]> {
  if (loanIds.length === 0) return [];
  const cases = await db
    .select({ kase: disposalCases, loan: { id: loans.id, reference: loans.reference, organisationId: loans.organisationId, currency: loans.currency, rateBps: loans.rateBps } })
    .from(disposalCases)
    .innerJoin(loans, eq(loans.id, disposalCases.loanId))
    .where(inArray(disposalCases.loanId, [...loanIds]))
    .orderBy(asc(disposalCases.defaultedOn), asc(loans.reference));
  if (cases.length === 0) return [];
  const caseIds = cases.map((c) => c.kase.id);
  const [claimLines, costs, repaid, realised] = await Promise.all([
    db
      .select({ loanId: distributionLines.loanId, component: distributionLines.component, organisationId: distributionLines.organisationId, partyName: distributionLines.partyName, riskShareId: distributionLines.riskShareId, amount: distributionLines.amount, receivedOn: distributions.receivedOn })
      .from(distributionLines)
      .innerJoin(distributions, eq(distributions.id, distributionLines.distributionId))
      .where(and(inArray(distributionLines.loanId, cases.map((c) => c.loan.id)), counted))
      .orderBy(asc(distributions.receivedOn), asc(distributions.createdAt), asc(distributionLines.position)),
    db.select().from(disposalCosts).where(and(inArray(disposalCosts.disposalCaseId, caseIds), ne(disposalCosts.kind, "platform_fee"))),
    db
      .select({ disposalCostId: distributionLines.disposalCostId, amount: distributionLines.amount, receivedOn: distributions.receivedOn })
      .from(distributionLines)
      .innerJoin(distributions, eq(distributions.id, distributionLines.distributionId))
      .where(and(inArray(distributions.disposalCaseId, caseIds), eq(distributionLines.component, "disposal_cost"), counted)),
    db
      .select({ caseId: distributions.disposalCaseId, source: distributions.source, mode: listings.mode })
      .from(distributions)
      .leftJoin(settlements, eq(settlements.id, distributions.settlementId))
      .leftJoin(listings, eq(listings.id, settlements.listingId))
      .where(and(inArray(distributions.disposalCaseId, caseIds), counted))
      .orderBy(asc(distributions.receivedOn)),
  ]);
  return cases.map(({ kase, loan }) => {
    const lines: RecoveryLine[] = claimLines.flatMap((l) => (l.loanId === loan.id && isClaim(l.component) ? [{ ...l, component: l.component }] : []));
    const ownCosts = costs.filter((c) => c.disposalCaseId === kase.id);
    const ownCostIds = new Set(ownCosts.map((c) => c.id));
    const flows = [
      ...ownCosts.map((c) => ({ amount: c.amount, on: c.incurredOn })),
      ...repaid.filter((r) => r.disposalCostId !== null && ownCostIds.has(r.disposalCostId)).map((r) => ({ amount: -r.amount, on: r.receivedOn })),
    ];
    const ead = exposureAtDefault(kase);
    const recovery = computeRecovery({ defaultedOn: kase.defaultedOn, exposureAtDefault: ead, lines, costs: flows, annualRateBps });
    const modes = [...new Set(realised.filter((r) => r.caseId === kase.id).map((r) => r.mode ?? r.source))];
    return { loan, kase, exposureAtDefault: ead, recovery, lines, modes };
  });
}

/** One loan's recovery page: its case, every distribution of the case line by line, and each risk-sharer's payments. */
export async function loanRecoveryDetail(db: DbOrTx, loanId: string, annualRateBps: number) {
  const [found] = await recoveriesOf(db, [loanId], annualRateBps);
  if (!found) return null;
  const [[loan], shares, paid, made] = await Promise.all([
    db.select({ reference: loans.reference, borrower: parties.name, bank: organisations.name, principal: loans.principal }).from(loans).innerJoin(parties, eq(parties.id, loans.borrowerId)).innerJoin(organisations, eq(organisations.id, loans.organisationId)).where(eq(loans.id, loanId)),
    db.select().from(riskShares).where(eq(riskShares.loanId, loanId)).orderBy(asc(riskShares.id)),
    db.select().from(riskSharePayments).where(eq(riskSharePayments.loanId, loanId)),
    db
      .select({ distribution: distributions, title: listings.title, mode: listings.mode, settlementId: settlements.id })
      .from(distributions)
      .leftJoin(settlements, eq(settlements.id, distributions.settlementId))
      .leftJoin(listings, eq(listings.id, settlements.listingId))
      .where(and(eq(distributions.disposalCaseId, found.kase.id), counted))
      .orderBy(asc(distributions.receivedOn), asc(distributions.createdAt)),
  ]);
  const lines = made.length ? await db.select().from(distributionLines).where(inArray(distributionLines.distributionId, made.map((m) => m.distribution.id))).orderBy(asc(distributionLines.position)) : [];
  const sharers = shares.map((s) => {
    const party = found.recovery.byParty.find((p) => p.riskShareId === s.id);
    return { id: s.id, role: s.role, partyName: s.partyName, organisationId: s.organisationId, shareBps: s.shareBps, paid: paid.filter((p) => p.riskShareId === s.id).reduce((sum, p) => sum + p.amount, 0n), recovered: party?.total ?? 0n, byComponent: party?.byComponent ?? null };
  });
  return {
    ...found,
    loan: { ...found.loan, ...loan! },
    sharers,
    distributions: made.map((m) => ({
      ...m.distribution,
      title: m.title,
      mode: m.mode,
      settlementId: m.settlementId,
      lines: lines.filter((l) => l.distributionId === m.distribution.id).map((l) => ({ position: l.position, component: l.component, loanId: l.loanId, riskShareId: l.riskShareId, organisationId: l.organisationId, partyName: l.partyName, amount: l.amount })),
    })),
  };
}
