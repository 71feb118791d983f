import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { CatalogueQuery } from "../../server/domain/listings/catalogue-query";
import { jsonSafe } from "../../server/domain/money";
import { IdSchema } from "../../server/domain/schemas/accounts";
import { SAVED_SEARCH_LIMIT, SavedSearchSchema } from "../../server/domain/schemas/following";
import { catalogueParamsOf, catalogueQueryOf } from "~/components/catalogue/query-params";
import { Money, useFormat } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { FormError, Notice } from "~/components/field";
import { summariseSearch } from "~/components/following/summary";
import { ListingStatusBadge } from "~/components/listing-pages/rules";
import { Time } from "~/components/time";
import { requireUser, safeRedirect } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "following.title");

/** Listings whose page answers 404 to everyone but their seller: listed without a link. */
const HIDDEN = new Set(["draft", "in_review", "withdrawn"]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "account:read");
  const [watchlist, searches] = await Promise.all([context.services.following.watchlist(principal), context.services.following.savedSearches(principal)]);
  return json({ watchlist: jsonSafe(watchlist), searches: jsonSafe(searches) });
}

/** Back to the page that posted (same-origin paths only), saying how it went. */
function back(target: FormDataEntryValue | null, outcome: { done: string } | { error: string }) {
  const url = new URL(safeRedirect(target, "/following"), "http://same.origin");
  url.searchParams.delete("done");
  url.searchParams.delete("error");
  if ("done" in outcome) url.searchParams.set("done", outcome.done);
  else url.searchParams.set("error", outcome.error);
  return redirect(`${url.pathname}${url.search}`);
}

/** Other pages post here too (a listing's Follow button, the catalogue's Save this search), with `redirectTo`. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "account:read");
  const intent = form.get("intent");
  const redirectTo = form.get("redirectTo");
  const following = context.services.following;
  if (intent === "save-search") {
    const { query } = catalogueQueryOf(new URLSearchParams(String(form.get("search") ?? "")));
    const input = SavedSearchSchema.safeParse({ name: form.get("name"), query });
    if (!input.success) return back(redirectTo, { error: "INVALID" });
    const result = await following.saveSearch(principal, input.data);
    return back(redirectTo, result.ok ? { done: "search-saved" } : { error: result.code });
  }
  const id = IdSchema.safeParse(form.get(intent === "delete-search" ? "searchId" : "listingId"));
  if (!id.success) return back(redirectTo, { error: "INVALID" });
  if (intent === "watch") {
    const result = await following.watch(principal, id.data);
    return back(redirectTo, result.ok ? { done: "watching" } : { error: result.code });
  }
  if (intent === "unwatch") {
    await following.unwatch(principal, id.data);
    return back(redirectTo, { done: "unwatched" });
  }
  if (intent === "delete-search") {
    const result = await following.deleteSearch(principal, id.data);
    return back(redirectTo, result.ok ? { done: "search-deleted" } : { error: result.code });
  }
  return back(redirectTo, { error: "INVALID" });
}

const DONE = new Set(["watching", "unwatched", "search-saved", "search-deleted"]);

export default function Following() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">{t("following.title")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("following.lead")}</p>
      </header>
      {done && DONE.has(done) ? <Notice tone="success">{t(`following.done.${done}`)}</Notice> : null}
      <FormError code={params.get("error")} />
      <Watchlist />
      <SavedSearches />
    </div>
  );
}

function Watchlist() {
  const { t } = useTranslation();
  const { watchlist } = useLoaderData<typeof loader>();
  return (
    <section className="card" aria-labelledby="watchlist">
      <h2 id="watchlist" className="text-lg font-semibold">
        {t("following.watchlist.title")}
      </h2>
      {watchlist.length === 0 ? (
        <div className="mt-2 text-sm text-slate-600" data-testid="watchlist-empty">
          <p>{t("following.watchlist.empty")}</p>
          <Link to="/catalogue" className="mt-2 inline-block text-brand-700 underline">
            {t("following.browse")}
          </Link>
        </div>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                <th>{t("following.watchlist.listing")}</th>
                <th>{t("following.watchlist.mode")}</th>
                <th>{t("following.watchlist.status")}</th>
                <th className="text-right">{t("following.watchlist.price")}</th>
                <th>{t("following.watchlist.closesAt")}</th>
                <th>
                  <span className="sr-only">{t("following.watchlist.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {watchlist.map((w) => (
                <tr key={w.listingId}>
                  <td className="max-w-xs">
                    {HIDDEN.has(w.status) ? (
                      w.title
                    ) : (
                      <Link to={`/listings/${w.listingId}`} className="text-brand-700 hover:underline">
                        {w.title}
                      </Link>
                    )}
                  </td>
                  <td>{t(`listings.mode.${w.mode}`)}</td>
                  <td>
                    <ListingStatusBadge status={w.status} />
                  </td>
                  <td className="text-right">
                    <Money amount={w.price} currency={w.currency} />
                  </td>
                  <td>{w.closesAt ? <Time value={w.closesAt} /> : "—"}</td>
                  <td className="text-right">
                    <Form method="post">
                      <CsrfField />
                      <input type="hidden" name="listingId" value={w.listingId} />
                      <button name="intent" value="unwatch" className="btn-secondary py-1">
                        {t("following.unwatch")}
                      </button>
                    </Form>
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

function SavedSearches() {
  const { t } = useTranslation();
  const { searches } = useLoaderData<typeof loader>();
  const { money } = useFormat();
  return (
    <section className="card" aria-labelledby="saved-searches">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="saved-searches" className="text-lg font-semibold">
          {t("following.searches.title")}
        </h2>
        <span className="text-sm text-slate-500">{t("following.searches.count", { count: searches.length, limit: SAVED_SEARCH_LIMIT })}</span>
      </div>
      {searches.length === 0 ? (
        <div className="mt-2 text-sm text-slate-600" data-testid="searches-empty">
          <p>{t("following.searches.empty")}</p>
          <Link to="/catalogue" className="mt-2 inline-block text-brand-700 underline">
            {t("following.browse")}
          </Link>
        </div>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100">
          {searches.map((s) => {
            const query = s.query as CatalogueQuery;
            return (
              <li key={s.id} className="flex flex-wrap items-center gap-3 py-3">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">{s.name}</p>
                  <p className="text-sm text-slate-600">{summariseSearch(t, query, (minor, currency) => money(minor, currency))}</p>
                  <p className="text-xs text-slate-500">
                    {t("following.searches.since")} <Time value={s.createdAt} />
                  </p>
                </div>
                <Link to={`/catalogue?${catalogueParamsOf(query)}`} className="btn-secondary py-1">
                  {t("following.searches.open")}
                </Link>
                <Form method="post">
                  <CsrfField />
                  <input type="hidden" name="searchId" value={s.id} />
                  <button name="intent" value="delete-search" className="btn-danger py-1">
                    {t("following.searches.delete")}
                  </button>
                </Form>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
