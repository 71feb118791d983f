import { asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { disposalCaseAssets, disposalCases, ipAssets, loans, organisations } from "../../../db/schema";
import { ratioBps } from "../../domain/money";
import { type LoanRecovery, recoveriesOf } from "./recoveries";
import { valuationAccuracy } from "./portfolio-accuracy";

/**
 * Recoveries across defaulted loans: a bank's own, or every bank's for the platform. Aggregates are per currency (amounts in different currencies are
 * never added). A group's recovery rate is Σ recovered ÷ Σ exposure at default, its LGD the exposure-weighted mean of
 * the loans' realised LGDs, its time to recovery the mean of the loans' days to their latest recovery. Groups count
 * only loans that have recovered something: a case still in progress has no realised LGD yet.
 */
export type Group = { key: string; currency: string; loans: number; exposureAtDefault: bigint; recovered: bigint; recoveryRateBps: number | null; lgdBps: number | null; averageDaysToRecovery: number | null };

export function groupRecoveries(items: ReadonlyArray<{ keys: readonly string[]; r: LoanRecovery }>): Group[] {
  const groups = new Map<string, { key: string; currency: string; members: LoanRecovery[] }>();
  for (const { keys, r } of items) {
    for (const key of keys) {
      const id = `${r.kase.currency} ${key}`;
      const group = groups.get(id) ?? { key, currency: r.kase.currency, members: [] };
      group.members.push(r);
      groups.set(id, group);
    }
  }
  return [...groups.values()]
    .sort((a, b) => a.currency.localeCompare(b.currency) || a.key.localeCompare(b.key))
    .map(({ key, currency, members }) => summarise(key, currency, members));
}

function summarise(key: string, currency: string, members: readonly LoanRecovery[]): Group {
  const ead = members.reduce((sum, m) => sum + m.exposureAtDefault, 0n);
  const recovered = members.reduce((sum, m) => sum + m.recovery.recovered, 0n);
  const weighted = members.filter((m) => m.recovery.lgdBps !== null);
  const weight = weighted.reduce((sum, m) => sum + Number(m.exposureAtDefault), 0);
  const days = members.flatMap((m) => (m.recovery.daysToRecovery === null ? [] : [m.recovery.daysToRecovery]));
  return {
    key,
    currency,
    loans: members.length,
    exposureAtDefault: ead,
    recovered,
    recoveryRateBps: ratioBps(recovered, ead),
    lgdBps: weight > 0 ? Math.round(weighted.reduce((sum, m) => sum + m.recovery.lgdBps! * Number(m.exposureAtDefault), 0) / weight) : null,
    averageDaysToRecovery: days.length ? Math.round(days.reduce((a, b) => a + b, 0) / days.length) : null,
  };
}

/** Claim lines summed by month received ("YYYY-MM") and currency; `own`: the part paid to the given organisation (none when null). */
export function byMonth(items: readonly LoanRecovery[], organisationId: string | null) {
  const months = new Map<string, { month: string; currency: string; recovered: bigint; own: bigint }>();
  for (const r of items) {
    for (const line of r.lines) {
      const id = `${r.kase.currency} ${line.receivedOn.slice(0, 7)}`;
      const row = months.get(id) ?? { month: line.receivedOn.slice(0, 7), currency: r.kase.currency, recovered: 0n, own: 0n };
      row.recovered += line.amount;
      if (organisationId !== null && line.organisationId === organisationId) row.own += line.amount;
      months.set(id, row);
    }
  }
  return [...months.values()].sort((a, b) => a.currency.localeCompare(b.currency) || a.month.localeCompare(b.month));
}

/** One row per defaulted loan, as the tables and the CSV show it. */
export function loanRow(r: LoanRecovery) {
  return {
    loanId: r.loan.id,
    reference: r.loan.reference,
    currency: r.kase.currency,
    defaultedOn: r.kase.defaultedOn,
    exposureAtDefault: r.exposureAtDefault,
    recovered: r.recovery.recovered,
    recoveryRateBps: r.recovery.recoveryRateBps,
    lgdBps: r.recovery.recovered > 0n ? r.recovery.lgdBps : null,
    daysToRecovery: r.recovery.daysToRecovery,
    modes: r.modes,
  };
}

/** Whose defaulted loans a dashboard reads: one bank's book, or every bank's for the platform's staff. */
export type PortfolioScope = { organisationId: string } | "all";

/** What the bank's and the platform's dashboards share: every loan with a disposal case in the scope, grouped. */
async function portfolioOf(db: DbOrTx, scope: PortfolioScope, annualRateBps: number) {
  const inScope = scope === "all" ? await db.selectDistinct({ id: disposalCases.loanId }).from(disposalCases) : await db.select({ id: loans.id }).from(loans).where(eq(loans.organisationId, scope.organisationId));
  const recoveries = await recoveriesOf(db, inScope.map((l) => l.id), annualRateBps);
  const caseIds = recoveries.map((r) => r.kase.id);
  const types = caseIds.length
    ? await db.selectDistinct({ caseId: disposalCaseAssets.caseId, type: ipAssets.type }).from(disposalCaseAssets).innerJoin(ipAssets, eq(ipAssets.id, disposalCaseAssets.assetId)).where(inArray(disposalCaseAssets.caseId, caseIds)).orderBy(asc(ipAssets.type))
    : [];
  const realised = recoveries.filter((r) => r.recovery.recovered > 0n);
  return {
    recoveries,
    realised,
    groups: {
      totals: groupRecoveries(realised.map((r) => ({ keys: ["all"], r }))),
      byType: groupRecoveries(realised.map((r) => ({ keys: types.filter((t) => t.caseId === r.kase.id).map((t) => t.type), r }))),
      byMode: groupRecoveries(realised.map((r) => ({ keys: r.modes, r }))),
      byDefaultMonth: groupRecoveries(realised.map((r) => ({ keys: [r.kase.defaultedOn.slice(0, 7)], r }))),
      accuracy: await valuationAccuracy(db, scope),
    },
  };
}

/** A bank's own book; "own": what the waterfall paid the bank itself, beside what the loan recovered for all its parties. */
export async function bankPortfolio(db: DbOrTx, organisationId: string, annualRateBps: number) {
  const { recoveries, groups } = await portfolioOf(db, { organisationId }, annualRateBps);
  const own = (r: LoanRecovery) => r.recovery.byParty.filter((p) => p.organisationId === organisationId).reduce((sum, p) => sum + p.total, 0n);
  return { loans: recoveries.map((r) => ({ ...loanRow(r), own: own(r) })), byMonth: byMonth(recoveries, organisationId), ...groups };
}

/**
 * Every bank's defaulted loans, for the platform's auditor and operator: the bank dashboard's content with each loan's
 * bank in place of "recovered by you", and one group per bank (keyed by its organisation id) so banks can be compared.
 */
export async function platformPortfolio(db: DbOrTx, annualRateBps: number) {
  const { recoveries, realised, groups } = await portfolioOf(db, "all", annualRateBps);
  const bankIds = [...new Set(recoveries.map((r) => r.loan.organisationId))];
  const banks = bankIds.length ? await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, bankIds)) : [];
  const bankName = (id: string) => banks.find((b) => b.id === id)?.name ?? id;
  const byBank = groupRecoveries(realised.map((r) => ({ keys: [r.loan.organisationId], r }))).map((g) => ({ ...g, bank: bankName(g.key) }));
  return {
    loans: recoveries.map((r) => ({ ...loanRow(r), bank: bankName(r.loan.organisationId) })),
    byMonth: byMonth(recoveries, null).map(({ own: _own, ...month }) => month),
    byBank: byBank.sort((a, b) => a.currency.localeCompare(b.currency) || a.bank.localeCompare(b.bank)),
    ...groups,
  };
}
