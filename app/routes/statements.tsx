import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { useHydrated } from "~/components/collateral/charts";
import { Money } from "~/components/collateral/format";
import { PaymentsTable } from "~/components/recoveries/payments-table";
import { Stat } from "~/components/recoveries/parts";
import { Time } from "~/components/time";
import { requireUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "recoveries.statement.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "account:read");
  return json({ organisation: principal.organisation.name, printedAt: new Date().toISOString(), ...jsonSafe(await context.services.recoveries.statement(principal)) });
}

/** The caller organisation's statement, laid out to print (the header and controls drop out on paper), with a CSV download. */
export default function StatementPage() {
  const { t } = useTranslation();
  const s = useLoaderData<typeof loader>();
  const hydrated = useHydrated();
  return (
    <article className="space-y-6 print:space-y-3">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">
            {t("recoveries.statement.title")} · {s.organisation}
          </h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("recoveries.statement.lead", { organisation: s.organisation })}</p>
          <p className="mt-1 hidden text-xs text-slate-500 print:block">
            {t("recoveries.statement.printedAt")} · <Time value={s.printedAt} />
          </p>
        </div>
        <div className="flex gap-2 print:hidden">
          {hydrated ? (
            <button type="button" className="btn-secondary" onClick={() => window.print()}>
              {t("recoveries.statement.print")}
            </button>
          ) : null}
          <a href="/statements.csv" className="btn-secondary" download>
            {t("recoveries.csv")}
          </a>
        </div>
      </div>
      {s.totals.map((total) => (
        <div key={total.currency} className="grid gap-3 sm:grid-cols-4" data-totals={total.currency}>
          <Stat label={t("recoveries.statement.allottedTotal")} testId="allotted">
            <Money amount={total.allotted} currency={total.currency} />
          </Stat>
          <Stat label={t("recoveries.statement.paidOut")}>
            <Money amount={total.paidOut} currency={total.currency} />
          </Stat>
          <Stat label={t("recoveries.statement.payable")}>
            <Money amount={total.payable} currency={total.currency} />
          </Stat>
          <Stat label={t("recoveries.statement.paymentsMade")}>
            <Money amount={total.paymentsMade} currency={total.currency} />
          </Stat>
        </div>
      ))}
      <section className="card space-y-3 print:break-inside-avoid">
        <h2 className="text-lg font-semibold">{t("recoveries.statement.allotted")}</h2>
        {s.allotted.length === 0 ? (
          <p className="text-sm text-slate-600">{t("recoveries.statement.emptyAllotted")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th>{t("recoveries.columns.date")}</th>
                  <th>{t("recoveries.columns.source")}</th>
                  <th>{t("recoveries.columns.lot")}</th>
                  <th>{t("recoveries.columns.component")}</th>
                  <th className="text-right">{t("recoveries.columns.amount")}</th>
                  <th>{t("recoveries.columns.payout")}</th>
                </tr>
              </thead>
              <tbody>
                {s.allotted.map((a) => (
                  <tr key={a.lineId} data-allotted={a.component}>
                    <td className="whitespace-nowrap">{a.receivedOn}</td>
                    <td>{t(`recoveries.source.${a.source}`)}</td>
                    <td>{a.title ?? a.loanReference ?? "—"}</td>
                    <td>{t(`recoveries.component.${a.component}`)}</td>
                    <td className="text-right">
                      <Money amount={a.amount} currency={a.currency} />
                    </td>
                    <td data-payout={a.payoutStatus ?? "pending"}>
                      {t(`recoveries.statement.payout.${a.payoutStatus ?? "pending"}`)}
                      {a.paidOutAt && a.payoutStatus !== "failed" ? (
                        <span className="block text-xs text-slate-500">
                          <Time value={a.paidOutAt} />
                        </span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card space-y-3 print:break-inside-avoid">
        <h2 className="text-lg font-semibold">{t("recoveries.statement.payments")}</h2>
        {s.payments.length === 0 ? <p className="text-sm text-slate-600">{t("recoveries.statement.emptyPayments")}</p> : <PaymentsTable payments={s.payments} />}
      </section>
    </article>
  );
}
