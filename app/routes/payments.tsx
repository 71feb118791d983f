import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { PageHeading } from "~/components/page-heading";
import { OwedRefunds, RecordedRefunds } from "~/components/payments/refund-tables";
import { PaymentsTable } from "~/components/recoveries/payments-table";
import { requireUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "refunds.title");

/** A payer's own money: what it was asked to pay and paid, what it is owed back, and its refunds. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "account:read");
  const [payments, refunds] = await Promise.all([context.services.payments.mine(principal), context.services.refunds.mine(principal)]);
  return json({ payments: jsonSafe(payments), refunds: jsonSafe(refunds) });
}

export default function PaymentsPage() {
  const { t } = useTranslation();
  const { payments, refunds } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeading title={t("refunds.title")} lead={t("refunds.lead")} />
      <OwedRefunds owed={refunds.owed} operator={false} />
      <RecordedRefunds refunds={refunds.refunds} />
      <section className="space-y-3">
        <h2 className="text-lg font-semibold">{t("refunds.paymentsTitle")}</h2>
        <div className="card">{payments.length === 0 ? <p className="text-center text-slate-600">{t("refunds.paymentsEmpty")}</p> : <PaymentsTable payments={payments} />}</div>
      </section>
    </div>
  );
}
