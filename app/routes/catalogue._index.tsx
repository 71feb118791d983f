import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CATALOGUE_SORTS } from "../../server/domain/listings/catalogue-query";
import { jsonSafe } from "../../server/domain/money";
import { ListingCard } from "~/components/catalogue/listing-card";
import { catalogueQueryOf } from "~/components/catalogue/query-params";
import { CsrfField } from "~/components/csrf-field";
import { FormError, Notice } from "~/components/field";
import { optionalUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "catalogue.title");

const PAGE_SIZE = 20;
const ENDING = [
  ["24", "h24"],
  ["72", "h72"],
  ["168", "d7"],
  ["720", "d30"],
] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { query, priceInvalid } = catalogueQueryOf(new URL(request.url).searchParams, PAGE_SIZE);
  const [result, principal] = await Promise.all([context.services.catalogue.search(query), optionalUser(context, request)]);
  return json({
    signedIn: Boolean(principal),
    items: jsonSafe(result.items),
    total: result.total,
    page: result.page,
    pages: Math.max(1, Math.ceil(result.total / result.pageSize)),
    sort: result.sort,
    facets: result.facets,
    terms: result.terms.map((t) => t.token),
    filtered: Boolean(query.assetTypes?.length || query.modes?.length || query.statuses?.length || query.classes?.length || query.region || query.priceMin !== undefined || query.priceMax !== undefined || query.endingWithinHours),
    priceInvalid,
  });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Catalogue() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const submit = useSubmit();
  const q = params.get("q") ?? "";
  const link = (change: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    change(next);
    return `?${next}`;
  };
  const onlyWords = q ? `?${new URLSearchParams({ q })}` : "?";
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">{t("catalogue.title")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("catalogue.lead")}</p>
      </header>
      {params.get("done") === "search-saved" ? (
        <Notice tone="success">
          {t("following.done.search-saved")}{" "}
          <Link to="/following" className="underline">
            {t("following.title")}
          </Link>
        </Notice>
      ) : null}
      <FormError code={params.get("error")} />
      <Form
        method="get"
        className="grid gap-6 md:grid-cols-[15rem_1fr]"
        // With JavaScript, ticking a box or choosing from a list applies at once, and empty fields stay out
        // of the address; without it, the buttons submit the form as it is.
        onChange={(event) => {
          const target = event.target as HTMLInputElement | HTMLSelectElement;
          if (target.type === "checkbox" || target.tagName === "SELECT") event.currentTarget.requestSubmit();
        }}
        onSubmit={(event) => {
          event.preventDefault();
          const fields = new FormData(event.currentTarget);
          for (const [name, value] of [...fields]) if (value === "") fields.delete(name);
          submit(fields, { method: "get" });
        }}
      >
        <div className="md:col-span-2">
          <label htmlFor="catalogue-q" className="sr-only">
            {t("catalogue.search.label")}
          </label>
          <div className="flex gap-2">
            <input id="catalogue-q" type="search" name="q" defaultValue={q} placeholder={t("catalogue.search.placeholder")} className="input" maxLength={200} />
            <button className="btn-primary shrink-0 whitespace-nowrap">{t("catalogue.search.submit")}</button>
          </div>
          <p className="mt-1 text-xs text-slate-500">{t("catalogue.scope")}</p>
        </div>
        <Filters data={data} params={params} />
        <section aria-labelledby="catalogue-results" aria-busy={navigation.state === "loading"} className="min-w-0 space-y-4">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id="catalogue-results" className="text-sm text-slate-700">
              <span className="font-semibold">{t("catalogue.results.found", { count: data.total })}</span> {q ? t("catalogue.results.for", { q }) : null}
            </h2>
            <label className="flex items-center gap-2 text-sm">
              <span className="text-slate-600">{t("catalogue.sort.label")}</span>
              <select name="sort" defaultValue={data.sort} className="input w-48 py-1.5">
                {CATALOGUE_SORTS.filter((s) => s !== "relevance" || q).map((s) => (
                  <option key={s} value={s}>
                    {t(`catalogue.sort.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {data.items.length === 0 ? (
            <div data-testid="catalogue-empty" className="card text-sm text-slate-700">
              {!q && !data.filtered ? (
                <p>{t("catalogue.empty.nothingYet")}</p>
              ) : (
                <>
                  <h3 className="font-semibold">{t("catalogue.empty.title")}</h3>
                  <p className="mt-1 text-slate-600">{t("catalogue.empty.text")}</p>
                  <div className="mt-3 flex flex-wrap gap-3">
                    {data.filtered && q ? (
                      <Link to={onlyWords} className="text-brand-700 underline">
                        {t("catalogue.empty.clear")}
                      </Link>
                    ) : null}
                    <Link to="/catalogue" className="text-brand-700 underline">
                      {t("catalogue.empty.browse")}
                    </Link>
                  </div>
                </>
              )}
            </div>
          ) : (
            <ol className="space-y-3">
              {data.items.map((item) => (
                <li key={item.id}>
                  <ListingCard item={item} terms={data.terms} />
                </li>
              ))}
            </ol>
          )}
          {data.pages > 1 ? (
            <nav className="flex items-center justify-between text-sm" aria-label={t("catalogue.results.pages")}>
              {data.page > 1 ? (
                <Link to={link((n) => n.set("page", String(data.page - 1)))} className="btn-secondary py-1" rel="prev">
                  {t("catalogue.results.previous")}
                </Link>
              ) : (
                <span />
              )}
              <span className="text-slate-600">{t("catalogue.results.page", { page: data.page, pages: data.pages })}</span>
              {data.page < data.pages ? (
                <Link to={link((n) => n.set("page", String(data.page + 1)))} className="btn-secondary py-1" rel="next">
                  {t("catalogue.results.next")}
                </Link>
              ) : (
                <span />
              )}
            </nav>
          ) : null}
        </section>
      </Form>
      <SaveSearch signedIn={data.signedIn} params={params} />
    </div>
  );
}

/** Keeps the current text and filters as a saved search (posted to the Following page, which sends the visitor back). */
function SaveSearch({ signedIn, params }: { signedIn: boolean; params: URLSearchParams }) {
  const { t } = useTranslation();
  const search = new URLSearchParams(params);
  for (const name of ["done", "error", "page", "sort"]) search.delete(name);
  const here = `/catalogue${search.size > 0 ? `?${search}` : ""}`;
  if (!signedIn) {
    return (
      <p className="text-sm">
        <Link to={`/login?${new URLSearchParams({ redirectTo: here })}`} className="text-brand-700 underline">
          {t("following.save.signIn")}
        </Link>
      </p>
    );
  }
  return (
    <Form method="post" action="/following" className="card flex flex-wrap items-end gap-3" aria-labelledby="save-search">
      <CsrfField />
      <input type="hidden" name="search" value={search.toString()} />
      <input type="hidden" name="redirectTo" value={here} />
      <div className="min-w-[16rem] flex-1">
        <h2 id="save-search" className="font-semibold">
          {t("following.save.title")}
        </h2>
        <p className="text-xs text-slate-600">{t("following.save.hint")}</p>
        <label className="mt-2 block text-sm">
          <span className="sr-only">{t("following.save.name")}</span>
          <input name="name" required maxLength={80} defaultValue={params.get("q") ?? ""} placeholder={t("following.save.placeholder")} aria-label={t("following.save.name")} className="input" />
        </label>
      </div>
      <button name="intent" value="save-search" className="btn-secondary">
        {t("following.save.submit")}
      </button>
    </Form>
  );
}

/** The facets with what each value would give, and the filters that are not facets. */
function Filters({ data, params }: { data: Data; params: URLSearchParams }) {
  const { t } = useTranslation();
  const checked = (name: string, value: string) => params.getAll(name).includes(value);
  const group = (name: "assetTypes" | "modes" | "statuses", label: string, key: string) => (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">{label}</legend>
      <ul className="mt-2 space-y-1">
        {data.facets[name].map((f) => (
          <li key={f.value}>
            <label className={`flex items-center gap-2 text-sm ${f.count === 0 && !checked(name, f.value) ? "text-slate-400" : "text-slate-700"}`}>
              <input type="checkbox" name={name} value={f.value} defaultChecked={checked(name, f.value)} className="rounded border-slate-300" />
              <span className="flex-1">{t(`catalogue.${key}.${f.value}`)}</span>
              <span className="tabular-nums text-xs text-slate-500">{f.count}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
  const region = params.get("region") ?? "";
  const regions = data.facets.regions.some((r) => r.value === region) || !region ? data.facets.regions : [...data.facets.regions, { value: region, count: 0 }];
  return (
    <aside aria-label={t("catalogue.filters.title")} className="space-y-5">
      {group("assetTypes", t("catalogue.filters.assetTypes"), "assetType")}
      {group("modes", t("catalogue.filters.modes"), "mode")}
      {group("statuses", t("catalogue.filters.statuses"), "status")}
      <label className="block text-sm">
        <span className="font-medium text-slate-800">{t("catalogue.filters.region")}</span>
        <select name="region" defaultValue={region} className="input mt-1 py-1.5">
          <option value="">{t("catalogue.filters.anyRegion")}</option>
          {regions.map((r) => (
            <option key={r.value} value={r.value}>
              {t(`catalogue.region.${r.value}`, { defaultValue: r.value })} ({r.count})
            </option>
          ))}
        </select>
      </label>
      <label className="block text-sm">
        <span className="font-medium text-slate-800">{t("catalogue.filters.ending")}</span>
        <select name="ending" defaultValue={params.get("ending") ?? ""} className="input mt-1 py-1.5">
          <option value="">{t("catalogue.filters.anyTime")}</option>
          {ENDING.map(([hours, key]) => (
            <option key={hours} value={hours}>
              {t(`catalogue.filters.within.${key}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">{t("catalogue.filters.price")}</legend>
        <div className="mt-1 flex items-center gap-2">
          <input name="min" inputMode="decimal" defaultValue={params.get("min") ?? ""} aria-label={t("catalogue.filters.priceMin")} placeholder={t("catalogue.filters.priceMin")} className="input py-1.5" />
          <span aria-hidden>–</span>
          <input name="max" inputMode="decimal" defaultValue={params.get("max") ?? ""} aria-label={t("catalogue.filters.priceMax")} placeholder={t("catalogue.filters.priceMax")} className="input py-1.5" />
        </div>
        <p className="mt-1 min-h-[1rem] text-xs text-red-700" role={data.priceInvalid ? "alert" : undefined}>
          {data.priceInvalid ? t("catalogue.filters.priceInvalid") : ""}
        </p>
      </fieldset>
      <label className="block text-sm">
        <span className="font-medium text-slate-800">{t("catalogue.filters.classes")}</span>
        <input name="classes" defaultValue={params.get("classes") ?? ""} placeholder={t("catalogue.filters.classesHint")} className="input mt-1 py-1.5" />
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <button className="btn-secondary py-1.5">{t("catalogue.filters.apply")}</button>
        <Link to={params.get("q") ? `?${new URLSearchParams({ q: params.get("q")! })}` : "?"} className="text-sm text-brand-700 underline">
          {t("catalogue.filters.clear")}
        </Link>
      </div>
    </aside>
  );
}
