import { asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { listings, lotDeposits, loans, organisations, payments, riskShares, riskSharePayments, settlements } from "../../../db/schema";
import { byMonth } from "./portfolio";
import { recoveriesOf } from "./recoveries";

/**
 * A guarantor's, fund's or insurer's side of the loans it shares: what it paid the banks on their losses
 * (risk_share_payments) and what the waterfall returned to it, loan by loan and in total per currency.
 */
export async function sharerPortfolio(db: DbOrTx, organisationId: string, annualRateBps: number) {
  const shares = await db
    .select({ share: riskShares, reference: loans.reference, bank: organisations.name })
    .from(riskShares)
    .innerJoin(loans, eq(loans.id, riskShares.loanId))
    .innerJoin(organisations, eq(organisations.id, loans.organisationId))
    .where(eq(riskShares.organisationId, organisationId))
    .orderBy(asc(loans.reference));
  const loanIds = [...new Set(shares.map((s) => s.share.loanId))];
  const [recoveries, paid] = await Promise.all([
    recoveriesOf(db, loanIds, annualRateBps),
    shares.length ? db.select().from(riskSharePayments).where(inArray(riskSharePayments.riskShareId, shares.map((s) => s.share.id))) : Promise.resolve([]),
  ]);
  const rows = shares.flatMap(({ share, reference, bank }) => {
    const r = recoveries.find((x) => x.loan.id === share.loanId);
    if (!r) return [];
    const recovered = r.lines.filter((l) => l.riskShareId === share.id).reduce((sum, l) => sum + l.amount, 0n);
    const paidIn = paid.filter((p) => p.riskShareId === share.id).reduce((sum, p) => sum + p.amount, 0n);
    return [{ loanId: share.loanId, reference, bank, role: share.role, shareBps: share.shareBps, currency: r.kase.currency, defaultedOn: r.kase.defaultedOn, exposureAtDefault: r.exposureAtDefault, paid: paidIn, recovered, netLoss: paidIn - recovered, loanRecoveryRateBps: r.recovery.recoveryRateBps, loanLgdBps: r.recovery.recovered > 0n ? r.recovery.lgdBps : null }];
  });
  const totals = [...new Set(rows.map((r) => r.currency))].sort().map((currency) => {
    const mine = rows.filter((r) => r.currency === currency);
    const sum = (pick: (r: (typeof rows)[number]) => bigint) => mine.reduce((s, r) => s + pick(r), 0n);
    return { currency, loans: mine.length, paid: sum((r) => r.paid), recovered: sum((r) => r.recovered), netLoss: sum((r) => r.netLoss) };
  });
  return { loans: rows, totals, byMonth: byMonth(recoveries, organisationId), performing: loanIds.length - recoveries.length };
}

/** A bidder's money on the exchange: its deposits, the settlements it owes as buyer, and its payments. */
export async function bidderPortfolio(db: DbOrTx, organisationId: string) {
  const [deposits, bought, paid] = await Promise.all([
    db
      .select({ listingId: lotDeposits.listingId, title: listings.title, method: lotDeposits.method, status: lotDeposits.status, currency: lotDeposits.currency, amount: lotDeposits.amount, requestedAt: lotDeposits.requestedAt })
      .from(lotDeposits)
      .innerJoin(listings, eq(listings.id, lotDeposits.listingId))
      .where(eq(lotDeposits.organisationId, organisationId))
      .orderBy(desc(lotDeposits.requestedAt)),
    db
      .select({ id: settlements.id, title: listings.title, status: settlements.status, currency: settlements.currency, price: settlements.price, buyerPremium: settlements.buyerPremium, depositApplied: settlements.depositApplied, balanceDue: settlements.balanceDue, dueAt: settlements.dueAt, createdAt: settlements.createdAt })
      .from(settlements)
      .innerJoin(listings, eq(listings.id, settlements.listingId))
      .where(eq(settlements.buyerOrganisationId, organisationId))
      .orderBy(desc(settlements.createdAt)),
    payerPayments(db, organisationId),
  ]);
  return { deposits, settlements: bought, payments: paid };
}

/** The payments an organisation was asked for or made, newest first (deposits, balances, royalties). */
export function payerPayments(db: DbOrTx, organisationId: string) {
  return db
    .select({ id: payments.id, purpose: payments.purpose, method: payments.method, status: payments.status, currency: payments.currency, amount: payments.amount, received: payments.received, reference: payments.reference, settlementId: payments.settlementId, createdAt: payments.createdAt, updatedAt: payments.updatedAt })
    .from(payments)
    .where(eq(payments.payerOrganisationId, organisationId))
    .orderBy(desc(payments.createdAt));
}
