import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { NextStep } from "../../../server/domain/listings/next-step";
import type { JsonSafe } from "../../../server/domain/money";
import { useFormat } from "~/components/collateral/format";
import type { CaseView } from "./case-view";

/** Where the listing form starts from for each next step: the mode and preset the rules lead to. */
function startLink(caseId: string, step: JsonSafe<NextStep>): { to: string; label: string } | null {
  const query = (mode: string, preset: string) => `/listings/new?${new URLSearchParams({ case: caseId, mode, preset })}`;
  if (step.kind === "first_auction") return { to: query("english_auction", "judicial"), label: "cases.next.startFirst" };
  if (step.kind === "relist") return { to: query("english_auction", step.preset), label: "cases.next.startRelist" };
  if (step.kind === "fixed_price") return { to: query("fixed_price", step.preset), label: "cases.next.startFixed" };
  return null;
}

/** The next step in plain words, with the bound the rules set and a button to the listing form. */
export function NextStepCard({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { money } = useFormat();
  const { nextStep: step, case: kase } = view;
  const cny = (minor: number) => money(minor, kase.currency);
  let text: string;
  if (step.kind === "under_way") text = t("cases.next.under_way", { status: t(`listings.status.${step.status}`) });
  else if (step.kind === "relist") text = t("cases.next.relist", { min: cny(step.minStart), previous: cny(step.previousStart) });
  else if (step.kind === "fixed_price") text = step.floor === null ? t("cases.next.fixedPriceNoAppraisal") : t("cases.next.fixed_price", { floor: cny(step.floor) });
  else text = t(`cases.next.${step.kind}`);
  const link = startLink(kase.id, step);
  const onPrivate = (step.kind === "relist" || step.kind === "fixed_price") && step.preset === "private";
  return (
    <section className="card border-brand-100 bg-brand-50/40" aria-labelledby="next-step" data-testid="next-step">
      <h2 id="next-step" className="text-lg font-semibold">
        {t("cases.next.title")}
      </h2>
      <p className="mt-2 text-sm text-slate-800">{text}</p>
      {onPrivate ? <p className="mt-1 text-xs text-slate-600">{t("cases.next.privateNote")}</p> : null}
      <div className="mt-3 flex flex-wrap gap-2">
        {link ? (
          <Link to={link.to} className="btn-primary">
            {t(link.label)}
          </Link>
        ) : null}
        {step.kind === "under_way" || step.kind === "concluded" ? (
          <Link to={`/listings/${step.listingId}`} className="btn-secondary">
            {t("cases.next.viewAttempt")}
          </Link>
        ) : null}
      </div>
    </section>
  );
}
