import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { jsonSafe } from "../../server/domain/money";
import { CHECKLIST_STEPS } from "../../server/domain/proceeds/settlement-terms";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { FormError, Notice } from "~/components/field";
import { Checklist, Figures, FilingPackLinks, HowToPay, History } from "~/components/settlements/detail-sections";
import { StatusBadge } from "~/components/settlements/status-badge";
import { SettlementCardPayment } from "~/components/settlements/card-pay";
import { EquityExit } from "~/components/settlements/equity-exit";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settlements.title");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "account:read");
  const found = await context.services.settlements.get(principal, idOr404(params.settlementId));
  if (!found.ok) throw notFound();
  return json({ settlement: jsonSafe(found.settlement), pdfAvailable: found.pdfAvailable });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "account:read");
  const id = idOr404(params.settlementId);
  const step = z.enum(CHECKLIST_STEPS).safeParse(form.get("step"));
  if (!step.success) return json({ formError: "INVALID" }, { status: 400 });
  const ticked = await context.services.settlements.tick(principal, id, step.data);
  if (!ticked.ok) {
    if (ticked.code === "NOT_FOUND") throw notFound();
    return json({ formError: ticked.code }, { status: 409 });
  }
  return redirect(`/settlements/${id}?done=ticked`);
}

/** One settlement: figures, deadline, how to pay, the checklist, the filing pack and the history. */
export default function SettlementPage() {
  const { t } = useTranslation();
  const { settlement: s, pdfAvailable } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="space-y-6">
      {params.get("done") === "ticked" ? <Notice tone="success">{t("settlements.done.ticked")}</Notice> : null}
      <FormError code={reply?.formError} />
      <div>
        <h1 className="text-2xl font-semibold">{s.title}</h1>
        <p className="mt-1 flex flex-wrap items-center gap-3 text-sm text-slate-600">
          <StatusBadge status={s.status} />
          <span>{t(`settlements.role.${s.role}`)}</span>
          <span>
            {t("settlements.columns.buyer")}: {s.buyerName}
          </span>
          <span>
            {t("settlements.columns.seller")}: {s.sellerName}
          </span>
        </p>
      </div>
      {s.supersedesId ? <Notice>{t("settlements.supersedes")}</Notice> : null}
      {s.status === "defaulted" ? <Notice tone="warning">{t("settlements.defaulted")}</Notice> : null}
      <div className="grid gap-6 md:grid-cols-2">
        <Figures s={s} />
        {s.status === "awaiting_payment" ? <HowToPay s={s} /> : <History s={s} />}
      </div>
      <SettlementCardPayment s={s} />
      {s.source === "equity" ? <EquityExit s={s} /> : null}
      {s.status === "defaulted" ? null : <Checklist s={s} />}
      {s.status === "defaulted" ? null : <FilingPackLinks id={s.id} pdfAvailable={pdfAvailable} />}
      {s.status === "awaiting_payment" ? <History s={s} /> : null}
    </div>
  );
}
