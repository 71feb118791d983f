import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { Notice } from "~/components/field";
import { saveTermsForm } from "~/components/listing-pages/create-form.server";
import { appraisalOf, attemptOf, formValuesOf } from "~/components/listing-pages/new-listing.server";
import { TermsStep } from "~/components/listing-pages/terms-step";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "listings.edit.title");

/** The seller's own draft only: anyone else's listing, or one past draft, is simply not here. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "listing:create");
  const found = await context.services.listings.get(principal, idOr404(params.listingId));
  if (!found.ok || !found.own || found.listing.status !== "draft") throw notFound();
  const { listing: l, assets } = found;
  const assetIds = assets.map((a) => a.id);
  // The attempt and the appraisal the service will check the edited terms against, as the create form shows them.
  const { attempt, previousStart } = await attemptOf(context, principal, l.disposalCaseId ?? undefined);
  const kase = l.disposalCaseId ? await context.services.disposalCases.get(principal, l.disposalCaseId) : null;
  return json({
    id: l.id,
    reviewReason: l.reviewReason,
    step2: jsonSafe({
      mode: l.mode,
      preset: l.preset,
      caseId: l.disposalCaseId,
      caseLabel: kase?.ok ? kase.case.loanReference : null,
      chosen: assets.map((a) => ({ id: a.id, title: a.title, registryNumber: a.registryNumber })),
      appraisal: await appraisalOf(context, principal, assetIds),
      attempt,
      previousStart,
      defaults: formValuesOf(l),
    }),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "listing:create");
  const id = idOr404(params.listingId);
  return saveTermsForm(form, (input) => context.services.listings.update(principal, id, input), "edited");
}

export default function EditListing() {
  const { t } = useTranslation();
  const { id, reviewReason, step2 } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <section className="card max-w-5xl" aria-labelledby="edit-listing">
      <h1 id="edit-listing" className="text-2xl font-semibold">
        {t("listings.edit.title")}
      </h1>
      <p className="mt-1 text-sm text-slate-600">{t("listings.edit.lead")}</p>
      {reviewReason ? (
        <div className="mt-4">
          <Notice tone="warning">{t("listings.page.reviewReason", { reason: reviewReason })}</Notice>
        </div>
      ) : null}
      <TermsStep step2={step2} reply={reply} action={`/listings/${id}/edit`} submitLabel={t("listings.edit.submit")} cancelTo={`/listings/${id}`} />
    </section>
  );
}
