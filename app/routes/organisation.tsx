import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { rolesFor } from "../../server/domain/organisations";
import { ChangeRoleSchema, IdSchema, InviteSchema } from "../../server/domain/schemas/accounts";
import { CsrfField } from "~/components/csrf-field";
import { Field, FormError, Notice } from "~/components/field";
import { PayoutSetup } from "~/components/payouts/payout-setup";
import { Time } from "~/components/time";
import { pageTitle } from "~/utils/meta";
import { requireUser } from "~/utils/auth.server";
import { type FieldErrors, fieldErrorsOf, readForm } from "~/utils/form.server";
import { useRootData } from "~/utils/root-data";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "organisation.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "organisation:read");
  const [people, status, payouts] = await Promise.all([
    context.services.members.list(principal),
    context.services.verification.status(principal.organisation.id),
    context.services.payouts.accounts.status(principal.organisation.id),
  ]);
  return json({ ...people, status, payouts });
}

type ActionData = { formError: string | null; fields: FieldErrors; invited?: { url: string; email: string }; done?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "members:manage");
  const reply = (data: ActionData, status = 200) => json(data, { status });
  switch (form.get("intent")) {
    case "invite": {
      const parsed = InviteSchema.safeParse({ email: form.get("email") ?? "", role: form.get("role") ?? "" });
      if (!parsed.success) return reply({ formError: "INVALID", fields: fieldErrorsOf(parsed.error) }, 400);
      const result = await context.services.members.invite(principal, parsed.data);
      if (!result.ok) return reply({ formError: result.code, fields: {} }, 409);
      return reply({ formError: null, fields: {}, invited: { url: result.url, email: parsed.data.email } });
    }
    case "revoke-invitation": {
      const id = IdSchema.safeParse(form.get("id"));
      const result = id.success ? await context.services.members.revokeInvitation(principal, id.data) : { ok: false as const, code: "NOT_FOUND" };
      return reply({ formError: result.ok ? null : result.code, fields: {} }, result.ok ? 200 : 404);
    }
    case "change-role": {
      const id = IdSchema.safeParse(form.get("userId"));
      const role = ChangeRoleSchema.safeParse({ role: form.get("role") ?? "" });
      if (!id.success || !role.success) return reply({ formError: "INVALID", fields: {} }, 400);
      const result = await context.services.members.changeRole(principal, id.data, role.data.role);
      return reply({ formError: result.ok ? null : result.code, fields: {} }, result.ok ? 200 : 409);
    }
    case "resubmit": {
      const result = await context.services.verification.resubmit(principal);
      return reply({ formError: result.ok ? null : result.code, fields: {}, done: result.ok ? "resubmitted" : undefined }, result.ok ? 200 : 409);
    }
    default:
      return reply({ formError: "INVALID", fields: {} }, 400);
  }
}

export default function Organisation() {
  const { t } = useTranslation();
  const { viewer } = useRootData();
  const { members, invitations, status, payouts } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const payoutsDone = useSearchParams()[0].get("done")?.match(/^payouts-(enabled|pending)$/)?.[1];
  if (!viewer) return null;
  const isAdmin = viewer.permissions.includes("members:manage");
  const roles = rolesFor(viewer.organisation.kind);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">{viewer.organisation.name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {t("organisation.kind")}: {t(`kinds.${viewer.organisation.kind}`)} · {t("organisation.verification")}:{" "}
          <span data-testid="verification-state">{t(`verification.${status?.verification ?? "pending"}`)}</span>
        </p>
      </div>
      <FormError code={data?.formError} />
      {data?.done === "resubmitted" ? <Notice tone="success">{t("organisation.resubmitted")}</Notice> : null}
      {payoutsDone ? <Notice tone={payoutsDone === "enabled" ? "success" : "info"}>{t(`payouts.setup.done.${payoutsDone}`)}</Notice> : null}
      {status?.verification === "rejected" ? (
        <Notice tone="warning">
          <p>{t("home.rejectedNotice", { reason: status.reason ?? "" })}</p>
          {isAdmin ? (
            <Form method="post" className="mt-3">
              <CsrfField />
              <button name="intent" value="resubmit" className="btn-primary">
                {t("organisation.resubmit")}
              </button>
            </Form>
          ) : null}
        </Notice>
      ) : null}

      <section className="card" aria-labelledby="members">
        <h2 id="members" className="text-lg font-semibold">
          {t("organisation.membersTitle")}
        </h2>
        {!isAdmin ? <p className="mt-1 text-sm text-slate-500">{t("organisation.onlyAdmins")}</p> : null}
        <table className="table mt-3">
          <thead>
            <tr>
              <th>{t("common.name")}</th>
              <th>{t("common.email")}</th>
              <th>{t("common.role")}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>
                  {isAdmin ? (
                    <Form method="post" className="flex items-center gap-2">
                      <CsrfField />
                      <input type="hidden" name="userId" value={m.userId} />
                      <label className="sr-only" htmlFor={`role-${m.userId}`}>
                        {t("organisation.changeRole")}
                      </label>
                      <select id={`role-${m.userId}`} name="role" defaultValue={m.role} className="input w-auto py-1">
                        {roles.map((r) => (
                          <option key={r} value={r}>
                            {t(`roles.${r}`)}
                          </option>
                        ))}
                      </select>
                      <button name="intent" value="change-role" className="btn-secondary py-1">
                        {t("common.save")}
                      </button>
                    </Form>
                  ) : (
                    t(`roles.${m.role}`)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {isAdmin ? (
        <section className="card" aria-labelledby="invite">
          <h2 id="invite" className="text-lg font-semibold">
            {t("organisation.inviteTitle")}
          </h2>
          {data?.invited ? (
            <div className="mt-3">
              <Notice tone="success">
                {t("organisation.invitationLink", { email: data.invited.email })}
                <code data-testid="invitation-link" className="mt-2 block break-all rounded bg-white p-2 font-mono text-xs">
                  {data.invited.url}
                </code>
              </Notice>
            </div>
          ) : null}
          <Form method="post" className="mt-3 grid gap-3 md:grid-cols-[1fr_12rem_auto] md:items-start">
            <CsrfField />
            <Field label={t("common.email")} name="email" type="email" required errors={data?.fields?.email} />
            <div>
              <label htmlFor="invite-role" className="block text-sm font-medium text-slate-700">
                {t("common.role")}
              </label>
              <select id="invite-role" name="role" className="input mt-1" defaultValue="member">
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {t(`roles.${r}`)}
                  </option>
                ))}
              </select>
            </div>
            <button name="intent" value="invite" className="btn-primary md:mt-6">
              {t("organisation.invite")}
            </button>
          </Form>
          <h3 className="mt-6 font-medium">{t("organisation.invitationsTitle")}</h3>
          {invitations.length === 0 ? (
            <p className="mt-1 text-sm text-slate-500">{t("organisation.noInvitations")}</p>
          ) : (
            <ul className="mt-2 divide-y divide-slate-100 text-sm">
              {invitations.map((i) => (
                <li key={i.id} className="flex items-center justify-between py-2">
                  <span>
                    {i.email} · {t(`roles.${i.role}`)} · {t("common.expires")} <Time value={i.expiresAt} />
                  </span>
                  <Form method="post">
                    <CsrfField />
                    <input type="hidden" name="id" value={i.id} />
                    <button name="intent" value="revoke-invitation" className="btn-danger">
                      {t("common.revoke")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <PayoutSetup status={payouts} isAdmin={isAdmin} />
    </div>
  );
}
