import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commitmentInput } from "../../../server/domain/bidding/tender";
import { Badge } from "~/components/collateral/badges";
import { Money, useFormat } from "~/components/collateral/format";
import { Notice } from "~/components/field";
import { Time } from "~/components/time";
import { pointsOf } from "./scoring";
import type { TenderTab } from "./tender.server";

type Results = NonNullable<TenderTab["results"]>;

/** A number with its points under it, in the results of a weighted tender. */
function Scored({ value, points }: { value: React.ReactNode; points: number | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="tabular-nums">{value}</div>
      {points !== undefined ? <div className="text-xs text-slate-500 tabular-nums">{t("tender.results.points", { points: pointsOf(points) })}</div> : null}
    </>
  );
}

/** The ranking after the opening, by bidder code, the viewer's own row marked; a weighted tender's declared values and points beside each amount. */
export function TenderResults({ results, currency }: { results: Results; currency: string }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const criteria = results.scoring?.criteria ?? [];
  return (
    <section className="card space-y-3">
      <h2 className="text-lg font-semibold">{t("tender.results.title")}</h2>
      {results.status === "unsold" ? <Notice tone="warning">{t("tender.results.unsold")}</Notice> : null}
      {results.evaluation === "weighted" && !results.scoring ? <p className="text-sm text-slate-600">{t("tender.rules.weighted")}</p> : null}
      {results.bids.length === 0 ? (
        <p className="text-sm text-slate-600">{t("tender.results.none")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="table" data-testid="tender-results">
            <thead>
              <tr>
                <th>{t("tender.results.rank")}</th>
                <th>{t("tender.results.bidder")}</th>
                <th className="text-right">{t("tender.results.amount")}</th>
                {criteria.map((c, i) => (
                  <th key={i} className="text-right">
                    {c.label}
                  </th>
                ))}
                {results.scoring ? <th className="text-right">{t("tender.results.score")}</th> : null}
                <th>{t("tender.results.verified")}</th>
                <th>{t("tender.receipt.submittedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {results.bids.map((b) => (
                <tr key={b.commitment} className={b.own ? "bg-brand-50" : undefined}>
                  <td>{b.rank ?? "—"}</td>
                  <td>
                    {b.bidderCode}
                    {b.organisationName ? ` · ${b.organisationName}` : null}
                    {b.own ? ` (${t("tender.results.you")})` : null} {b.winner ? <Badge tone="green">{t("tender.results.winner")}</Badge> : null}
                  </td>
                  <td className="text-right">
                    <Scored value={b.amount !== null ? <Money amount={b.amount} currency={currency} /> : "—"} points={b.score?.price} />
                  </td>
                  {criteria.map((_, i) => (
                    <td key={i} className="text-right">
                      <Scored value={b.values?.[i]?.toLocaleString(locale) ?? "—"} points={b.score?.criteria[i]} />
                    </td>
                  ))}
                  {results.scoring ? <td className="text-right font-semibold tabular-nums">{b.score ? pointsOf(b.score.total) : "—"}</td> : null}
                  <td>{b.verified ? <Badge tone="green">{t("tender.results.ok")}</Badge> : <Badge tone="red">{t("tender.results.failed")}</Badge>}</td>
                  <td>
                    <Time value={b.submittedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="text-xs text-slate-500">{t(results.rankedBy === "weighted" ? "tender.results.rankedByWeighted" : "tender.results.rankedBy")}</p>
    </section>
  );
}

type Mine = NonNullable<Results["mine"]>;

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Recomputes the viewer's commitment in the browser from the revealed amount, declared values and salt, by the published recipe. */
export function VerifyReceipt({ mine }: { mine: Mine }) {
  const { t } = useTranslation();
  const { receipt, opened } = mine;
  const input = opened.amount !== null && opened.salt ? commitmentInput(receipt.lotId, receipt.organisationId, BigInt(opened.amount), opened.salt, opened.values) : null;
  const [computed, setComputed] = useState<string | null>(null);
  useEffect(() => {
    if (input) void sha256Hex(input).then(setComputed);
  }, [input]);
  return (
    <section className="card space-y-3" data-testid="verify-receipt">
      <h2 className="text-lg font-semibold">{t("tender.verify.title")}</h2>
      <dl className="space-y-2 text-sm">
        <div>
          <dt className="text-slate-500">{t("tender.verify.input")}</dt>
          <dd className="break-all font-mono text-xs">{input ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("tender.verify.expected")}</dt>
          <dd className="break-all font-mono text-xs">{receipt.commitment}</dd>
        </div>
      </dl>
      {computed === null ? (
        <p className="text-sm text-slate-600">
          {t("tender.verify.computing")} <noscript>{t("tender.verify.offline")}</noscript>
        </p>
      ) : computed === receipt.commitment ? (
        <Notice tone="success">{t("tender.verify.match")}</Notice>
      ) : (
        <Notice tone="warning">{t("tender.verify.mismatch")}</Notice>
      )}
    </section>
  );
}
