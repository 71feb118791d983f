import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RISK_SHARING_PRESETS, type RiskSharingPreset } from "../../server/domain/collateral/risk-sharing";
import { jsonSafe } from "../../server/domain/money";
import { IdSchema } from "../../server/domain/schemas/accounts";
import { echo, parseDeclareDefault, parsePledgeForm, parseRiskSharing, riskSharingDraft } from "~/components/collateral/forms.server";
import { idOr404, loadLoanPage, notFound, riskDirectory, today } from "~/components/collateral/loan-page.server";
import { DeclareDefaultForm, PledgeForm } from "~/components/collateral/loan-forms";
import { LoanView } from "~/components/collateral/loan-view";
import { RiskSharingForm, presetDraft } from "~/components/collateral/risk-sharing-form";
import type { FormReply, RiskSharingDraft } from "~/components/collateral/types";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { useRootData } from "~/utils/root-data";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const [base] = pageTitle(matches, "collateral.workbench");
  const title = base && "title" in base ? base.title : "";
  return [{ title: data ? `${data.detail.loan.reference} · ${title}` : title }];
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "collateral:manage");
  const loanId = idOr404(params.loanId);
  const page = await loadLoanPage(context, principal, loanId);
  // A bank named as a party on another bank's loan does not manage it here.
  if (page.detail.readOnly) throw notFound();
  const [assets, directory] = await Promise.all([context.services.assets.list(principal), riskDirectory(context)]);
  return json({
    ...page,
    assets: jsonSafe(assets.map((a) => ({ id: a.id, type: a.type, registryNumber: a.registryNumber, title: a.title }))),
    directory,
    today: today(),
  });
}

type Reply = FormReply & { draft?: RiskSharingDraft };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "collateral:manage");
  const loanId = idOr404(params.loanId);
  // Whatever the form, a loan that is not this bank's is not there.
  const owned = await context.services.loans.detail(principal, loanId);
  if (!owned.ok || owned.readOnly) throw notFound();
  const intent = String(form.get("intent") ?? "");
  const reply = (data: Partial<Reply>, status: number) => json<Reply>({ intent, formError: null, fields: {}, ...data }, { status });
  const done = (what: string, anchor: string) => redirect(`/collateral/loans/${loanId}?done=${what}#section-${anchor}`);

  if (intent.startsWith("preset:")) {
    const name = intent.slice("preset:".length);
    if (!Object.hasOwn(RISK_SHARING_PRESETS, name)) return reply({ formError: "INVALID" }, 400);
    const draft = presetDraft(name as RiskSharingPreset, riskSharingDraft(form), principal.organisation.name);
    return json<Reply>({ intent: "risk-sharing", formError: null, fields: {}, draft });
  }
  switch (intent) {
    case "risk-sharing": {
      const draft = riskSharingDraft(form);
      const parsed = parseRiskSharing(draft, await riskDirectory(context));
      if (!parsed.ok) return reply({ formError: "INVALID", fields: parsed.fields, draft }, 400);
      const result = await context.services.loans.setRiskSharing(principal, loanId, parsed.data);
      if (!result.ok) throw notFound();
      return done("risk-sharing", "risk");
    }
    case "declare-default": {
      const parsed = parseDeclareDefault(form);
      if (!parsed.ok) return reply({ formError: "INVALID", fields: parsed.fields, values: parsed.values }, 400);
      const result = await context.services.loans.declareDefault(principal, loanId, parsed.data);
      if (!result.ok) {
        if (result.code === "NOT_FOUND") throw notFound();
        const fields: Record<string, string[]> = result.code === "DEFAULT_BEFORE_DISBURSEMENT" ? { defaultedOn: ["dates_out_of_order"] } : {};
        return reply({ formError: result.code, fields, values: echo(form) }, 409);
      }
      return done("declared", "facts");
    }
    case "add-pledge": {
      const parsed = parsePledgeForm(form, { reference: owned.loan.reference, currency: owned.loan.currency });
      if (!parsed.ok) return reply({ formError: "INVALID", fields: parsed.fields, values: parsed.values }, 400);
      const result = await context.services.assets.addPledge(principal, parsed.data);
      if (!result.ok) return reply({ formError: result.code, values: echo(form) }, 409);
      return done("pledge", "pledges");
    }
    case "acknowledge": {
      const alertId = IdSchema.safeParse(form.get("id"));
      if (!alertId.success) return reply({ formError: "INVALID" }, 400);
      const result = await context.services.monitor.acknowledge(principal, alertId.data);
      if (!result.ok) throw notFound();
      return done("acknowledged", "alerts");
    }
    default:
      return reply({ formError: "INVALID" }, 400);
  }
}

export default function LoanPage() {
  const { t } = useTranslation();
  const { viewer } = useRootData();
  const { detail, alerts, assets, directory, today: todayDate } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notices: Record<string, string> = {
    "risk-sharing": t("collateral.common.saved"),
    declared: t("collateral.declare.done"),
    pledge: t("collateral.pledge.done"),
    acknowledged: t("collateral.monitor.done"),
  };
  const done = params.get("done");
  const current: RiskSharingDraft = detail.riskSharing
    ? {
        mode: detail.riskSharing.mode,
        preset: detail.riskSharing.preset ?? "",
        lines: detail.riskSharing.shares.map((s) => ({ role: s.role, partyName: s.partyName, organisationId: s.organisationId ?? "", share: (s.shareBps / 100).toFixed(2) })),
      }
    : { mode: "pro_rata", preset: "", lines: [{ role: "bank", partyName: viewer?.organisation.name ?? "", organisationId: "", share: "100.00" }] };
  const draft = data?.intent === "risk-sharing" && data.draft ? data.draft : current;
  return (
    <LoanView
      detail={detail}
      alerts={alerts}
      viewerOrganisationId={viewer?.organisation.id ?? ""}
      notice={done && !data ? notices[done] : null}
      openForm={data?.intent ?? null}
      formError={(data?.intent === "declare-default" && detail.disposalCase) || data?.intent === "acknowledge" ? data.formError : null}
      forms={{
        pledge: <PledgeForm detail={detail} assets={assets} today={todayDate} reply={data} />,
        riskSharing: <RiskSharingForm key={JSON.stringify(draft)} initial={draft} directory={directory} bankName={viewer?.organisation.name ?? ""} errors={data?.intent === "risk-sharing" ? data.fields : {}} />,
        declareDefault: <DeclareDefaultForm detail={detail} today={todayDate} reply={data} />,
      }}
    />
  );
}
