import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Notice } from "~/components/field";
import { optionalUser } from "~/utils/auth.server";
import { useRootData } from "~/utils/root-data";

export const meta: MetaFunction = () => [
  { title: "IP Collateral Exchange · 知识产权质押物交易所" },
  { name: "description", content: "Where banks dispose of pledged intellectual property and recoveries flow back to creditors." },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await optionalUser(context, request);
  const status = principal ? await context.services.verification.status(principal.organisation.id) : null;
  return json({ status });
}

const AUDIENCES = ["bank", "investor", "licensee", "venture_fund", "risk", "ip_owner", "platform"] as const;

export default function Home() {
  const { t } = useTranslation();
  const { viewer } = useRootData();
  const { status } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-10">
      {viewer ? (
        <section aria-labelledby="welcome" className="space-y-3">
          <h1 id="welcome" className="text-2xl font-semibold">
            {t("home.welcome", { name: viewer.user.name })}
          </h1>
          {viewer.organisation.kind === "platform" ? null : status?.verification === "pending" ? (
            <Notice tone="warning">{t("home.pendingNotice")}</Notice>
          ) : status?.verification === "rejected" ? (
            <Notice tone="warning">
              {t("home.rejectedNotice", { reason: status.reason ?? "" })}{" "}
              <Link to="/organisation" className="underline">
                {t("organisation.resubmit")}
              </Link>
            </Notice>
          ) : (
            <Notice tone="success">{t("home.verifiedNotice")}</Notice>
          )}
        </section>
      ) : (
        <section className="rounded-2xl bg-brand-900 px-8 py-12 text-white">
          <h1 className="max-w-3xl text-3xl font-semibold leading-tight md:text-4xl">{t("home.title")}</h1>
          <p className="mt-4 max-w-3xl text-brand-100">{t("home.lead")}</p>
          <div className="mt-8 flex flex-wrap gap-3">
            <Link to="/register" className="btn bg-white text-brand-900 hover:bg-brand-50">
              {t("home.start")}
            </Link>
            <Link to="/login" className="btn border border-white/40 text-white hover:bg-white/10">
              {t("home.signIn")}
            </Link>
          </div>
        </section>
      )}

      <section aria-labelledby="loop">
        <h2 id="loop" className="text-xl font-semibold">
          {t("home.loopTitle")}
        </h2>
        <ol className="mt-4 grid gap-4 md:grid-cols-4">
          {(["loop1", "loop2", "loop3", "loop4"] as const).map((key, i) => (
            <li key={key} className="card">
              <span className="flex h-8 w-8 items-center justify-center rounded-full bg-brand-600 text-sm font-semibold text-white" aria-hidden>
                {i + 1}
              </span>
              <p className="mt-3 text-sm text-slate-700">{t(`home.${key}`)}</p>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="audiences">
        <h2 id="audiences" className="text-xl font-semibold">
          {t("home.audiencesTitle")}
        </h2>
        <div className="mt-4 grid gap-4 md:grid-cols-2 lg:grid-cols-3">
          {AUDIENCES.map((audience) => (
            <article key={audience} className="card">
              <h3 className="font-semibold text-brand-900">{t(`home.audienceTitle.${audience}`)}</h3>
              <p className="mt-2 text-sm text-slate-600">{t(`home.audience.${audience}`)}</p>
            </article>
          ))}
        </div>
      </section>
    </div>
  );
}
