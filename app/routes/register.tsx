import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { REGISTRABLE_KINDS } from "../../server/domain/organisations";
import { RegisterSchema } from "../../server/domain/schemas/accounts";
import { CsrfField } from "~/components/csrf-field";
import { Field, FormError } from "~/components/field";
import { pageTitle } from "~/utils/meta";
import { optionalUser } from "~/utils/auth.server";
import { fieldErrorsOf, formObject, readForm } from "~/utils/form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.registerTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await optionalUser(context, request)) return redirect("/");
  const token = new URL(request.url).searchParams.get("invitation");
  if (!token) return json({ invitation: null, token: null });
  const found = await context.services.accounts.describeInvitation(token);
  return json({ invitation: found.ok ? found.invitation : null, token: found.ok ? token : null });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const v = formObject(form, ["email", "password", "name", "organisationName", "kind", "creditCode", "invitationToken"]);
  const command = {
    email: v.email,
    password: v.password,
    name: v.name,
    ...(v.invitationToken
      ? { invitationToken: v.invitationToken }
      : { organisation: { name: v.organisationName, kind: v.kind, ...(v.creditCode ? { creditCode: v.creditCode } : {}) } }),
  };
  const parsed = RegisterSchema.safeParse(command);
  if (!parsed.success) return json({ formError: "INVALID", fields: fieldErrorsOf(parsed.error) }, { status: 400 });
  const result = await context.services.accounts.register(parsed.data);
  if (!result.ok) return json({ formError: result.code, fields: {} }, { status: 409 });
  const { setCookie } = await context.services.sessions.start(request, result.userId, result.organisationId, context.requestMeta);
  return redirect("/", { headers: { "Set-Cookie": setCookie } });
}

export default function Register() {
  const { t } = useTranslation();
  const { invitation, token } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const kindId = useId();
  const fields: Record<string, string[] | undefined> = data?.fields ?? {};
  return (
    <div className="mx-auto max-w-lg">
      <h1 className="text-2xl font-semibold">
        {invitation ? t("auth.joinTitle", { organisation: invitation.organisationName }) : t("auth.registerTitle")}
      </h1>
      <p className="mt-1 text-slate-600">
        {invitation ? t("auth.joinLead", { role: t(`roles.${invitation.role}`) }) : t("auth.registerLead")}
      </p>
      <Form method="post" className="card mt-6 space-y-2" noValidate>
        <CsrfField />
        <FormError code={data?.formError} />
        <Field label={t("auth.yourName")} name="name" autoComplete="name" required errors={fields.name} />
        <Field
          label={t("common.email")}
          name="email"
          type="email"
          autoComplete="email"
          required
          errors={fields.email}
          defaultValue={invitation?.email}
          readOnly={Boolean(invitation)}
        />
        <Field label={t("auth.password")} name="password" type="password" autoComplete="new-password" required hint={t("auth.passwordHint")} errors={fields.password} />
        {token ? (
          <input type="hidden" name="invitationToken" value={token} />
        ) : (
          <>
            <Field label={t("auth.organisationName")} name="organisationName" autoComplete="organization" required errors={fields["organisation.name"]} />
            <div>
              <label htmlFor={kindId} className="block text-sm font-medium text-slate-700">
                {t("auth.organisationKind")}
              </label>
              <select id={kindId} name="kind" className="input mt-1" defaultValue="" required aria-invalid={fields["organisation.kind"] ? true : undefined}>
                <option value="" disabled>
                  —
                </option>
                {REGISTRABLE_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`kinds.${kind}`)}
                  </option>
                ))}
              </select>
              <p className="mt-1 min-h-[1.25rem] text-xs text-red-700">
                {fields["organisation.kind"] ? t(`validation.${fields["organisation.kind"][0]}`) : ""}
              </p>
            </div>
            <Field label={t("auth.creditCode")} name="creditCode" hint={t("auth.creditCodeHint")} errors={fields["organisation.creditCode"]} maxLength={18} />
          </>
        )}
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {t("auth.submitRegister")}
        </button>
      </Form>
      <p className="mt-4 text-sm text-slate-600">
        {t("auth.haveAccount")}{" "}
        <Link to="/login" className="font-medium text-brand-700 underline">
          {t("nav.signIn")}
        </Link>
      </p>
    </div>
  );
}
