import {
  type LoaderFunctionArgs,
  type MetaFunction,
  json,
} from "@remix-run/node";
import { Form, Link, NavLink, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { CsrfField } from "~/components/csrf-field";
import { ListingStatusBadge } from "~/components/listing-pages/rules";
import { optionalUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const [base] = pageTitle(matches, "listings.page.kind");
  const title = base && "title" in base ? base.title : "";
  return [{ title: data ? `${data.header.title} · ${title}` : title }];
};

/** What every tab of a listing shows at its top: who may see the listing is decided here, once. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await optionalUser(context, request);
  const id = idOr404(params.listingId);
  const result = await context.services.listings.get(principal, id);
  if (!result.ok) throw notFound();
  const l = result.listing;
  return json({
    header: {
      id: l.id,
      title: l.title,
      description: l.description,
      mode: l.mode,
      preset: l.preset,
      status: l.status,
      attempt: l.attempt,
      region: l.region,
    },
    own: result.own,
    signedIn: Boolean(principal),
    watching: principal ? await context.services.following.isWatching(principal, l.id) : false,
  });
}

/** The tab where a visitor takes part: each mode names it after what people do there. */
const OFFERS_TAB: Record<string, string | null> = {
  english_auction: "listings.tabs.register",
  tender: "listings.tabs.register",
  listed_transfer: "listings.tabs.intent",
  fixed_price: "listings.tabs.intent",
  licence: "listings.tabs.licence",
  equity: "listings.tabs.equity",
  negotiated_discount: "listings.tabs.discount",
};

export default function ListingLayout() {
  const { t } = useTranslation();
  const { header: l, own, signedIn, watching } = useLoaderData<typeof loader>();
  const offersTab = OFFERS_TAB[l.mode] ?? null;
  const tab = ({ isActive }: { isActive: boolean }) =>
    `-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
      isActive
        ? "border-brand-600 text-brand-700"
        : "border-transparent text-slate-600 hover:text-slate-900"
    }`;
  return (
    <div className="space-y-6">
      <div>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">{l.title}</h1>
          <ListingStatusBadge status={l.status} />
          {own ? null : <FollowButton listingId={l.id} signedIn={signedIn} watching={watching} />}
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {t(`listings.mode.${l.mode}`)} · {t(`listings.preset.${l.preset}`)} ·{" "}
          {t("listings.page.attempt", { attempt: l.attempt })} ·{" "}
          {t("listings.page.region")} {l.region}
        </p>
        {l.description ? (
          <p className="mt-3 max-w-3xl whitespace-pre-line text-slate-700">
            {l.description}
          </p>
        ) : null}
      </div>
      <nav
        className="flex gap-1 border-b border-slate-200"
        aria-label={t("listings.tabs.label")}
      >
        <NavLink to="." end className={tab}>
          {t("listings.tabs.overview")}
        </NavLink>
        {offersTab ? (
          <NavLink to="offers" className={tab}>
            {t(offersTab)}
          </NavLink>
        ) : null}
        {l.mode === "tender" ? (
          <NavLink to="tender" className={tab}>
            {t("tender.tab")}
          </NavLink>
        ) : null}
        {l.mode === "english_auction" ? (
          <NavLink to="room" className={tab}>
            {t("room.tab")}
          </NavLink>
        ) : null}
        <NavLink to="documents" className={tab}>
          {t("listings.tabs.documents")}
        </NavLink>
      </nav>
      <Outlet />
    </div>
  );
}

/** Follow / unfollow, posted to the Following page, which sends the visitor back here. */
function FollowButton({ listingId, signedIn, watching }: { listingId: string; signedIn: boolean; watching: boolean }) {
  const { t } = useTranslation();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  if (!signedIn) {
    return (
      <Link to={`/login?${new URLSearchParams({ redirectTo: here })}`} className="btn-secondary ml-auto py-1">
        {t("following.signInToFollow")}
      </Link>
    );
  }
  return (
    <Form method="post" action="/following" className="ml-auto flex items-center gap-2">
      <CsrfField />
      <input type="hidden" name="listingId" value={listingId} />
      <input type="hidden" name="redirectTo" value={location.pathname} />
      {watching ? <span className="text-sm text-slate-600">{t("following.watching")}</span> : null}
      <button name="intent" value={watching ? "unwatch" : "watch"} className={watching ? "btn-secondary py-1" : "btn-primary py-1"} aria-pressed={watching}>
        {watching ? t("following.unwatch") : t("following.follow")}
      </button>
    </Form>
  );
}
