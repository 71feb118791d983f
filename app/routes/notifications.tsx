import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { IdSchema } from "../../server/domain/schemas/accounts";
import { formatMoney } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { Notice } from "~/components/field";
import { Time } from "~/components/time";
import { requireUser, safeRedirect } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { useRootData } from "~/utils/root-data";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "collateral.notifications.title");

/** Notices link to the bank's loan page; a party sharing the loan reads it at /shared-loans. */
function linkFor(link: string | null, permissions: ReadonlySet<string>): string | null {
  if (!link) return null;
  if (link.startsWith("/collateral/loans/") && !permissions.has("collateral:manage") && permissions.has("risk:read")) {
    return link.replace("/collateral/loans/", "/shared-loans/");
  }
  return link;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "account:read");
  const rows = await context.services.notifications.list(principal);
  const notifications = rows.map((n) => ({ ...n, data: n.data as Record<string, string | number | null>, link: linkFor(n.link, principal.permissions) }));
  return json({ notifications: jsonSafe(notifications) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "account:read");
  const intent = form.get("intent");
  if (intent === "mark-all-read") {
    await context.services.notifications.markAllRead(principal);
    return redirect("/notifications?done=all-read");
  }
  const id = IdSchema.safeParse(form.get("id"));
  if (!id.success || (intent !== "mark-read" && intent !== "open")) return json({ formError: "INVALID" }, { status: 400 });
  const result = await context.services.notifications.markRead(principal, id.data);
  if (!result.ok) throw json({ formError: "NOT_FOUND" }, { status: 404 });
  if (intent === "open") {
    const [notice] = (await context.services.notifications.list(principal, 500)).filter((n) => n.id === id.data);
    return redirect(safeRedirect(linkFor(notice?.link ?? null, principal.permissions), "/notifications"));
  }
  return redirect("/notifications");
}

type Data = Record<string, string | number | null>;

/** A notice in words, by its kind; kinds this page does not know are named plainly. */
function describeNotification(t: TFunction, locale: string, kind: string, data: Data): string {
  const text = (key: string) => (data[key] === null || data[key] === undefined ? "" : String(data[key]));
  if (kind === "alert") {
    const rule = t(`collateral.rules.${text("rule")}`, { defaultValue: text("rule") });
    return data.asset
      ? t("collateral.notifications.alertAsset", { rule, loan: text("loanReference"), asset: text("asset") })
      : t("collateral.notifications.alert", { rule, loan: text("loanReference") });
  }
  if (kind === "loan_defaulted") {
    const amount = formatMoney(Number(text("exposureAtDefault")), text("currency") || "CNY", locale);
    return t("collateral.notifications.loan_defaulted", { loan: text("loanReference"), on: text("defaultedOn"), amount });
  }
  return t(`notifications.${kind}`, { ...data, defaultValue: t("collateral.notifications.other", { kind }) });
}

export default function Notifications() {
  const { t } = useTranslation();
  const { locale } = useRootData();
  const { notifications } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const unread = notifications.filter((n) => !n.readAt).length;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("collateral.notifications.title")}</h1>
        {unread > 0 ? (
          <Form method="post">
            <CsrfField />
            <button name="intent" value="mark-all-read" className="btn-secondary">
              {t("collateral.notifications.markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>
      {params.get("done") === "all-read" ? <Notice tone="success">{t("collateral.notifications.allRead")}</Notice> : null}
      {notifications.length === 0 ? (
        <div className="card text-sm text-slate-600">{t("collateral.notifications.empty")}</div>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
          {notifications.map((n) => (
            <li key={n.id} className={`flex flex-wrap items-start gap-3 px-4 py-3 ${n.readAt ? "" : "bg-brand-50/50"}`} data-kind={n.kind} data-unread={n.readAt ? undefined : "true"}>
              <span className={`mt-1.5 h-2 w-2 flex-none rounded-full ${n.readAt ? "bg-transparent" : "bg-brand-600"}`} aria-hidden />
              <div className="min-w-0 flex-1">
                <p className={n.readAt ? "text-slate-700" : "font-medium text-slate-900"}>
                  {n.readAt ? null : <span className="sr-only">{t("collateral.notifications.unread")}: </span>}
                  {describeNotification(t, locale, n.kind, n.data)}
                </p>
                <p className="mt-0.5 text-xs text-slate-500">
                  <Time value={n.createdAt} />
                </p>
              </div>
              <Form method="post" className="flex gap-2">
                <CsrfField />
                <input type="hidden" name="id" value={n.id} />
                {n.link ? (
                  <button name="intent" value="open" className="btn-secondary py-1">
                    {t("collateral.notifications.open")}
                  </button>
                ) : null}
                {n.readAt ? null : (
                  <button name="intent" value="mark-read" className="btn-secondary py-1">
                    {t("collateral.notifications.markRead")}
                  </button>
                )}
              </Form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
