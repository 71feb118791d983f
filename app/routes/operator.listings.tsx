import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { IdSchema } from "../../server/domain/schemas/accounts";
import { ReviewListingSchema } from "../../server/domain/schemas/listings";
import { jsonSafe } from "../../server/domain/money";
import { Money } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { Field, FormError, Notice } from "~/components/field";
import { ListingStatusBadge } from "~/components/listing-pages/rules";
import { Time } from "~/components/time";
import { requireUser } from "~/utils/auth.server";
import { type FieldErrors, fieldErrorsOf, readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "listings.review.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(context, request, "verification:review");
  const queue = await context.services.listings.reviewQueue();
  return json({
    queue: jsonSafe(
      queue.map((l) => ({ id: l.id, title: l.title, mode: l.mode, preset: l.preset, status: l.status, price: l.price, currency: l.currency, appraisal: l.appraisal, attempt: l.attempt, announceAt: l.announceAt, opensAt: l.opensAt, closesAt: l.closesAt, submittedAt: l.updatedAt, titles: l.titles })),
    ),
  });
}

type ActionData = { formError: string | null; fields: FieldErrors; target?: string; decided?: { title: string; verdict: "approve" | "reject" } };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "verification:review");
  const id = IdSchema.safeParse(form.get("id"));
  if (!id.success) return json<ActionData>({ formError: "NOT_FOUND", fields: {} }, { status: 404 });
  const title = String(form.get("title") ?? "");
  const decision = ReviewListingSchema.safeParse(form.get("intent") === "reject" ? { verdict: "reject", reason: String(form.get("reason") ?? "") } : { verdict: form.get("intent") });
  if (!decision.success) return json<ActionData>({ formError: "INVALID", fields: fieldErrorsOf(decision.error), target: id.data }, { status: 400 });
  const result = await context.services.listings.review(principal, id.data, decision.data);
  if (!result.ok) return json<ActionData>({ formError: result.code, fields: {}, target: id.data }, { status: result.code === "NOT_FOUND" ? 404 : 409 });
  return json<ActionData>({ formError: null, fields: {}, decided: { title, verdict: decision.data.verdict } });
}

export default function ListingReview() {
  const { t } = useTranslation();
  const { queue } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("listings.review.title")}</h1>
        <p className="mt-1 text-slate-600">{t("listings.review.lead")}</p>
      </div>
      {data?.decided ? <Notice tone="success">{t(data.decided.verdict === "approve" ? "listings.review.approved" : "listings.review.rejected", { title: data.decided.title })}</Notice> : null}
      <FormError code={data?.formError} />
      {queue.length === 0 ? (
        <div className="card text-center text-slate-600" data-testid="review-empty">
          {t("listings.review.empty")}
        </div>
      ) : (
        <ul className="space-y-4">
          {queue.map((l) => (
            <li key={l.id} className="card" data-testid="listing-review-item">
              <div className="flex flex-wrap items-start justify-between gap-4">
                <div className="min-w-0 flex-1 space-y-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <h2 className="text-lg font-semibold">{l.title}</h2>
                    <ListingStatusBadge status={l.status} />
                  </div>
                  <p className="text-sm text-slate-600">
                    {t(`listings.mode.${l.mode}`)} · {t(`listings.preset.${l.preset}`)} · {t("listings.page.attempt", { attempt: l.attempt })}
                  </p>
                  <p className="text-sm">
                    {t("listings.page.price")}: <Money amount={l.price} currency={l.currency} className="font-medium" />
                    {l.appraisal !== null ? (
                      <>
                        {" · "}
                        {t("listings.page.valuation")}: <Money amount={l.appraisal} currency={l.currency} />
                      </>
                    ) : null}
                  </p>
                  <p className="text-xs text-slate-500">
                    {t("listings.review.submitted")} <Time value={l.submittedAt} />
                    {l.opensAt ? (
                      <>
                        {" · "}
                        {t("listings.page.opensAt")} <Time value={l.opensAt} />
                      </>
                    ) : null}
                    {l.closesAt ? (
                      <>
                        {" · "}
                        {t("listings.page.closesAt")} <Time value={l.closesAt} />
                      </>
                    ) : null}
                  </p>
                  <ul className="text-xs text-slate-700">
                    {l.titles.map(({ assetId, title }) => (
                      <li key={assetId} className={title.ok ? undefined : "text-red-700"}>
                        {!title.ok
                          ? t("listings.review.titleMissing", { reason: title.reason ?? title.code })
                          : title.basis.kind === "holder"
                            ? t("listings.review.titleHolder")
                            : t("listings.review.titlePledgee", { pledge: title.basis.registryPledgeNumber, loan: title.basis.loanReference, caseId: title.basis.caseId.slice(0, 8) })}
                      </li>
                    ))}
                  </ul>
                  <Link to={`/listings/${l.id}`} className="text-sm text-brand-700 underline">
                    {t("listings.review.open")}
                  </Link>
                </div>
                <div className="flex w-full flex-col gap-3 md:w-96">
                  <Form method="post">
                    <CsrfField />
                    <input type="hidden" name="id" value={l.id} />
                    <input type="hidden" name="title" value={l.title} />
                    <button name="intent" value="approve" className="btn-primary w-full">
                      {t("listings.review.approve")}
                    </button>
                  </Form>
                  <Form method="post" className="space-y-2">
                    <CsrfField />
                    <input type="hidden" name="id" value={l.id} />
                    <input type="hidden" name="title" value={l.title} />
                    <Field label={t("listings.review.reason")} name="reason" errors={data?.target === l.id ? data.fields.reason : undefined} />
                    <button name="intent" value="reject" className="btn-danger w-full">
                      {t("listings.review.reject")}
                    </button>
                  </Form>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
