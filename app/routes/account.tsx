import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CreateTokenSchema, IdSchema } from "../../server/domain/schemas/accounts";
import { CsrfField } from "~/components/csrf-field";
import { Field, FormError, Notice } from "~/components/field";
import { Time } from "~/components/time";
import { pageTitle } from "~/utils/meta";
import { requireUser } from "~/utils/auth.server";
import { fieldErrorsOf, readForm } from "~/utils/form.server";
import { useRootData } from "~/utils/root-data";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "account:read");
  const [sessions, tokens] = await Promise.all([context.services.sessions.list(principal), context.services.apiTokens.list(principal)]);
  return json({ sessions, tokens });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const intent = form.get("intent");
  const principal = await requireUser(context, request, intent === "create-token" || intent === "revoke-token" ? "tokens:manage" : "account:read");
  const id = IdSchema.safeParse(form.get("id"));
  switch (intent) {
    case "create-token": {
      const parsed = CreateTokenSchema.safeParse({ name: form.get("name") ?? "" });
      if (!parsed.success) return json({ formError: "INVALID", fields: fieldErrorsOf(parsed.error), issued: null }, { status: 400 });
      const issued = await context.services.apiTokens.create({ userId: principal.user.id, organisationId: principal.organisation.id }, parsed.data.name);
      return json({ formError: null, fields: {}, issued: { token: issued.token, name: issued.name } });
    }
    case "revoke-token": {
      const result = id.success ? await context.services.apiTokens.revoke(principal, id.data) : { ok: false as const, code: "NOT_FOUND" };
      return json({ formError: result.ok ? null : result.code, fields: {}, issued: null }, { status: result.ok ? 200 : 404 });
    }
    case "revoke-session": {
      const result = id.success ? await context.services.sessions.revoke(principal, id.data) : { ok: false as const, code: "NOT_FOUND" };
      if (result.ok && principal.credential.id === (id.success ? id.data : null)) {
        return redirect("/login", { headers: { "Set-Cookie": context.services.sessions.clearCookie() } });
      }
      return json({ formError: result.ok ? null : result.code, fields: {}, issued: null }, { status: result.ok ? 200 : 404 });
    }
    case "sign-out-everywhere": {
      await context.services.sessions.revokeAll(principal);
      return redirect("/login", { headers: { "Set-Cookie": context.services.sessions.clearCookie() } });
    }
    case "switch-organisation": {
      const result = id.success ? await context.services.sessions.switchOrganisation(principal, id.data) : { ok: false as const, code: "NOT_FOUND" };
      if (!result.ok) return json({ formError: result.code, fields: {}, issued: null }, { status: 404 });
      return redirect("/");
    }
    default:
      return json({ formError: "INVALID", fields: {}, issued: null }, { status: 400 });
  }
}

export default function Account() {
  const { t } = useTranslation();
  const { viewer } = useRootData();
  const { sessions, tokens } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  if (!viewer) return null;
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">{t("account.title")}</h1>
      <FormError code={data?.formError} />

      <section className="card" aria-labelledby="profile">
        <h2 id="profile" className="text-lg font-semibold">
          {t("account.profile")}
        </h2>
        <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className="text-slate-500">{t("common.name")}</dt>
          <dd>{viewer.user.name}</dd>
          <dt className="text-slate-500">{t("common.email")}</dt>
          <dd>{viewer.user.email}</dd>
        </dl>
        <h3 className="mt-6 font-medium">{t("account.organisations")}</h3>
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {viewer.memberships.map((m) => (
            <li key={m.organisationId} className="flex items-center justify-between py-2">
              <span>
                {m.name} · {t(`kinds.${m.kind}`)} · {t(`roles.${m.role}`)}
              </span>
              {m.organisationId === viewer.organisation.id ? (
                <span className="rounded bg-brand-50 px-2 py-0.5 text-xs text-brand-700">{t("account.current")}</span>
              ) : (
                <Form method="post">
                  <CsrfField />
                  <input type="hidden" name="id" value={m.organisationId} />
                  <button name="intent" value="switch-organisation" className="btn-secondary">
                    {t("nav.switch")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="tokens">
        <h2 id="tokens" className="text-lg font-semibold">
          {t("account.tokensTitle")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {t("account.tokensLead")}{" "}
          <a href="/api/v1/openapi.json" className="text-brand-700 underline">
            {t("account.apiDocs")}
          </a>
        </p>
        {data?.issued ? (
          <div className="mt-4">
            <Notice tone="success">
              <p>{t("account.newToken")}</p>
              <code data-testid="new-token" className="mt-2 block break-all rounded bg-white p-2 font-mono text-xs">
                {data.issued.token}
              </code>
            </Notice>
          </div>
        ) : null}
        <Form method="post" className="mt-4 flex flex-wrap items-start gap-3">
          <CsrfField />
          <div className="min-w-[16rem] flex-1">
            <Field label={t("account.tokenName")} name="name" required maxLength={80} errors={(data?.fields as Record<string, string[]> | undefined)?.name} />
          </div>
          <button name="intent" value="create-token" className="btn-primary mt-6">
            {t("account.createToken")}
          </button>
        </Form>
        {tokens.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">{t("account.noTokens")}</p>
        ) : (
          <table className="table mt-2">
            <thead>
              <tr>
                <th>{t("account.tokenName")}</th>
                <th>{t("account.prefix")}</th>
                <th>{t("common.created")}</th>
                <th>{t("account.lastUsed")}</th>
                <th>{t("common.expires")}</th>
                <th>
                  <span className="sr-only">{t("common.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td className="font-mono text-xs">{token.prefix}…</td>
                  <td><Time value={token.createdAt} /></td>
                  <td>{token.lastUsedAt ? <Time value={token.lastUsedAt} /> : t("common.never")}</td>
                  <td><Time value={token.expiresAt} /></td>
                  <td>
                    <Form method="post">
                      <CsrfField />
                      <input type="hidden" name="id" value={token.id} />
                      <button name="intent" value="revoke-token" className="btn-danger" aria-label={`${t("common.revoke")} ${token.name}`}>
                        {t("common.revoke")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card" aria-labelledby="sessions">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2 id="sessions" className="text-lg font-semibold">
              {t("account.sessionsTitle")}
            </h2>
            <p className="mt-1 text-sm text-slate-600">{t("account.sessionsLead")}</p>
          </div>
          <Form method="post">
            <CsrfField />
            <button name="intent" value="sign-out-everywhere" className="btn-danger">
              {t("account.signOutEverywhere")}
            </button>
          </Form>
        </div>
        <table className="table mt-4">
          <thead>
            <tr>
              <th>{t("account.lastSeen")}</th>
              <th>{t("account.ipAddress")}</th>
              <th>{t("account.browser")}</th>
              <th>{t("common.created")}</th>
              <th>
                <span className="sr-only">{t("common.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  <Time value={s.lastSeenAt} />
                  {s.current ? <span className="ml-2 rounded bg-brand-50 px-2 py-0.5 text-xs text-brand-700">{t("account.thisBrowser")}</span> : null}
                </td>
                <td className="font-mono text-xs">{s.ipAddress}</td>
                <td className="max-w-xs truncate text-xs text-slate-600" title={s.userAgent ?? ""}>
                  {s.userAgent}
                </td>
                <td><Time value={s.createdAt} /></td>
                <td>
                  <Form method="post">
                    <CsrfField />
                    <input type="hidden" name="id" value={s.id} />
                    <button name="intent" value="revoke-session" className="btn-danger">
                      {t("common.revoke")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
