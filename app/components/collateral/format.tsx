import { formatMajor } from "../../../server/domain/money";
import { useRootData } from "~/utils/root-data";

export function intlLocale(locale: string): string {
  return locale === "zh" ? "zh-CN" : "en-GB";
}

/** Minor units → "¥5,000,000.00"; formatting happens only here, in the UI. */
export function formatMoney(minor: number | null | undefined, currency: string, locale: string, options: { compact?: boolean } = {}): string {
  if (minor === null || minor === undefined) return "—";
  return new Intl.NumberFormat(intlLocale(locale), {
    style: "currency",
    currency,
    // Both bounds given: Node's and Chromium's ICU disagree on the default minimum in compact notation.
    ...(options.compact ? { notation: "compact", minimumFractionDigits: 0, maximumFractionDigits: 1 } : {}),
  }).format(minor / 100);
}

/** Coverage in basis points → "1.25" (1.0 = fully covered). */
export function formatCoverage(bps: number | null | undefined): string {
  if (bps === null || bps === undefined) return "—";
  return (bps / 10_000).toFixed(2);
}

/** Basis points → "54.00%". */
export function formatPercentBps(bps: number): string {
  return `${(bps / 100).toFixed(2)}%`;
}

/** Minor units → "5000000.00", to prefill an input that takes major units. */
export function majorInput(minor: number, currency: string): string {
  return formatMajor(BigInt(minor), currency);
}

export function formatBytes(bytes: number, locale: string): string {
  const nf = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${nf.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${nf.format(bytes / 1024)} KB`;
  return `${nf.format(bytes / 1024 / 1024)} MB`;
}

/** The formatters bound to the viewer's language. */
export function useFormat() {
  const { locale } = useRootData();
  return {
    locale,
    money: (minor: number | null | undefined, currency: string, compact = false) => formatMoney(minor, currency, locale, { compact }),
    coverage: formatCoverage,
    percent: formatPercentBps,
  };
}

/** Money with tabular digits, right-aligned in tables. */
export function Money({ amount, currency, className = "" }: { amount: number | null | undefined; currency: string; className?: string }) {
  const { money } = useFormat();
  return <span className={`whitespace-nowrap tabular-nums ${className}`}>{money(amount, currency)}</span>;
}
