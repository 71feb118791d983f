import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { VERIFICATION_STATES } from "../../server/domain/organisations";
import { IdSchema, RejectSchema } from "../../server/domain/schemas/accounts";
import { CsrfField } from "~/components/csrf-field";
import { Field, FormError, Notice } from "~/components/field";
import { Time } from "~/components/time";
import { pageTitle } from "~/utils/meta";
import { requireUser } from "~/utils/auth.server";
import { type FieldErrors, fieldErrorsOf, readForm } from "~/utils/form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "operator.title");

const StateSchema = z.enum(VERIFICATION_STATES).catch("pending");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(context, request, "verification:review");
  const state = StateSchema.parse(new URL(request.url).searchParams.get("state") ?? "pending");
  const organisations = await context.services.verification.queue(state);
  return json({ state, organisations });
}

type ActionData = { formError: string | null; fields: FieldErrors; target?: string; decided?: { name: string; verdict: string } };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "verification:review");
  const id = IdSchema.safeParse(form.get("id"));
  const name = String(form.get("name") ?? "");
  if (!id.success) return json<ActionData>({ formError: "NOT_FOUND", fields: {} }, { status: 404 });
  const intent = form.get("intent");
  let decision: { verdict: "verified" } | { verdict: "rejected"; reason: string };
  if (intent === "reject") {
    const parsed = RejectSchema.safeParse({ reason: form.get("reason") ?? "" });
    if (!parsed.success) return json<ActionData>({ formError: "INVALID", fields: fieldErrorsOf(parsed.error), target: id.data }, { status: 400 });
    decision = { verdict: "rejected", reason: parsed.data.reason };
  } else if (intent === "verify") {
    decision = { verdict: "verified" };
  } else {
    return json<ActionData>({ formError: "INVALID", fields: {} }, { status: 400 });
  }
  const result = await context.services.verification.decide(principal, id.data, decision);
  if (!result.ok) return json<ActionData>({ formError: result.code, fields: {} }, { status: result.code === "NOT_FOUND" ? 404 : 409 });
  return json<ActionData>({ formError: null, fields: {}, decided: { name, verdict: result.verification } });
}

export default function VerificationQueue() {
  const { t } = useTranslation();
  const { state, organisations } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("operator.title")}</h1>
        <p className="mt-1 text-slate-600">{t("operator.lead")}</p>
      </div>
      <nav aria-label={t("operator.show")} className="flex gap-2">
        {VERIFICATION_STATES.map((s) => (
          <Link key={s} to={`?state=${s}`} aria-current={s === state ? "page" : undefined} className={s === state ? "btn-primary" : "btn-secondary"}>
            {t(`verification.${s}`)}
          </Link>
        ))}
      </nav>
      {data?.decided ? (
        <Notice tone="success">{t(data.decided.verdict === "verified" ? "operator.verified" : "operator.rejected", { name: data.decided.name })}</Notice>
      ) : null}
      <FormError code={data?.formError} />
      {organisations.length === 0 ? (
        <div className="card text-center text-slate-600">{t("operator.empty")}</div>
      ) : (
        <ul className="space-y-4">
          {organisations.map((org) => (
            <li key={org.id} className="card" data-testid="review-item">
              <div className="flex flex-wrap items-start justify-between gap-4">
                <div>
                  <h2 className="text-lg font-semibold">{org.name}</h2>
                  <p className="text-sm text-slate-600">
                    {t(`kinds.${org.kind}`)}
                    {org.creditCode ? ` · ${org.creditCode}` : ""} · {t("operator.submitted")} <Time value={org.createdAt} />
                  </p>
                  <p className="mt-1 text-sm text-slate-600">
                    {t("operator.contacts")}: {org.contactEmails.join(", ")}
                  </p>
                  {org.reason ? <p className="mt-1 text-sm text-amber-800">{org.reason}</p> : null}
                </div>
                {state === "pending" ? (
                  <div className="flex flex-col gap-3 md:w-96">
                    <Form method="post">
                      <CsrfField />
                      <input type="hidden" name="id" value={org.id} />
                      <input type="hidden" name="name" value={org.name} />
                      <button name="intent" value="verify" className="btn-primary w-full">
                        {t("operator.verify")} · {org.name}
                      </button>
                    </Form>
                    <Form method="post" className="space-y-2">
                      <CsrfField />
                      <input type="hidden" name="id" value={org.id} />
                      <input type="hidden" name="name" value={org.name} />
                      <Field label={t("operator.reason")} name="reason" errors={data?.target === org.id ? data.fields.reason : undefined} />
                      <button name="intent" value="reject" className="btn-danger w-full">
                        {t("operator.reject")}
                      </button>
                    </Form>
                  </div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
