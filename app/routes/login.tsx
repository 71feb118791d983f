import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LoginSchema } from "../../server/domain/schemas/accounts";
import { CsrfField } from "~/components/csrf-field";
import { Field, FormError } from "~/components/field";
import { pageTitle } from "~/utils/meta";
import { optionalUser, safeRedirect } from "~/utils/auth.server";
import { type FieldErrors, fieldErrorsOf, formObject, readForm } from "~/utils/form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.loginTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await optionalUser(context, request)) return redirect("/");
  return null;
}

type ActionData = { formError: string; fields: FieldErrors };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const parsed = LoginSchema.safeParse(formObject(form, ["email", "password"]));
  if (!parsed.success) return json<ActionData>({ formError: "INVALID", fields: fieldErrorsOf(parsed.error) }, { status: 400 });
  const result = await context.services.login.check(parsed.data, context.requestMeta);
  if (!result.ok) return json<ActionData>({ formError: result.code, fields: {} }, { status: result.code === "THROTTLED" ? 429 : 401 });
  const { setCookie } = await context.services.sessions.start(request, result.userId, result.organisationId, context.requestMeta);
  return redirect(safeRedirect(form.get("redirectTo")), { headers: { "Set-Cookie": setCookie } });
}

export default function Login() {
  const { t } = useTranslation();
  const data = useActionData<ActionData>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-semibold">{t("auth.loginTitle")}</h1>
      <p className="mt-1 text-slate-600">{t("auth.loginLead")}</p>
      <Form method="post" className="card mt-6 space-y-2" noValidate>
        <CsrfField />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <FormError code={data?.formError} />
        <Field label={t("common.email")} name="email" type="email" autoComplete="email" required errors={data?.fields?.email} />
        <Field label={t("auth.password")} name="password" type="password" autoComplete="current-password" required errors={data?.fields?.password} />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {t("auth.submitLogin")}
        </button>
      </Form>
      <p className="mt-4 text-sm text-slate-600">
        {t("auth.noAccount")}{" "}
        <Link to="/register" className="font-medium text-brand-700 underline">
          {t("auth.registerLink")}
        </Link>
      </p>
    </div>
  );
}
