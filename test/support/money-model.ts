import { expect } from "vitest";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { trialBalance } from "../../server/services/ledger/trial-balance";
import { distributionLines, distributions, journalLines, payouts } from "../../db/schema";

/**
 * What the books should say, worked out by the flows themselves from the rules and the money they moved — never
 * read back from the code under test. Accounts as in the chart: debits positive, credits negative.
 */
export class ExpectedBooks {
  /** The platform's client account: every amount the flows paid in, less every amount paid out. */
  cash = 0n;
  /** The platform's income (the `fees` account's credit, as a positive amount): premiums and platform fees of sales that completed. */
  fees = 0n;
  /** Owed back to payers (over-payments, part-payments of a defaulted sale), by organisation (credits). */
  readonly refundsDue = new Map<string, bigint>();
  /** Transfers no payment owns yet (unmatched receipts held in suspense, a credit). */
  suspense = 0n;
  /** Money held for a seller that is not distributed yet (a royalty paid short), by organisation (credits). */
  readonly escrow = new Map<string, bigint>();

  moneyIn(amount: bigint) {
    this.cash += amount;
  }

  moneyOut(amount: bigint) {
    this.cash -= amount;
  }

  owedBack(organisationId: string, amount: bigint) {
    this.refundsDue.set(organisationId, (this.refundsDue.get(organisationId) ?? 0n) - amount);
  }

  /** A refund paid: the money leaves and is no longer owed. */
  refunded(organisationId: string, amount: bigint) {
    this.moneyOut(amount);
    this.owedBack(organisationId, -amount);
  }

  heldFor(organisationId: string, amount: bigint) {
    this.escrow.set(organisationId, (this.escrow.get(organisationId) ?? 0n) - amount);
  }
}

/** Up to ¥2,000,000 (in fen) the judicial commission cap is the first band's 5% of the price, rounded down (auction rules 2004, art. 29). */
export const JUDICIAL_PREMIUM_BPS = 500n;
export const FIRST_BAND_UP_TO = 200_000_000n;
export const bps = (amount: bigint, rate: bigint | number) => (amount * BigInt(rate)) / 10_000n;

/**
 * A naive waterfall for one defaulted case with one claim: each amount received pays the costs still unpaid
 * (the platform fee first), then the claim (enforcement costs, interest, principal), then the rest to the
 * pledgor (or, for royalties, the right holder). Only totals per step: who shares the claim is the domain's work.
 */
export class CaseModel {
  constructor(
    public costs: bigint,
    public claim: bigint,
  ) {}

  take(amount: bigint, platformFee: bigint) {
    const costs = min(amount, platformFee + this.costs);
    const claim = min(amount - costs, this.claim);
    this.costs -= costs - min(costs, platformFee);
    this.claim -= claim;
    return { costs, claim, residual: amount - costs - claim, platformFee: min(amount, platformFee) };
  }
}
const min = (a: bigint, b: bigint) => (a < b ? a : b);

/** Ledger balances the checks read: one account, for one party or for everyone. */
export async function balance(db: Db, account: string, organisationId?: string) {
  const [row] = await db
    .select({ sum: sql<string>`coalesce(sum(${journalLines.amount}), 0)` })
    .from(journalLines)
    .where(organisationId ? and(eq(journalLines.account, account), eq(journalLines.organisationId, organisationId)) : eq(journalLines.account, account));
  return BigInt(row!.sum);
}

/** What distributions returned to one risk share. */
export async function recoveredBy(db: Db, riskShareId: string) {
  // A distribution replaced later (an equity exit's cash replaces the recovery in kind) no longer counts.
  const [row] = await db
    .select({ sum: sql<string>`coalesce(sum(${distributionLines.amount}), 0)` })
    .from(distributionLines)
    .innerJoin(distributions, eq(distributions.id, distributionLines.distributionId))
    .where(and(eq(distributionLines.riskShareId, riskShareId), isNull(distributions.reversedAt)));
  return BigInt(row!.sum);
}

/** Every account's balance over the whole ledger. */
export async function balances(db: Db) {
  const rows = await db.select({ account: journalLines.account, sum: sql<string>`sum(${journalLines.amount})` }).from(journalLines).groupBy(journalLines.account);
  return new Map(rows.map((r) => [r.account as string, BigInt(r.sum)]));
}

/** A distribution's lines summed by step of the waterfall, and its payouts and lines by organisation. */
export async function distributionTotals(db: Db, distributionId: string) {
  const lines = await db.select().from(distributionLines).where(eq(distributionLines.distributionId, distributionId));
  const sum = (pick: (l: (typeof lines)[number]) => boolean) => lines.filter(pick).reduce((s, l) => s + l.amount, 0n);
  const paid = await db.select().from(payouts).where(inArray(payouts.distributionLineId, lines.length ? lines.map((l) => l.id) : ["00000000-0000-0000-0000-000000000000"]));
  const byOrg = (rows: readonly { organisationId: string | null; amount: bigint }[]) => {
    const out = new Map<string, bigint>();
    for (const r of rows) if (r.organisationId) out.set(r.organisationId, (out.get(r.organisationId) ?? 0n) + r.amount);
    return out;
  };
  const platform = (l: (typeof lines)[number]) => l.component === "disposal_cost" && !l.disposalCostId && !l.organisationId;
  return {
    total: sum(() => true),
    costs: sum((l) => l.component === "disposal_cost"),
    claim: sum((l) => ["enforcement_costs", "interest", "principal"].includes(l.component)),
    residual: sum((l) => ["surplus", "royalty_to_holder"].includes(l.component)),
    platformFee: sum(platform),
    linesByOrg: byOrg(lines.filter((l) => !platform(l))),
    payoutsByOrg: byOrg(paid),
    payoutTotal: paid.reduce((s, p) => s + p.amount, 0n),
  };
}

/** The distributions recorded for a case (or a listing without one), oldest first. */
export async function distributionsOf(db: Db, caseId: string) {
  return db.select().from(distributions).where(eq(distributions.disposalCaseId, caseId)).orderBy(distributions.createdAt);
}

/** The books as a whole: every journal entry balances and every account's trial balance is zero, per currency. */
export async function expectBooksBalanced(db: Db) {
  const { totals, unbalancedEntries } = await trialBalance(db);
  expect(unbalancedEntries).toEqual([]);
  for (const t of totals) expect(t.balance, t.currency).toBe(0n);
}
