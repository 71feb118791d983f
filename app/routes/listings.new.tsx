import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LISTING_MODES, PRESETS } from "../../server/domain/listings/vocabulary";
import { jsonSafe } from "../../server/domain/money";
import { useFormat } from "~/components/collateral/format";
import { saveTermsForm } from "~/components/listing-pages/create-form.server";
import { appraisalOf, attemptOf, formDefaults, loadChoices, selectionOf } from "~/components/listing-pages/new-listing.server";
import { TermsStep, type TermsStepData } from "~/components/listing-pages/terms-step";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "listings.create.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "listing:create");
  const selection = selectionOf(new URL(request.url));
  const choices = await loadChoices(context, principal);
  const kase = choices.cases.find((c) => c.id === selection.case) ?? null;
  const assetIds = selection.asset.length > 0 ? selection.asset : (kase?.assetIds ?? []);
  const chosen = choices.rights.filter((r) => assetIds.includes(r.id));
  const ready = Boolean(selection.mode) && chosen.length > 0 && chosen.length === assetIds.length && !selection.edit;
  if (!ready || !selection.mode) return json({ step: 1 as const, selection, choices: jsonSafe(choices), chosenIds: assetIds, step2: null });
  const appraisal = await appraisalOf(context, principal, assetIds);
  const { attempt, previousStart } = await attemptOf(context, principal, kase?.id);
  const title = chosen.map((r) => r.title).join(" / ").slice(0, 300);
  const defaults = formDefaults({ mode: selection.mode, preset: selection.preset, appraisal, attempt, previousStart, now: new Date(), title, takerName: principal.organisation.name, pledgor: kase?.pledgor ?? "" });
  return json({
    step: 2 as const,
    selection,
    choices: jsonSafe(choices),
    chosenIds: assetIds,
    step2: jsonSafe({ mode: selection.mode, preset: selection.preset, caseId: kase?.id ?? null, caseLabel: kase?.loanReference ?? null, chosen, appraisal, attempt, previousStart, defaults }),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "listing:create");
  return saveTermsForm(form, (input) => context.services.listings.create(principal, input), "created");
}

export default function NewListing() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <section className="card max-w-5xl" aria-labelledby="new-listing">
      <h1 id="new-listing" className="text-2xl font-semibold">
        {t("listings.create.title")}
      </h1>
      <p className="mt-1 text-sm text-slate-600">{t("listings.create.lead")}</p>
      {data.step2 ? <CreateTermsStep step2={data.step2} /> : <ChooseStep />}
    </section>
  );
}

/** Step 1: which rights, which mode, which preset (a GET form: the choice lives in the address). */
function ChooseStep() {
  const { t } = useTranslation();
  const { money } = useFormat();
  const { selection, choices, chosenIds } = useLoaderData<typeof loader>();
  return (
    <Form method="get" className="mt-6 space-y-6">
      <h2 className="text-lg font-semibold">{t("listings.create.step1")}</h2>
      {choices.cases.length > 0 ? (
        <label className="block">
          <span className="block text-sm font-medium text-slate-700">{t("listings.create.case")}</span>
          <select name="case" defaultValue={selection.case ?? ""} className="input mt-1 max-w-xl">
            <option value="">{t("listings.create.noCase")}</option>
            {choices.cases.map((c) => (
              <option key={c.id} value={c.id}>
                {t("listings.create.caseOption", { reference: c.loanReference, borrower: c.borrower })}
              </option>
            ))}
          </select>
          <span className="mt-1 block text-xs text-slate-500">{t("listings.create.caseHint")}</span>
        </label>
      ) : null}
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">{t("listings.create.rights")}</legend>
        <p className="text-xs text-slate-500">{t("listings.create.rightsHint")}</p>
        {choices.rights.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">{t("listings.create.noRights")}</p>
        ) : (
          <ul className="mt-2 max-h-80 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200">
            {choices.rights.map((r) => (
              <li key={r.id}>
                <label className="flex items-start gap-3 px-3 py-2 text-sm hover:bg-slate-50">
                  <input type="checkbox" name="asset" value={r.id} defaultChecked={selection.asset.includes(r.id) || (selection.asset.length === 0 && chosenIds.includes(r.id))} className="mt-0.5 h-4 w-4" />
                  <span>
                    <span className="font-medium">{r.title}</span> <span className="font-mono text-xs text-slate-500">{r.registryNumber}</span>
                    <span className="block text-xs text-slate-500">
                      {t(`collateral.assetType.${r.type}`)}
                      {r.inCase ? ` · ${t("listings.create.inCase", { reference: r.inCase })}` : ""}
                      {" · "}
                      {r.appraisal !== null ? t("listings.create.appraisal", { amount: money(r.appraisal, "CNY") }) : t("listings.create.noAppraisal")}
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <div className="grid gap-6 md:grid-cols-2">
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">{t("listings.create.mode")}</legend>
          <div className="mt-2 space-y-2">
            {LISTING_MODES.map((m) => (
              <label key={m} className="flex items-start gap-2 text-sm">
                <input type="radio" name="mode" value={m} defaultChecked={(selection.mode ?? "english_auction") === m} className="mt-1" />
                <span>
                  <span className="font-medium">{t(`listings.mode.${m}`)}</span>
                  <span className="block text-xs text-slate-500">{t(`listings.modeLead.${m}`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">{t("listings.create.preset")}</legend>
          <div className="mt-2 space-y-2">
            {PRESETS.map((p) => (
              <label key={p} className="flex items-start gap-2 text-sm">
                <input type="radio" name="preset" value={p} defaultChecked={selection.preset === p} className="mt-1" />
                <span>
                  <span className="font-medium">{t(`listings.preset.${p}`)}</span>
                  <span className="block text-xs text-slate-500">{t(`listings.presetLead.${p}`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <button className="btn-primary">{t("listings.create.continue")}</button>
    </Form>
  );
}

/** Step 2: the terms, prefilled from the preset and the appraisal; "change" goes back to step 1 keeping the choice. */
function CreateTermsStep({ step2 }: { step2: TermsStepData }) {
  const { t } = useTranslation();
  const reply = useActionData<typeof action>();
  const { search } = useLocation();
  const back = new URLSearchParams(search);
  back.set("edit", "1");
  return <TermsStep step2={step2} reply={reply} action={`/listings/new${search}`} submitLabel={t("listings.create.submit")} cancelTo="/listings" changeTo={`?${back}`} />;
}
