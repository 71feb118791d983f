import { eq } from "drizzle-orm";
import { disposalCases } from "../../../db/schema";
import { fail, ok } from "../../domain/result";
import type { Principal } from "../auth/principal";
import { findVisibleLoan } from "../collateral/scope";
import type { ServiceDeps } from "../context";
import { type Group, bankPortfolio, platformPortfolio } from "./portfolio";
import { bidderPortfolio, sharerPortfolio } from "./portfolio-parties";
import { loanRecoveryDetail } from "./recoveries";
import { major, statementCsv, statementOf, toCsv } from "./statements";

export type PortfolioView = "platform" | "bank" | "sharer" | "bidder";

/**
 * Which dashboard the caller gets: the platform's auditor and operator every bank's book (they read everything that may
 * be read), a verified bank its book, a verified risk-sharer its shares, anyone else its bids and payments.
 */
export function viewOf(principal: Principal): PortfolioView {
  if (principal.organisation.kind === "platform" && principal.permissions.has("audit:read")) return "platform";
  if (principal.permissions.has("collateral:manage")) return "bank";
  if (principal.permissions.has("risk:read")) return "sharer";
  return "bidder";
}

export const CSV_TABLES = {
  platform: ["loans", "by_bank", "by_month", "by_type", "by_mode", "by_default_month", "accuracy"],
  bank: ["loans", "by_month", "by_type", "by_mode", "by_default_month", "accuracy"], sharer: ["loans", "by_month"], bidder: ["deposits", "settlements", "payments"],
} as const;
export type CsvTable = (typeof CSV_TABLES)[PortfolioView][number];

const percent = (bps: number | null) => (bps === null ? null : (bps / 100).toFixed(2));
const groupCsv = (groups: readonly Group[]) =>
  toCsv(
    ["group", "currency", "loans", "exposure_at_default", "recovered", "recovery_rate_pct", "lgd_pct", "average_days_to_recovery"],
    groups.map((g) => [g.key, g.currency, g.loans, major(g.exposureAtDefault, g.currency), major(g.recovered, g.currency), percent(g.recoveryRateBps), percent(g.lgdBps), g.averageDaysToRecovery]),
  );

/** Recoveries, dashboards and statements: read-only, scoped by the caller's organisation from the session. */
export class RecoveryService {
  constructor(private readonly deps: ServiceDeps) {}

  private get rate() {
    return this.deps.config.recoveryDiscountRateBps;
  }

  async portfolio(principal: Principal) {
    const org = principal.organisation.id;
    const view = viewOf(principal);
    if (view === "platform") return { view, discountRateBps: this.rate, platform: await platformPortfolio(this.deps.db, this.rate) } as const;
    if (view === "bank") return { view, discountRateBps: this.rate, bank: await bankPortfolio(this.deps.db, org, this.rate) } as const;
    if (view === "sharer") return { view, discountRateBps: this.rate, sharer: await sharerPortfolio(this.deps.db, org, this.rate) } as const;
    return { view, discountRateBps: this.rate, bidder: await bidderPortfolio(this.deps.db, org) } as const;
  }

  /** A loan's recovery for its bank, its risk-sharers and the platform's auditor and operator; anyone else is told it does not exist. */
  async loan(principal: Principal, loanId: string) {
    const visible = viewOf(principal) === "platform" || (await findVisibleLoan(this.deps.db, principal.organisation.id, loanId));
    if (!visible) return fail("NOT_FOUND");
    const detail = await loanRecoveryDetail(this.deps.db, loanId, this.rate);
    return detail ? ok({ recovery: detail, discountRateBps: this.rate }) : fail("NOT_FOUND");
  }

  /** A disposal case's distributions, line by line, for the parties of its loan. */
  async distributions(principal: Principal, caseId: string) {
    const [kase] = await this.deps.db.select({ loanId: disposalCases.loanId }).from(disposalCases).where(eq(disposalCases.id, caseId));
    if (!kase) return fail("NOT_FOUND");
    const found = await this.loan(principal, kase.loanId);
    return found.ok ? ok({ distributions: found.recovery.distributions }) : found;
  }

  statement(principal: Principal) {
    return statementOf(this.deps.db, principal.organisation.id);
  }

  async statementCsv(principal: Principal) {
    return statementCsv(await this.statement(principal));
  }

  /** One table of the caller's dashboard as CSV; a table its view does not have does not exist. */
  async portfolioCsv(principal: Principal, table: string) {
    const p = await this.portfolio(principal);
    if (!(CSV_TABLES[p.view] as readonly string[]).includes(table)) return fail("NOT_FOUND");
    return ok({ filename: `recoveries-${table.replace(/_/g, "-")}.csv`, csv: tableCsv(p, table as CsvTable) });
  }
}

