import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Money } from "~/components/collateral/format";
import { useModeLabel } from "./parts";

type Line = { position: number; component: string; loanId: string | null; organisationId: string | null; partyName: string; amount: number };
type Distribution = { id: string; source: string; mode: string | null; title: string | null; settlementId: string | null; currency: string; amount: number; inKind: boolean; receivedOn: string; lines: readonly Line[] };

/** One distribution through the waterfall, line by line in order of priority; lines of other loans are shown greyed. */
export function DistributionCard({ distribution: x, viewer, loanId }: { distribution: Distribution; viewer: string; loanId: string }) {
  const { t } = useTranslation();
  const modeLabel = useModeLabel();
  return (
    <article className="card space-y-3" data-distribution={x.id}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-medium">
          {t("recoveries.loan.received", { date: x.receivedOn })} · {modeLabel(x.mode ?? x.source)}
          {x.inKind ? ` · ${t("recoveries.loan.inKind")}` : ""}
          {x.title && x.settlementId ? (
            <>
              {" · "}
              <Link to={`/settlements/${x.settlementId}`} className="text-brand-700 hover:underline">
                {x.title}
              </Link>
            </>
          ) : null}
        </h3>
        <Money amount={x.amount} currency={x.currency} className="font-semibold" />
      </div>
      <div className="overflow-x-auto">
        <table className="table">
          <thead>
            <tr>
              <th>#</th>
              <th>{t("recoveries.columns.component")}</th>
              <th>{t("recoveries.columns.party")}</th>
              <th className="text-right">{t("recoveries.columns.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {x.lines.map((l) => (
              <tr key={l.position} data-line={l.component} className={l.loanId && l.loanId !== loanId ? "text-slate-400" : l.organisationId === viewer ? "bg-brand-50" : ""}>
                <td className="tabular-nums">{l.position + 1}</td>
                <td>{t(`recoveries.component.${l.component}`)}</td>
                <td>{l.partyName}</td>
                <td className="text-right">
                  <Money amount={l.amount} currency={x.currency} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="font-medium">
              <td colSpan={3}>{t("recoveries.loan.total")}</td>
              <td className="text-right" data-total>
                <Money amount={x.lines.reduce((s, l) => s + l.amount, 0)} currency={x.currency} />
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </article>
  );
}
