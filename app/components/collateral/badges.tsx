import { useTranslation } from "react-i18next";
import { formatCoverage } from "./format";

type Tone = "green" | "amber" | "red" | "slate" | "blue";
const TONES: Record<Tone, string> = {
  green: "bg-green-50 text-green-800 ring-green-200",
  amber: "bg-amber-50 text-amber-900 ring-amber-200",
  red: "bg-red-50 text-red-800 ring-red-200",
  slate: "bg-slate-100 text-slate-700 ring-slate-200",
  blue: "bg-brand-50 text-brand-700 ring-brand-100",
};

export function Badge({ tone, children }: { tone: Tone; children: React.ReactNode }) {
  return <span className={`inline-flex items-center whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]}`}>{children}</span>;
}

const LOAN_TONES: Record<string, Tone> = { performing: "green", overdue: "amber", defaulted: "red", in_disposal: "red", recovered: "blue", written_off: "slate" };
const LEGAL_TONES: Record<string, Tone> = {
  valid: "green",
  annuity_due: "amber",
  in_grace: "amber",
  lapsed: "red",
  invalidation_pending: "amber",
  invalidated: "red",
  expired: "red",
  transferred: "red",
};
const PLEDGE_TONES: Record<string, Tone> = { registered: "green", changed: "blue", enforcing: "amber", realised: "slate", cancelled: "slate" };
const SEVERITY_TONES: Record<string, Tone> = { critical: "red", warning: "amber", info: "blue" };

export function LoanStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Badge tone={LOAN_TONES[status] ?? "slate"}>{t(`collateral.loanStatus.${status}`)}</Badge>;
}

export function LegalStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Badge tone={LEGAL_TONES[status] ?? "slate"}>{t(`collateral.legalStatus.${status}`)}</Badge>;
}

export function PledgeStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Badge tone={PLEDGE_TONES[status] ?? "slate"}>{t(`collateral.pledgeStatus.${status}`)}</Badge>;
}

export function SeverityBadge({ severity }: { severity: string }) {
  const { t } = useTranslation();
  return <Badge tone={SEVERITY_TONES[severity] ?? "slate"}>{t(`collateral.severity.${severity}`)}</Badge>;
}

/** Coverage as a ratio; red below 1.0, amber just above it. */
export function CoverageValue({ bps }: { bps: number | null }) {
  const tone = bps === null ? "text-slate-400" : bps < 10_000 ? "font-semibold text-red-700" : bps < 12_000 ? "text-amber-700" : "text-green-700";
  return (
    <span className={`tabular-nums ${tone}`} data-coverage={bps ?? ""}>
      {formatCoverage(bps)}
    </span>
  );
}
