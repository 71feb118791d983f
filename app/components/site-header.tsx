import { Form, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/components/csrf-field";
import { useRootData } from "~/utils/root-data";

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `whitespace-nowrap rounded-md px-2 py-2 text-sm font-medium ${isActive ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"}`;

/** Navigation by role: what the viewer's organisation may use, nothing else. */
export function SiteHeader() {
  const { t } = useTranslation();
  const { viewer, locale, unreadNotifications } = useRootData();
  const location = useLocation();
  const can = (permission: string) => viewer?.permissions.includes(permission as never) ?? false;
  return (
    <header className="border-b border-slate-200 bg-white print:hidden">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:p-2">
        {t("nav.skip")}
      </a>
      {/* Two rows: who and where (brand, language, inbox, account) above; the pages the viewer may use below, in one line on a desktop. */}
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-2 px-4 pt-3">
        <NavLink to="/" className="mr-auto text-lg font-semibold text-brand-900">
          {t("app.name")}
        </NavLink>
        <Form
          method="post"
          action="/language"
          className="flex items-center gap-1"
          // Back to where the reader is now, even if this header was rendered for the page before.
          onSubmit={(event) => {
            const back = event.currentTarget.elements.namedItem("redirectTo");
            if (back instanceof HTMLInputElement) back.value = `${window.location.pathname}${window.location.search}`;
          }}
        >
          <CsrfField />
          <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
          <span className="sr-only">{t("nav.language")}</span>
          <button name="locale" value="zh" aria-pressed={locale === "zh"} className={`rounded px-2 py-1 text-sm ${locale === "zh" ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}>
            中文
          </button>
          <button name="locale" value="en" aria-pressed={locale === "en"} className={`rounded px-2 py-1 text-sm ${locale === "en" ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}>
            English
          </button>
        </Form>
        {viewer ? (
          <div className="flex items-center gap-2">
            <NotificationBell unread={unreadNotifications} />
            <span className="hidden max-w-[11rem] truncate text-sm text-slate-600 xl:inline" title={`${t("nav.actingFor")}: ${viewer.user.name} · ${viewer.organisation.name}`}>
              {viewer.user.name} · {viewer.organisation.name}
            </span>
            <Form method="post" action="/logout">
              <CsrfField />
              <button className="btn-secondary">{t("nav.signOut")}</button>
            </Form>
          </div>
        ) : (
          <div className="flex items-center gap-2">
            <NavLink to="/login" className="btn-secondary">
              {t("nav.signIn")}
            </NavLink>
            <NavLink to="/register" className="btn-primary">
              {t("nav.register")}
            </NavLink>
          </div>
        )}
      </div>
      <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-1 px-2 py-2">
        <NavLink to="/" end className={linkClass}>
          {t("nav.home")}
        </NavLink>
        <NavLink to="/catalogue" className={linkClass}>
          {t("catalogue.nav")}
        </NavLink>
        {viewer ? (
          <>
            {can("organisation:read") && viewer.organisation.kind !== "platform" ? (
              <NavLink to="/organisation" className={linkClass}>
                {t("nav.organisation")}
              </NavLink>
            ) : null}
            {can("collateral:manage") ? (
              <NavLink to="/collateral" className={linkClass}>
                {t("collateral.nav.collateral")}
              </NavLink>
            ) : null}
            {can("risk:read") ? (
              <NavLink to="/shared-loans" className={linkClass}>
                {t("collateral.nav.sharedLoans")}
              </NavLink>
            ) : null}
            {can("listing:create") ? (
              <NavLink to="/listings" className={linkClass}>
                {t("listings.nav.mine")}
              </NavLink>
            ) : null}
            {can("verification:review") ? (
              <NavLink to="/operator/verifications" className={linkClass}>
                {t("nav.verifications")}
              </NavLink>
            ) : null}
            {can("verification:review") ? (
              <NavLink to="/operator/listings" className={linkClass}>
                {t("listings.nav.review")}
              </NavLink>
            ) : null}
            {can("verification:review") ? (
              <NavLink to="/operator/deposits" className={linkClass}>
                {t("offers.deposits.nav")}
              </NavLink>
            ) : null}
            {can("verification:review") ? (
              <NavLink to="/operator/payments" className={linkClass}>
                {t("payments.operator.nav")}
              </NavLink>
            ) : null}
            {can("verification:review") ? (
              <NavLink to="/operator/payouts" className={linkClass}>
                {t("payouts.operator.nav")}
              </NavLink>
            ) : null}
            {can("audit:read") ? (
              <NavLink to="/audit" className={linkClass}>
                {t("audit.nav")}
              </NavLink>
            ) : null}
            <NavLink to="/following" className={linkClass}>
              {t("following.nav")}
            </NavLink>
            <NavLink to="/settlements" className={linkClass}>
              {t("settlements.nav")}
            </NavLink>
            {/* A bank's, a risk-sharer's or a bidder's dashboard; the platform's auditor and operator read every bank's. */}
            {viewer.organisation.kind !== "platform" || can("audit:read") ? (
              <NavLink to="/recoveries" className={linkClass}>
                {t("recoveries.nav")}
              </NavLink>
            ) : null}
            <NavLink to="/payments" className={linkClass}>
              {t("refunds.nav")}
            </NavLink>
            <NavLink to="/licences" className={linkClass}>
              {t("royalties.title")}
            </NavLink>
            <NavLink to="/account" className={linkClass}>
              {t("nav.account")}
            </NavLink>
          </>
        ) : null}
      </nav>
    </header>
  );
}

/** The inbox, with the number of unread notices. */
function NotificationBell({ unread }: { unread: number }) {
  const { t } = useTranslation();
  const label = unread > 0 ? t("collateral.nav.unread", { n: unread }) : t("collateral.nav.notifications");
  return (
    <NavLink to="/notifications" className="relative rounded-md p-2 text-slate-700 hover:bg-slate-100" aria-label={label} title={label}>
      <svg viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth={1.8} aria-hidden>
        <path strokeLinecap="round" strokeLinejoin="round" d="M14.857 17.082a23.85 23.85 0 0 0 5.454-1.31A8.967 8.967 0 0 1 18 9.75V9a6 6 0 1 0-12 0v.75a8.967 8.967 0 0 1-2.312 6.022c1.733.64 3.56 1.085 5.455 1.31m5.714 0a24.255 24.255 0 0 1-5.714 0m5.714 0a3 3 0 1 1-5.714 0" />
      </svg>
      {unread > 0 ? (
        <span className="absolute -right-0.5 -top-0.5 min-w-[1.25rem] rounded-full bg-red-600 px-1 text-center text-xs font-semibold leading-5 text-white" data-testid="unread-count">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </NavLink>
  );
}
