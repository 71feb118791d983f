import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { depositReference } from "../../server/domain/listings/deposit-reference";
import { jsonSafe } from "../../server/domain/money";
import { IdSchema } from "../../server/domain/schemas/accounts";
import { Money } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { FormError, Notice } from "~/components/field";
import { Time } from "~/components/time";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "offers.deposits.title");

/** Operators match bank transfers to intents by the reference the buyer quoted, and confirm them here. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(context, request, "verification:review");
  const pending = await context.services.offers.pendingDeposits();
  return json({ pending: jsonSafe(pending.map((i) => ({ ...i, reference: depositReference(i.id) }))) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "verification:review");
  const id = IdSchema.safeParse(form.get("id"));
  if (!id.success) return json({ formError: "NOT_FOUND" }, { status: 404 });
  const result = await context.services.offers.transfer.confirmDeposit(principal, id.data);
  if (!result.ok) return json({ formError: result.code }, { status: result.code === "NOT_FOUND" ? 404 : 409 });
  return redirect(`/operator/deposits?done=${result.listingStatus === "awarded" ? "awarded" : "confirmed"}`);
}

export default function DepositQueue() {
  const { t } = useTranslation();
  const { pending } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const done = useSearchParams()[0].get("done");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("offers.deposits.title")}</h1>
        <p className="mt-1 text-slate-600">{t("offers.deposits.lead")}</p>
      </div>
      {done === "confirmed" || done === "awarded" ? <Notice tone="success">{t(`offers.deposits.${done}`)}</Notice> : null}
      <FormError code={reply?.formError} />
      {pending.length === 0 ? (
        <div className="card text-center text-slate-600" data-testid="deposits-empty">
          {t("offers.deposits.empty")}
        </div>
      ) : (
        <div className="card overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                <th>{t("offers.deposits.listing")}</th>
                <th>{t("offers.organisation")}</th>
                <th>{t("offers.transfer.amount")}</th>
                <th>{t("offers.transfer.reference")}</th>
                <th>{t("offers.registeredAt")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {pending.map((i) => (
                <tr key={i.id} data-testid="pending-deposit">
                  <td>
                    <Link to={`/listings/${i.listingId}/offers`} className="text-brand-700 underline">
                      {i.listingTitle}
                    </Link>
                    <div className="text-xs text-slate-500">{t(`listings.mode.${i.mode}`)}</div>
                  </td>
                  <td>{i.buyerName}</td>
                  <td>
                    <Money amount={i.amount} currency={i.currency} />
                  </td>
                  <td className="whitespace-nowrap font-mono text-xs">{i.reference}</td>
                  <td className="whitespace-nowrap">
                    <Time value={i.createdAt} />
                  </td>
                  <td>
                    <Form method="post">
                      <CsrfField />
                      <input type="hidden" name="id" value={i.id} />
                      <button className="btn-primary">{t("offers.deposits.confirm")}</button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
