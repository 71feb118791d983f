import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom, json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
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

/** Operators match bank transfers to intents and lot deposits by the reference quoted, and confirm them here. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(context, request, "verification:review");
  const [pending, lotDeposits] = await Promise.all([context.services.offers.pendingDeposits(), context.services.deposits.pending()]);
  return json({ pending: jsonSafe(pending), lotDeposits: jsonSafe(lotDeposits) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "verification:review");
  const id = IdSchema.safeParse(form.get("id"));
  if (!id.success) return json({ formError: "NOT_FOUND" }, { status: 404 });
  if (form.get("intent") === "confirm-lot-deposit") {
    const confirmed = await context.services.deposits.confirm(principal, id.data);
    if (!confirmed.ok) return json({ formError: confirmed.code }, { status: confirmed.code === "NOT_FOUND" ? 404 : 409 });
    return redirect("/operator/deposits?done=lotConfirmed");
  }
  const result = await context.services.offers.transfer.confirmDeposit(principal, id.data);
  if (!result.ok) return json({ formError: result.code }, { status: result.code === "NOT_FOUND" ? 404 : 409 });
  return redirect(`/operator/deposits?done=${result.listingStatus === "awarded" ? "awarded" : "confirmed"}`);
}

export default function DepositQueue() {
  const { t } = useTranslation();
  const { pending, lotDeposits } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const done = useSearchParams()[0].get("done");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("offers.deposits.title")}</h1>
        <p className="mt-1 text-slate-600">{t("offers.deposits.lead")}</p>
      </div>
      {done === "confirmed" || done === "awarded" || done === "lotConfirmed" ? <Notice tone="success">{t(`offers.deposits.${done}`)}</Notice> : null}
      <FormError code={reply?.formError} />
      {pending.length === 0 ? (
        <div className="card text-center text-slate-600" data-testid="deposits-empty">
          {t("offers.deposits.empty")}
        </div>
      ) : (
        <DepositTable
          intent="confirm-intent"
          testId="pending-deposit"
          rows={pending.map((i) => ({ id: i.id, listingId: i.listingId, listingTitle: i.listingTitle, mode: i.mode, payer: i.buyerName, amount: i.amount, currency: i.currency, reference: i.reference, at: i.createdAt }))}
        />
      )}
      <LotDeposits deposits={lotDeposits} />
    </div>
  );
}

type DepositRow = { id: string; listingId: string; listingTitle: string; mode: string; payer: string; amount: number; currency: string; reference: string | null; at: string };

/** Deposits awaiting a bank transfer, as the operator matches them: one table for intents and lot deposits alike. */
function DepositTable({ rows, intent, testId }: { rows: DepositRow[]; intent: "confirm-intent" | "confirm-lot-deposit"; testId: string }) {
  const { t } = useTranslation();
  return (
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
          {rows.map((r) => (
            <tr key={r.id} data-testid={testId}>
              <td>
                <Link to={`/listings/${r.listingId}/offers`} className="text-brand-700 underline">
                  {r.listingTitle}
                </Link>
                <div className="text-xs text-slate-500">{t(`listings.mode.${r.mode}`)}</div>
              </td>
              <td>{r.payer}</td>
              <td>
                <Money amount={r.amount} currency={r.currency} />
              </td>
              <td className="whitespace-nowrap font-mono text-xs">{r.reference}</td>
              <td className="whitespace-nowrap">
                <Time value={r.at} />
              </td>
              <td>
                <ConfirmButton id={r.id} intent={intent} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ConfirmButton({ id, intent }: { id: string; intent: "confirm-intent" | "confirm-lot-deposit" }) {
  const { t } = useTranslation();
  return (
    <Form method="post">
      <CsrfField />
      <input type="hidden" name="id" value={id} />
      <button name="intent" value={intent} className="btn-primary">
        {t("offers.deposits.confirm")}
      </button>
    </Form>
  );
}

/** Deposits to bid on English auctions and tenders: confirming one gives the bidder its code. */
function LotDeposits({ deposits }: { deposits: SerializeFrom<typeof loader>["lotDeposits"] }) {
  const { t } = useTranslation();
  return (
    <section className="space-y-3">
      <div>
        <h2 className="text-lg font-semibold">{t("offers.deposits.lotTitle")}</h2>
        <p className="mt-1 text-sm text-slate-600">{t("offers.deposits.lotLead")}</p>
      </div>
      {deposits.length === 0 ? (
        <div className="card text-center text-slate-600" data-testid="lot-deposits-empty">
          {t("offers.deposits.lotEmpty")}
        </div>
      ) : (
        <DepositTable
          intent="confirm-lot-deposit"
          testId="pending-lot-deposit"
          rows={deposits.map((d) => ({ id: d.id, listingId: d.listingId, listingTitle: d.listingTitle, mode: d.mode, payer: d.organisationName, amount: d.amount, currency: d.currency, reference: d.reference, at: d.requestedAt }))}
        />
      )}
    </section>
  );
}
