import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { Money } from "~/components/collateral/format";
import { Time } from "~/components/time";
import { CreditOffsetFigure } from "~/components/settlements/credit-offset";
import { requireUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settlements.pack.title");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "account:read");
  const found = await context.services.settlements.filingPack(principal, idOr404(params.settlementId));
  if (!found.ok) throw notFound();
  return json({ pack: jsonSafe(found.pack) });
}

/** The registry filing pack, laid out to print: what a transfer application and a pledge cancellation need. */
export default function FilingPack() {
  const { t } = useTranslation();
  const { pack } = useLoaderData<typeof loader>();
  const party = (label: string, p: { name: string; creditCode: string | null }) => (
    <div>
      <dt className="text-slate-600">{label}</dt>
      <dd className="font-medium">{p.name}</dd>
      <dd className="text-sm">
        {t("settlements.pack.creditCode")}: <span className="font-mono">{p.creditCode ?? "—"}</span>
      </dd>
    </div>
  );
  return (
    <article className="space-y-6 print:space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("settlements.pack.title")}</h1>
        <Link to={`/settlements/${pack.settlementId}`} className="btn-secondary print:hidden">
          {pack.title}
        </Link>
      </div>
      <section className="card">
        <dl className="grid gap-2 text-sm md:grid-cols-2">
          <dt className="text-slate-600">{t("settlements.pack.reference")}</dt>
          <dd className="font-mono">{pack.settlementId}</dd>
          <dt className="text-slate-600">{t("settlements.pack.paymentReference")}</dt>
          <dd className="font-mono">{pack.reference ?? "—"}</dd>
        </dl>
      </section>
      <section className="card">
        <h2 className="text-lg font-semibold">{t("settlements.pack.parties")}</h2>
        <dl className="mt-3 grid gap-4 md:grid-cols-2">
          {party(t("settlements.pack.assignor"), pack.seller)}
          {party(t("settlements.pack.assignee"), pack.buyer)}
        </dl>
      </section>
      <section className="card">
        <h2 className="text-lg font-semibold">{t("settlements.pack.rights")}</h2>
        <table className="table mt-3">
          <thead>
            <tr>
              <th>{t("settlements.pack.type")}</th>
              <th>{t("settlements.pack.registryNumber")}</th>
              <th>{t("settlements.pack.rightTitle")}</th>
            </tr>
          </thead>
          <tbody>
            {pack.rights.map((r) => (
              <tr key={`${r.type}:${r.registryNumber}`}>
                <td>{r.type}</td>
                <td className="font-mono" data-testid="registry-number">
                  {r.registryNumber}
                </td>
                <td>{r.title}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2 className="text-lg font-semibold">{t("settlements.pack.sale")}</h2>
        <dl className="mt-3 grid gap-2 text-sm md:grid-cols-2">
          <dt className="text-slate-600">{t("settlements.figures.price")}</dt>
          <dd className="tabular-nums">
            <Money amount={pack.price} currency={pack.currency} />
          </dd>
          {pack.creditOffset > 0 ? <CreditOffsetFigure amount={pack.creditOffset} currency={pack.currency} /> : null}
          <dt className="text-slate-600">{t("settlements.pack.awardedAt")}</dt>
          <dd>
            <Time value={pack.awardedAt} />
          </dd>
        </dl>
      </section>
      <section className="card">
        <h2 className="text-lg font-semibold">{t("settlements.pack.pledges")}</h2>
        {pack.pledges.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">{t("settlements.pack.noPledges")}</p>
        ) : (
          <ul className="mt-2 list-disc pl-5 font-mono text-sm">
            {pack.pledges.map((p) => (
              <li key={p} data-testid="pledge-number">
                {p}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
