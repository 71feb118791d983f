import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/components/csrf-field";
import { FormError } from "~/components/field";
import { optionalUser, requireUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.invitationTitle");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const found = await context.services.accounts.describeInvitation(token);
  if (!found.ok) throw json({ formError: found.code }, { status: 404 });
  const principal = await optionalUser(context, request);
  return json({ invitation: found.invitation, token, signedInAs: principal?.user.email ?? null });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await readForm(request, context);
  const principal = await requireUser(context, request, "account:read");
  const result = await context.services.accounts.acceptInvitation(principal, params.token ?? "");
  if (!result.ok) return json({ formError: result.code }, { status: result.code === "INVITATION_INVALID" ? 404 : 409 });
  await context.services.sessions.switchOrganisation(principal, result.organisationId);
  return redirect("/organisation");
}

export default function Invitation() {
  const { t } = useTranslation();
  const { invitation, token, signedInAs } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const role = t(`roles.${invitation.role}`);
  return (
    <div className="card mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-semibold">{t("auth.invitationTitle")}</h1>
      <p>{t("auth.invitationFor", { organisation: invitation.organisationName, role, email: invitation.email })}</p>
      <FormError code={data?.formError} />
      {signedInAs === invitation.email ? (
        <Form method="post">
          <CsrfField />
          <button className="btn-primary">{t("auth.accept")}</button>
        </Form>
      ) : signedInAs ? (
        <p className="text-sm text-slate-600">{t("auth.signInToAccept", { email: invitation.email })}</p>
      ) : (
        <div className="flex flex-wrap gap-3">
          <Link className="btn-primary" to={`/register?invitation=${encodeURIComponent(token)}`}>
            {t("auth.createAccountToAccept")}
          </Link>
          <Link className="btn-secondary" to={`/login?redirectTo=${encodeURIComponent(`/invitations/${token}`)}`}>
            {t("auth.signInToAccept", { email: invitation.email })}
          </Link>
        </div>
      )}
    </div>
  );
}
