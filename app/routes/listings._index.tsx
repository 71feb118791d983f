import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { Money } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { FormError, Notice } from "~/components/field";
import { ListingStatusBadge } from "~/components/listing-pages/rules";
import { sellerAction } from "~/components/listing-pages/seller-actions.server";
import { TimeLines } from "~/components/time";
import { requireUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "listings.mine.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "listing:create");
  const rows = await context.services.listings.mine(principal);
  return json({
    listings: jsonSafe(
      rows.map((l) => ({
        id: l.id,
        title: l.title,
        mode: l.mode,
        preset: l.preset,
        status: l.status,
        price: l.price,
        currency: l.currency,
        announceAt: l.announceAt,
        opensAt: l.opensAt,
        closesAt: l.closesAt,
        attempt: l.attempt,
        reviewReason: l.status === "draft" ? l.reviewReason : null,
      })),
    ),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return sellerAction(request, context, () => "/listings");
}

const WITHDRAWABLE = new Set(["draft", "in_review", "announced", "open"]);

export default function MyListings() {
  const { t } = useTranslation();
  const { listings } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <section className="card" aria-labelledby="my-listings">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 id="my-listings" className="text-2xl font-semibold">
            {t("listings.mine.title")}
          </h1>
          <p className="mt-1 text-sm text-slate-600">{t("listings.mine.lead")}</p>
        </div>
        <Link to="/listings/new" className="btn-primary">
          {t("listings.mine.new")}
        </Link>
      </div>
      <div className="mt-4 space-y-3">
        {done === "submitted" || done === "withdrawn" ? <Notice tone="success">{t(`listings.mine.${done}`)}</Notice> : null}
        <FormError code={reply?.formError} />
      </div>
      {listings.length === 0 ? (
        <p className="mt-6 text-sm text-slate-600" data-testid="listings-empty">
          {t("listings.mine.empty")}{" "}
          <Link to="/listings/new" className="text-brand-700 underline">
            {t("listings.mine.emptyLink")}
          </Link>
        </p>
      ) : (
        <div className="mt-4 overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                <th>{t("listings.mine.listing")}</th>
                <th className="whitespace-nowrap">{t("listings.mine.mode")}</th>
                <th className="whitespace-nowrap">{t("listings.mine.status")}</th>
                <th className="whitespace-nowrap text-right">{t("listings.mine.price")}</th>
                <th className="whitespace-nowrap">{t("listings.mine.dates")}</th>
                <th className="whitespace-nowrap">{t("listings.mine.attempt")}</th>
                <th className="whitespace-nowrap">{t("listings.mine.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {listings.map((l) => (
                <tr key={l.id} data-testid="listing-row">
                  <td>
                    <Link to={`/listings/${l.id}`} className="font-medium text-brand-700 underline">
                      {l.title}
                    </Link>
                    {l.reviewReason ? <p className="mt-1 text-xs text-amber-800">{t("listings.mine.rejected", { reason: l.reviewReason })}</p> : null}
                  </td>
                  <td className="text-slate-700">
                    {t(`listings.mode.${l.mode}`)}
                    <span className="block text-xs text-slate-500">{t(`listings.preset.${l.preset}`)}</span>
                  </td>
                  <td>
                    <ListingStatusBadge status={l.status} />
                  </td>
                  <td className="text-right">
                    <Money amount={l.price} currency={l.currency} />
                  </td>
                  <td className="whitespace-nowrap text-xs text-slate-600">
                    <TimeLines
                      lines={[
                        [t("listings.mine.announce"), l.announceAt],
                        [t("listings.mine.opens"), l.opensAt !== l.announceAt ? l.opensAt : null],
                        [t("listings.mine.closes"), l.closesAt],
                      ]}
                    />
                  </td>
                  <td className="tabular-nums">{l.attempt}</td>
                  <td>
                    <div className="flex flex-wrap gap-2">
                      {l.status === "draft" ? (
                        <Form method="post">
                          <CsrfField />
                          <input type="hidden" name="id" value={l.id} />
                          <button name="intent" value="submit" className="btn-primary px-3 py-1">
                            {t("listings.mine.submit")}
                          </button>
                        </Form>
                      ) : null}
                      {WITHDRAWABLE.has(l.status) ? (
                        <Form method="post">
                          <CsrfField />
                          <input type="hidden" name="id" value={l.id} />
                          <button name="intent" value="withdraw" className="btn-danger px-3 py-1">
                            {t("listings.mine.withdraw")}
                          </button>
                        </Form>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
