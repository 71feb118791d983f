import { useTranslation } from "react-i18next";
import { useFormat } from "~/components/collateral/format";
import type { EncumbrancesView } from "./encumbrances.server";

type Right = { id: string; title: string; registryNumber: string };

/** Licences, pledges and preservation orders on each right of the lot, in plain words. */
export function EncumbranceSection({ rights, encumbrances }: { rights: readonly Right[]; encumbrances: EncumbrancesView }) {
  const { t } = useTranslation();
  const count = (e: EncumbrancesView[number]) => e.licences.length + e.recordals.length + e.pledges.length + e.preservationOrders.length;
  const burdened = encumbrances.filter((e) => count(e) > 0);
  return (
    <section className="card" aria-labelledby="encumbrances" data-testid="encumbrances">
      <h2 id="encumbrances" className="text-lg font-semibold">
        {t("cases.encumbrances.title")}
      </h2>
      <p className="text-sm text-slate-600">{t("cases.encumbrances.lead")}</p>
      {burdened.length === 0 ? (
        <p className="mt-4 text-sm text-slate-700">{t("cases.encumbrances.empty")}</p>
      ) : (
        <div className="mt-4 space-y-5">
          {encumbrances.map((e) => {
            const right = rights.find((r) => r.id === e.assetId);
            return (
              <div key={e.assetId}>
                <h3 className="text-sm font-semibold">
                  {right?.title} <span className="font-mono text-xs font-normal text-slate-500">{right?.registryNumber}</span>
                </h3>
                {count(e) === 0 ? <p className="mt-1 text-sm text-slate-600">{t("cases.encumbrances.none")}</p> : <RightEncumbrances e={e} />}
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}

function Group({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="mt-2">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{title}</p>
      <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-800">{children}</ul>
    </div>
  );
}

function RightEncumbrances({ e }: { e: EncumbrancesView[number] }) {
  const { t } = useTranslation();
  const { money } = useFormat();
  return (
    <>
      {e.licences.length + e.recordals.length > 0 ? (
        <Group title={t("cases.encumbrances.licences")}>
          {e.licences.map((l) => (
            <li key={`${l.licensee}-${l.since}-${l.kind}`} data-testid="licence">
              {t("cases.encumbrances.licence", { kind: t(`listings.licenceKind.${l.kind}`), licensee: l.licensee, since: l.since })}
              <span className="block text-xs text-slate-500">{t("cases.encumbrances.licenceTerms", { field: l.fieldOfUse ?? "—", territory: l.territory ?? "—", months: l.termMonths ?? "—" })}</span>
            </li>
          ))}
          {e.recordals.map((r) => (
            <li key={`${r.on}-${r.note}`}>
              {t("cases.encumbrances.recordal", { on: r.on })}
              {r.note ? <span className="block text-xs text-slate-500">{r.note}</span> : null}
            </li>
          ))}
        </Group>
      ) : null}
      {e.pledges.length > 0 ? (
        <Group title={t("cases.encumbrances.pledges")}>
          {e.pledges.map((p) => (
            <li key={p.number} data-testid="pledge">
              {t("cases.encumbrances.pledge", { number: p.number, on: p.registeredOn, rank: p.rank })}
              {p.mine ? <span className="block text-xs text-slate-500">{t("cases.encumbrances.pledgeMine", { reference: p.loanReference, amount: money(p.securedAmount, p.currency) })}</span> : null}
              <span className={`block text-xs ${p.releasedBySale ? "text-emerald-700" : "text-amber-700"}`}>{t(p.releasedBySale ? "cases.encumbrances.releasedBySale" : "cases.encumbrances.remains")}</span>
            </li>
          ))}
        </Group>
      ) : null}
      {e.preservationOrders.length > 0 ? (
        <Group title={t("cases.encumbrances.preservation")}>
          {e.preservationOrders.map((o) => (
            <li key={`${o.on}-${o.source}`}>
              {t("cases.encumbrances.preservationOrder", { on: o.on, source: o.source })}
              {o.note ? <span className="block text-xs text-slate-500">{o.note}</span> : null}
            </li>
          ))}
        </Group>
      ) : null}
    </>
  );
}
