import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { IdSchema } from "../../server/domain/schemas/accounts";
import { CsrfField } from "~/components/csrf-field";
import { FormError, Notice } from "~/components/field";
import { Time } from "~/components/time";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registryReports.title");

const ReviewSchema = z.object({ id: IdSchema, verdict: z.enum(["confirm", "reject"]) });

/** Organisations' registry reports awaiting the operator: only a confirmed report changes a right's shared facts. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(context, request, "verification:review");
  const rows = await context.services.assets.reports("reported");
  return json({
    reports: rows.map(({ event: e, asset, reporter }) => ({ id: e.id, kind: e.kind, occurredOn: e.occurredOn, source: e.source, sourceRef: e.sourceRef, newStatus: e.newStatus, reporter, asset, createdAt: e.createdAt })),
  });
}

type ActionData = { formError: string | null; decided?: "confirmed" | "rejected" };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "verification:review");
  const parsed = ReviewSchema.safeParse({ id: form.get("id"), verdict: form.get("verdict") });
  if (!parsed.success) return json<ActionData>({ formError: "INVALID" }, { status: 400 });
  const result = await context.services.assets.reviewReport(principal, parsed.data.id, parsed.data.verdict);
  if (!result.ok) return json<ActionData>({ formError: result.code }, { status: result.code === "NOT_FOUND" ? 404 : 409 });
  return json<ActionData>({ formError: null, decided: result.status });
}

export default function RegistryReports() {
  const { t } = useTranslation();
  const { reports } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("registryReports.title")}</h1>
        <p className="mt-1 text-slate-600">{t("registryReports.lead")}</p>
      </div>
      {data?.decided ? <Notice tone="success">{t(`registryReports.${data.decided}`)}</Notice> : null}
      <FormError code={data?.formError} />
      {reports.length === 0 ? (
        <div className="card text-center text-slate-600" data-testid="reports-empty">
          {t("registryReports.empty")}
        </div>
      ) : (
        <ul className="space-y-4">
          {reports.map((r) => (
            <li key={r.id} className="card flex flex-col gap-3 md:flex-row md:items-start md:justify-between" data-testid="registry-report">
              <div className="space-y-1 text-sm">
                <p className="font-medium">
                  {r.asset.title} · {r.asset.registryNumber}
                </p>
                <p>
                  {t(`collateral.eventKind.${r.kind}`, { defaultValue: r.kind })} · {r.occurredOn}
                  {r.newStatus ? ` · ${t(`collateral.legalStatus.${r.asset.legalStatus}`, { defaultValue: r.asset.legalStatus })} → ${t(`collateral.legalStatus.${r.newStatus}`, { defaultValue: r.newStatus })}` : null}
                </p>
                <p className="text-xs text-slate-500">
                  {t("registryReports.reportedBy", { reporter: r.reporter ?? "—", source: r.source, ref: r.sourceRef })} · <Time value={r.createdAt} />
                </p>
              </div>
              <Form method="post" className="flex gap-2">
                <CsrfField />
                <input type="hidden" name="id" value={r.id} />
                <button name="verdict" value="confirm" className="btn-primary">
                  {t("registryReports.confirm")}
                </button>
                <button name="verdict" value="reject" className="btn-danger">
                  {t("registryReports.reject")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
