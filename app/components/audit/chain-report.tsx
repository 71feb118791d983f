import { useTranslation } from "react-i18next";
import { isBidChain } from "../../../server/domain/bidding/bid-chain";

type Entry = { chain: string; events: number; firstBreak: { seq: number; reason: string } | null };

/**
 * The verifier's report: one row per audit chain and per broken chain; the intact bid chains (one per lot,
 * named `bids:<lot>`) fold into one row, since a busy exchange has thousands.
 */
export function ChainReport({ chains }: { chains: readonly Entry[] }) {
  const { t } = useTranslation();
  if (chains.length === 0) return <p className="text-sm text-slate-600">{t("audit.verify.noChains")}</p>;
  const broken = chains.filter((c) => c.firstBreak).length;
  const intactLots = chains.filter((c) => !c.firstBreak && isBidChain(c.chain));
  const rows = chains.filter((c) => c.firstBreak || !isBidChain(c.chain));
  return (
    <div className="space-y-2" data-testid="chain-report">
      <p role="status" className={`text-sm font-medium ${broken === 0 ? "text-green-800" : "text-red-700"}`}>
        {broken === 0 ? t("audit.verify.allIntact", { count: chains.length }) : t("audit.verify.someBroken", { count: broken })}
      </p>
      <div className="overflow-x-auto">
        <table className="table">
          <thead>
            <tr>
              <th>{t("audit.verify.chain")}</th>
              <th className="text-right">{t("audit.verify.events")}</th>
              <th>{t("audit.verify.result")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.chain} data-testid="chain-row">
                <td className="font-mono text-xs">{c.chain}</td>
                <td className="text-right tabular-nums">{c.events}</td>
                <td className={c.firstBreak ? "text-red-700" : "text-green-800"}>
                  {c.firstBreak
                    ? t("audit.verify.broken", { seq: c.firstBreak.seq, reason: t(`audit.verify.reasons.${c.firstBreak.reason}`, { defaultValue: c.firstBreak.reason.replace(/_/g, " ") }) })
                    : t("audit.verify.intact")}
                </td>
              </tr>
            ))}
            {intactLots.length > 0 ? (
              <tr data-testid="chain-row">
                <td className="text-xs">{t("audit.verify.bidChains", { lots: intactLots.length })}</td>
                <td className="text-right tabular-nums">{intactLots.reduce((n, c) => n + c.events, 0)}</td>
                <td className="text-green-800">{t("audit.verify.intact")}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}
