import {
  type ActionFunctionArgs,
  type AppLoadContext,
  type LoaderFunctionArgs,
  type MetaFunction,
  json,
  redirect,
} from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { DocumentFilenameSchema } from "../../server/domain/schemas/documents";
import { DOCUMENT_KINDS, DocumentUploadForm, RegistryEventForm, ValuationForm } from "~/components/collateral/asset-forms";
import { AssetDocuments, AssetFacts, AssetHistory, AssetPledges, AssetValuations } from "~/components/collateral/asset-sections";
import { LegalStatusBadge } from "~/components/collateral/badges";
import { echo, parseEventForm, parseValuationForm } from "~/components/collateral/forms.server";
import { Section } from "~/components/collateral/inputs";
import { idOr404, notFound, today } from "~/components/collateral/loan-page.server";
import type { EventDetails, FormReply } from "~/components/collateral/types";
import { Notice } from "~/components/field";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";
import { UPLOAD_STATUS, withDocument } from "~/utils/upload.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const [base] = pageTitle(matches, "collateral.assets.title");
  const title = base && "title" in base ? base.title : "";
  return [{ title: data ? `${data.detail.asset.registryNumber} ${data.detail.asset.title} · ${title}` : title }];
};

async function loadAsset(context: AppLoadContext, request: Request, assetIdParam: string | undefined) {
  const principal = await requireUser(context, request, "collateral:manage");
  const assetId = idOr404(assetIdParam);
  const result = await context.services.assets.detail(principal, assetId);
  if (!result.ok) throw notFound();
  return { principal, assetId, result };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { result } = await loadAsset(context, request, params.assetId);
  const { ok: _ok, events, ...detail } = result;
  return json({ detail: jsonSafe({ ...detail, events: events.map((e) => ({ ...e, details: e.details as EventDetails })) }), today: today() });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return upload(request, context, params.assetId);
  const form = await readForm(request, context);
  const { principal, assetId, result: found } = await loadAsset(context, request, params.assetId);
  const intent = String(form.get("intent") ?? "");
  const reply = (data: Partial<FormReply>, status: number) => json<FormReply>({ intent, formError: null, fields: {}, ...data }, { status });
  const done = (what: string, anchor: string) => redirect(`/collateral/assets/${assetId}?done=${what}#section-${anchor}`);
  const ref = { type: found.asset.type, registryNumber: found.asset.registryNumber };
  switch (intent) {
    case "add-valuation": {
      const parsed = parseValuationForm(form, ref);
      if (!parsed.ok) return reply({ formError: "INVALID", fields: parsed.fields, values: parsed.values }, 400);
      // The same appraiser on the same day is one valuation; say so before the database has to.
      const { appraiser, valuedOn } = parsed.data;
      if (found.valuations.some((v) => v.appraiser === appraiser && v.valuedOn === valuedOn)) return reply({ formError: "VALUATION_EXISTS", values: echo(form) }, 409);
      const result = await context.services.assets.addValuation(principal, parsed.data);
      if (!result.ok) return result.code === "NOT_FOUND" ? notFound() : reply({ formError: result.code, values: echo(form) }, 409);
      return done("valuation", "valuations");
    }
    case "record-event": {
      const parsed = parseEventForm(form, ref);
      if (!parsed.ok) return reply({ formError: "INVALID", fields: parsed.fields, values: parsed.values }, 400);
      const result = await context.services.assets.recordRegistryEvent(principal, parsed.data);
      if (!result.ok) return notFound();
      return done(result.duplicate ? "duplicate" : "event", "history");
    }
    default:
      return reply({ formError: "INVALID" }, 400);
  }
}

/** A document upload about this asset: the caller and the asset are checked before the body is read. */
async function upload(request: Request, context: AppLoadContext, assetIdParam: string | undefined) {
  const principal = await requireUser(context, request, "collateral:manage");
  const assetId = idOr404(assetIdParam);
  if (!(await context.services.assets.mayUploadDocument(principal, assetId)).ok) throw notFound();
  const reply = (formError: string, fields: Record<string, string[]> = {}) => json<FormReply>({ intent: "upload-document", formError, fields }, { status: UPLOAD_STATUS[formError] ?? 415 });
  return withDocument(request, context, async (received) => {
    if (!received.ok) return received.code === "INVALID" ? reply("INVALID", { file: ["file_required"] }) : reply(received.code);
    const kindValue = String(received.fields.get("kind") ?? "");
    const kind = (DOCUMENT_KINDS as readonly string[]).includes(kindValue) ? kindValue : "other";
    const filename = DocumentFilenameSchema.safeParse(received.filename || "document");
    if (!filename.success) return reply("INVALID", { file: filename.error.issues.map((i) => i.message) });
    const result = await context.services.assets.uploadDocument(principal, assetId, { filename: filename.data, kind, content: received.file });
    if (!result.ok) return result.code === "NOT_FOUND" ? notFound() : reply(result.code);
    return redirect(`/collateral/assets/${assetId}?done=document#section-documents`);
  });
}

export default function AssetPage() {
  const { t } = useTranslation();
  const { detail, today: todayDate } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notices: Record<string, string> = {
    valuation: t("collateral.valuation.done"),
    event: t("collateral.event.done"),
    duplicate: t("collateral.event.duplicate"),
    document: t("collateral.documents.done"),
  };
  const done = params.get("done");
  const { asset } = detail;
  const currency = detail.valuations.at(-1)?.currency ?? "CNY";
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-2xl font-semibold">{asset.title}</h2>
        <LegalStatusBadge status={asset.legalStatus} />
        <span className="font-mono text-sm text-slate-600">{asset.registryNumber}</span>
        <span className="text-sm text-slate-500">{t(`collateral.assetType.${asset.type}`)}</span>
      </div>
      {done && !reply && notices[done] ? <Notice tone={done === "duplicate" ? "warning" : "success"}>{notices[done]}</Notice> : null}
      <Section id="facts" title={t("collateral.asset.facts")}>
        <AssetFacts detail={detail} />
      </Section>
      <Section id="pledges" title={t("collateral.asset.pledges")} lead={t("collateral.asset.pledgesLead")}>
        <AssetPledges detail={detail} />
      </Section>
      <Section id="valuations" title={t("collateral.asset.valuations")}>
        <AssetValuations detail={detail} />
        <details className="mt-4 rounded-md border border-slate-200 p-4" open={reply?.intent === "add-valuation" || detail.valuations.length === 0 || undefined}>
          <summary className="cursor-pointer font-medium text-brand-700">{t("collateral.valuation.title")}</summary>
          <div className="mt-3">
            <ValuationForm reply={reply} today={todayDate} currency={currency} />
          </div>
        </details>
      </Section>
      <Section id="history" title={t("collateral.asset.history")} lead={t("collateral.asset.historyLead")}>
        <AssetHistory detail={detail} />
        <details className="mt-4 rounded-md border border-slate-200 p-4" open={reply?.intent === "record-event" || undefined}>
          <summary className="cursor-pointer font-medium text-brand-700">{t("collateral.event.title")}</summary>
          <div className="mt-3">
            <RegistryEventForm reply={reply} today={todayDate} />
          </div>
        </details>
      </Section>
      <Section id="documents" title={t("collateral.asset.documents")}>
        <AssetDocuments detail={detail} />
        <div className="mt-4 rounded-md border border-slate-200 p-4">
          <h3 className="font-medium">{t("collateral.documents.upload")}</h3>
          <div className="mt-3">
            <DocumentUploadForm reply={reply} />
          </div>
        </div>
      </Section>
    </div>
  );
}
