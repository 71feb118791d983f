import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/components/csrf-field";
import { Notice } from "~/components/field";
import { Time } from "~/components/time";
import type { RoomView } from "./types";

/** The NDA: its text in the viewer's language, and what this viewer can do about it. */
export function NdaBox({ room, loginHref }: { room: RoomView; loginHref: string }) {
  const { t } = useTranslation();
  const { nda, standing } = room;
  return (
    <section id="nda" className="card space-y-3" aria-labelledby="nda-heading">
      <h2 id="nda-heading" className="text-lg font-semibold">
        {t("dataRoom.nda.heading")}
      </h2>
      {standing === "accepted" ? (
        <Notice tone="success">
          {t("dataRoom.nda.accepted")} <Time value={nda.acceptedAt} />
        </Notice>
      ) : null}
      {standing === "seller" ? <p className="text-sm text-slate-600">{t("dataRoom.nda.seller")}</p> : null}
      {standing === "anonymous" ? <p className="text-sm text-slate-600">{t("dataRoom.nda.anonymous")}</p> : null}
      {standing === "not_verified" ? <Notice tone="warning">{t("dataRoom.nda.notVerified")}</Notice> : null}
      <details className="rounded-md border border-slate-200 p-3" open={standing === "must_accept" || undefined}>
        <summary className="cursor-pointer text-sm font-medium text-brand-700">{t("dataRoom.nda.read")}</summary>
        <article className="mt-3 max-h-96 space-y-2 overflow-y-auto text-sm leading-relaxed text-slate-700" data-testid="nda-text">
          <h3 className="font-semibold text-slate-900">{nda.title}</h3>
          {nda.clauses.map((clause) => (
            <p key={clause}>{clause}</p>
          ))}
        </article>
        <p className="mt-3 break-all text-xs text-slate-500">
          {t("dataRoom.nda.digest")}: <span className="font-mono">{nda.sha256}</span>
        </p>
      </details>
      {standing === "must_accept" ? (
        <Form method="post" className="space-y-2">
          <CsrfField />
          <p className="text-xs text-slate-600">{t("dataRoom.nda.acceptLead")}</p>
          <button name="intent" value="accept-nda" className="btn-primary">
            {t("dataRoom.nda.accept")}
          </button>
        </Form>
      ) : null}
      {standing === "anonymous" ? (
        <Link to={loginHref} className="btn-primary inline-flex">
          {t("dataRoom.nda.signIn")}
        </Link>
      ) : null}
    </section>
  );
}
