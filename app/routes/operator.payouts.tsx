import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { IdSchema } from "../../server/domain/schemas/accounts";
import { Money } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { FormError, Notice } from "~/components/field";
import { TableSection } from "~/components/table-card";
import { Time } from "~/components/time";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "payouts.operator.title");

/** Operators watch Stripe transfers still to be made and retry those Stripe refused or reversed. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(context, request, "verification:review");
  return json(jsonSafe(await context.services.payouts.attention()));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "verification:review");
  const id = IdSchema.safeParse(form.get("id"));
  const result = id.success ? await context.services.payouts.retry(principal, id.data) : ({ ok: false, code: "NOT_FOUND" } as const);
  if (!result.ok) return json({ formError: result.code }, { status: result.code === "NOT_FOUND" ? 404 : 409 });
  return redirect(`/operator/payouts?done=${result.payout.status === "transferred" ? "transferred" : "failed"}`);
}

export default function OperatorPayouts() {
  const { t } = useTranslation();
  const { awaiting, failed } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const done = useSearchParams()[0].get("done");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("payouts.operator.title")}</h1>
        <p className="mt-1 max-w-3xl text-slate-600">{t("payouts.operator.lead")}</p>
      </div>
      {done === "transferred" || done === "failed" ? <Notice tone={done === "transferred" ? "success" : "warning"}>{t(`payouts.operator.done.${done}`)}</Notice> : null}
      <FormError code={reply?.formError} />
      <TableSection
        title={t("payouts.operator.failed")}
        empty={t("payouts.operator.emptyFailed")}
        emptyTestId="no-failed-payouts"
        headers={[t("payouts.operator.party"), { label: t("payouts.operator.amount"), right: true }, t("payouts.operator.reason"), ""]}
        items={failed}
        row={(p) => (
          <tr key={p.lineId} data-testid="failed-payout">
            <td>{p.partyName}</td>
            <td className="text-right">
              <Money amount={p.amount} currency={p.currency} />
            </td>
            <td className="text-sm text-slate-600">{p.failureMessage}</td>
            <td className="text-right">
              <Form method="post">
                <CsrfField />
                <input type="hidden" name="id" value={p.id ?? ""} />
                <button className="btn-secondary py-1">{t("payouts.operator.retry")}</button>
              </Form>
            </td>
          </tr>
        )}
      />
      <TableSection
        title={t("payouts.operator.awaiting")}
        empty={t("payouts.operator.emptyAwaiting")}
        emptyTestId="no-awaiting-payouts"
        headers={[t("payouts.operator.party"), { label: t("payouts.operator.amount"), right: true }, t("payouts.operator.since")]}
        items={awaiting}
        row={(p) => (
          <tr key={p.lineId} data-testid="awaiting-payout">
            <td>{p.partyName}</td>
            <td className="text-right">
              <Money amount={p.amount} currency={p.currency} />
            </td>
            <td>
              <Time value={p.createdAt} />
            </td>
          </tr>
        )}
      />
    </div>
  );
}
