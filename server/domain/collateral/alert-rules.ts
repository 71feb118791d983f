import { daysBetween } from "../calendar-date";
import { ratioBps } from "../money";
import type { AlertRule, AlertSeverity, LegalStatus } from "./vocabulary";

/** Facts about one pledged asset as the monitor sees them on a given day. */
export type MonitoredAsset = {
  id: string;
  legalStatus: LegalStatus;
  nextAnnuityDue: string | null;
  expiresOn: string | null;
  /** Latest valuations first is not assumed: any order, the rules sort by date. */
  valuations: ReadonlyArray<{ amount: bigint; valuedOn: string }>;
  preservationOrderActive: boolean;
  /** Date of the latest recorded transfer of the right, if any. */
  lastTransferOn: string | null;
  /** Registration date of this loan's pledge over the asset. */
  pledgedOn: string;
};

export type MonitoredLoan = { id: string; exposure: bigint; assets: readonly MonitoredAsset[] };

export type AlertFinding = {
  rule: AlertRule;
  assetId: string | null;
  /** Distinguishes occurrences of one rule (a due date, a valuation date): one alert per key, ever. */
  key: string;
  severity: AlertSeverity;
  details: Record<string, string | number | null>;
};

export const ANNUITY_WARNING_DAYS = 90;
export const VALUATION_FALL_PERCENT = 20;

const GONE: readonly LegalStatus[] = ["lapsed", "expired", "invalidated", "transferred"];

/**
 * Each valuation date's value, oldest first. Two appraisals on one day count at the lower (a creditor's
 * prudence), so the answer never depends on the order the facts arrive in.
 */
export function valuationsByDate(asset: Pick<MonitoredAsset, "valuations">): Array<{ valuedOn: string; amount: bigint }> {
  const byDate = new Map<string, bigint>();
  for (const v of asset.valuations) {
    const known = byDate.get(v.valuedOn);
    if (known === undefined || v.amount < known) byDate.set(v.valuedOn, v.amount);
  }
  return [...byDate].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([valuedOn, amount]) => ({ valuedOn, amount }));
}

export function latestValuation(asset: Pick<MonitoredAsset, "valuations">) {
  return valuationsByDate(asset).at(-1) ?? null;
}

/**
 * Collateral value (latest valuation of each pledged right still alive; a lapsed, expired, invalidated or
 * transferred right counts nothing) against exposure; coverage 1.0 = 10,000 bps.
 */
export function coverageOf(loan: MonitoredLoan) {
  const collateral = loan.assets.reduce((sum, a) => sum + (GONE.includes(a.legalStatus) ? 0n : (latestValuation(a)?.amount ?? 0n)), 0n);
  return { collateral, exposure: loan.exposure, bps: ratioBps(collateral, loan.exposure) };
}

function assetFindings(asset: MonitoredAsset, today: string): AlertFinding[] {
  const out: AlertFinding[] = [];
  const add = (rule: AlertRule, key: string, severity: AlertSeverity, details: AlertFinding["details"] = {}) =>
    out.push({ rule, assetId: asset.id, key, severity, details });

  if (asset.nextAnnuityDue && !GONE.includes(asset.legalStatus)) {
    const days = daysBetween(today, asset.nextAnnuityDue);
    if (days >= 0 && days <= ANNUITY_WARNING_DAYS && asset.legalStatus !== "in_grace") {
      add("annuity_due_soon", asset.nextAnnuityDue, days <= 30 ? "critical" : "warning", { dueOn: asset.nextAnnuityDue, days });
    }
    if (days < 0 || asset.legalStatus === "in_grace") {
      add("in_grace_period", asset.nextAnnuityDue, "critical", { dueOn: asset.nextAnnuityDue, daysOverdue: Math.max(0, -days) });
    }
  } else if (asset.legalStatus === "in_grace") {
    add("in_grace_period", "status", "critical", { dueOn: null, daysOverdue: null });
  }
  if (asset.legalStatus === "lapsed") add("lapsed", "status", "critical");
  if (asset.legalStatus === "expired" || (asset.expiresOn !== null && asset.expiresOn <= today)) {
    add("expired", asset.expiresOn ?? "status", "critical", { expiresOn: asset.expiresOn });
  }
  if (asset.legalStatus === "invalidation_pending") add("invalidation_pending", "status", "critical");
  if (asset.preservationOrderActive) add("preservation_order", "active", "critical");
  if (asset.legalStatus === "transferred" || (asset.lastTransferOn !== null && asset.lastTransferOn > asset.pledgedOn)) {
    add("ownership_changed", asset.lastTransferOn ?? "status", "critical", { transferredOn: asset.lastTransferOn });
  }
  const [previous, latest] = valuationsByDate(asset).slice(-2);
  if (previous && latest) {
    // (previous − latest) / previous > 20%, in integers.
    if ((previous.amount - latest.amount) * 100n > BigInt(VALUATION_FALL_PERCENT) * previous.amount) {
      const fallBps = Number(((previous.amount - latest.amount) * 10_000n) / previous.amount);
      add("valuation_fell", latest.valuedOn, "warning", { fromOn: previous.valuedOn, toOn: latest.valuedOn, fallBps });
    }
  }
  return out;
}

/** Every alert that fires for a loan on `today` (a China calendar date); the same facts give the same findings. */
export function evaluateLoan(loan: MonitoredLoan, today: string): AlertFinding[] {
  const findings = loan.assets.flatMap((a) => assetFindings(a, today));
  const { bps, collateral } = coverageOf(loan);
  // Coverage is judged only when every pledged right has a valuation: unknown is not "below".
  const fullyValued = loan.assets.length > 0 && loan.assets.every((a) => a.valuations.length > 0);
  if (fullyValued && bps !== null && bps < 10_000) {
    findings.push({ rule: "coverage_below_one", assetId: null, key: "coverage", severity: "critical", details: { coverageBps: bps, collateral: collateral.toString(), exposure: loan.exposure.toString() } });
  }
  return findings;
}
