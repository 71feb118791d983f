import { type LinksFunction, type LoaderFunctionArgs, json } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useMemo } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { SiteHeader } from "~/components/site-header";
import { createI18n } from "~/i18n";
import { optionalUser } from "~/utils/auth.server";
import { localeOf } from "~/utils/locale.server";
import { useNonce } from "~/utils/nonce";
import stylesheet from "~/tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = localeOf(request);
  const principal = await optionalUser(context, request);
  const [memberships, unreadNotifications] = principal
    ? await Promise.all([context.services.accounts.memberships(principal), context.services.notifications.unreadCount(principal)])
    : [[], 0];
  const csrf = context.services.csrf.issue(request);
  const headers = new Headers({ "Cache-Control": "private, no-store" });
  if (csrf.setCookie) headers.append("Set-Cookie", csrf.setCookie);
  return json(
    {
      locale,
      csrf: csrf.token,
      unreadNotifications,
      viewer: principal
        ? {
            user: principal.user,
            organisation: principal.organisation,
            role: principal.role,
            permissions: [...principal.permissions],
            memberships,
          }
        : null,
    },
    { headers },
  );
}

function Document({ locale, children }: { locale: string; children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang={locale === "zh" ? "zh-CN" : "en"} className="h-full bg-slate-50">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full font-sans text-slate-900 antialiased">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { locale } = useLoaderData<typeof loader>();
  const i18n = useMemo(() => createI18n(locale), [locale]);
  return (
    <I18nextProvider i18n={i18n}>
      <Document locale={locale}>
        <SiteHeader />
        <main id="main" className="mx-auto max-w-6xl px-4 py-8">
          <Outlet />
        </main>
      </Document>
    </I18nextProvider>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const i18n = useMemo(() => createI18n(data?.locale ?? "zh"), [data?.locale]);
  return (
    <I18nextProvider i18n={i18n}>
      <Document locale={data?.locale ?? "zh"}>
        <main id="main" className="mx-auto max-w-xl px-4 py-16">
          <ErrorMessage error={error} />
        </main>
      </Document>
    </I18nextProvider>
  );
}

function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const data = isRouteErrorResponse(error) ? (error.data as { formError?: string; origin?: string; expected?: string } | null) : null;
  const code = data?.formError;
  const [title, text] =
    status === 404
      ? [t("common.notFound"), t("common.notFoundText")]
      : status === 403 && code === "CROSS_ORIGIN"
        ? [t("common.crossOriginTitle"), t("common.crossOriginText", { origin: data?.origin, expected: data?.expected })]
        : status === 403
          ? [t("common.forbidden"), code === "CSRF" ? t("errors.CSRF") : t("common.forbiddenText")]
          : [t("common.errorTitle"), t("common.errorText")];
  return (
    <div className="card" role="alert">
      <p className="text-sm font-semibold text-brand-600">{status}</p>
      <h1 className="mt-1 text-2xl font-semibold">{title}</h1>
      <p className="mt-2 text-slate-600">{text}</p>
      <a className="btn-secondary mt-6" href="/">
        {t("common.backHome")}
      </a>
    </div>
  );
}