const accuracyCsv = (accuracy: Awaited<ReturnType<typeof bankPortfolio>>["accuracy"]) =>
  toCsv(["lot", "sold_on", "currency", "price", "appraiser", "appraisal", "appraised_on", "price_to_appraisal_pct"], accuracy.sales.map((s) => [s.title, s.soldOn, s.currency, major(s.price, s.currency), s.appraiser, major(s.appraisal, s.currency), s.appraisedOn, percent(s.ratioBps)]));

function tableCsv(p: Awaited<ReturnType<RecoveryService["portfolio"]>>, table: CsvTable): string {
  if (p.view === "platform") {
    const b = p.platform;
    if (table === "loans") return toCsv(["loan", "bank", "currency", "defaulted_on", "exposure_at_default", "recovered", "recovery_rate_pct", "lgd_pct", "days_to_recovery", "modes"], b.loans.map((l) => [l.reference, l.bank, l.currency, l.defaultedOn, major(l.exposureAtDefault, l.currency), major(l.recovered, l.currency), percent(l.recoveryRateBps), percent(l.lgdBps), l.daysToRecovery, l.modes.join(" ")]));
    if (table === "by_month") return toCsv(["month", "currency", "recovered"], b.byMonth.map((m) => [m.month, m.currency, major(m.recovered, m.currency)]));
    if (table === "accuracy") return accuracyCsv(b.accuracy);
    if (table === "by_bank") return groupCsv(b.byBank.map((g) => ({ ...g, key: g.bank })));
    return groupCsv(table === "by_type" ? b.byType : table === "by_mode" ? b.byMode : b.byDefaultMonth);
  }
  if (p.view === "bank") {
    const b = p.bank;
    if (table === "loans") return toCsv(["loan", "currency", "defaulted_on", "exposure_at_default", "recovered", "recovered_by_you", "recovery_rate_pct", "lgd_pct", "days_to_recovery", "modes"], b.loans.map((l) => [l.reference, l.currency, l.defaultedOn, major(l.exposureAtDefault, l.currency), major(l.recovered, l.currency), major(l.own, l.currency), percent(l.recoveryRateBps), percent(l.lgdBps), l.daysToRecovery, l.modes.join(" ")]));
    if (table === "by_month") return toCsv(["month", "currency", "recovered", "recovered_by_you"], b.byMonth.map((m) => [m.month, m.currency, major(m.recovered, m.currency), major(m.own, m.currency)]));
    if (table === "accuracy") return accuracyCsv(b.accuracy);
    return groupCsv(table === "by_type" ? b.byType : table === "by_mode" ? b.byMode : b.byDefaultMonth);
  }
  if (p.view === "sharer") {
    const s = p.sharer;
    if (table === "by_month") return toCsv(["month", "currency", "recovered_on_loans", "recovered_by_you"], s.byMonth.map((m) => [m.month, m.currency, major(m.recovered, m.currency), major(m.own, m.currency)]));
    return toCsv(["loan", "bank", "role", "share_pct", "currency", "defaulted_on", "exposure_at_default", "paid", "recovered", "net_loss", "loan_recovery_rate_pct", "loan_lgd_pct"], s.loans.map((l) => [l.reference, l.bank, l.role, percent(l.shareBps), l.currency, l.defaultedOn, major(l.exposureAtDefault, l.currency), major(l.paid, l.currency), major(l.recovered, l.currency), major(l.netLoss, l.currency), percent(l.loanRecoveryRateBps), percent(l.loanLgdBps)]));
  }
  const b = p.bidder;
  if (table === "deposits") return toCsv(["lot", "method", "status", "currency", "amount", "requested_at"], b.deposits.map((d) => [d.title, d.method, d.status, d.currency, major(d.amount, d.currency), d.requestedAt.toISOString()]));
  if (table === "settlements") return toCsv(["lot", "status", "currency", "price", "buyer_premium", "deposit_applied", "balance_due", "due_at"], b.settlements.map((s) => [s.title, s.status, s.currency, major(s.price, s.currency), major(s.buyerPremium, s.currency), major(s.depositApplied, s.currency), major(s.balanceDue, s.currency), s.dueAt.toISOString()]));
  return toCsv(["reference", "purpose", "method", "status", "currency", "amount", "received", "created_at"], b.payments.map((x) => [x.reference, x.purpose, x.method, x.status, x.currency, major(x.amount, x.currency), major(x.received, x.currency), x.createdAt.toISOString()]));
}
