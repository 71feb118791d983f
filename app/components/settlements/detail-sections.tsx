import { Form, Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CHECKLIST_STEPS } from "../../../server/domain/proceeds/settlement-terms";
import { CsrfField } from "~/components/csrf-field";
import { Money } from "~/components/collateral/format";
import { Time } from "~/components/time";

type Detail = {
  id: string;
  status: "awaiting_payment" | "paid" | "completed" | "defaulted";
  currency: string;
  price: number;
  buyerPremium: number;
  platformFee: number;
  depositApplied: number;
  creditOffset: number;
  balanceDue: number;
  owed: number;
  dueAt: string;
  payment: { reference: string; amount: number; received: number; status: string } | null;
  checklist: Record<(typeof CHECKLIST_STEPS)[number], string | null>;
  canTick: boolean;
  history: Array<{ action: string; at: string }>;
};

export function Figures({ s }: { s: Detail }) {
  const { t } = useTranslation();
  const rows: Array<[string, number]> = [
    ["price", s.price],
    ["buyerPremium", s.buyerPremium],
    ["platformFee", s.platformFee],
    ["depositApplied", -s.depositApplied],
    ...(s.creditOffset > 0 ? [["creditOffset", -s.creditOffset] as [string, number]] : []),
    ["balanceDue", s.balanceDue],
    ["owed", s.owed],
  ];
  return (
    <section className="card">
      <h2 className="text-lg font-semibold">{t("settlements.figures.title")}</h2>
      <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 text-sm">
        {rows.map(([key, amount]) => (
          <div key={key} className="contents" data-figure={key}>
            <dt className="text-slate-600">{key === "creditOffset" ? t("moneyExtras.credit.offset") : t(`settlements.figures.${key}`)}</dt>
            <dd className="text-right tabular-nums">
              <Money amount={amount} currency={s.currency} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Time left to pay, counting down in the browser (the server renders the same figure once). */
export function Countdown({ dueAt }: { dueAt: string }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const left = Date.parse(dueAt) - now;
  if (left <= 0) return <span className="text-red-700">{t("settlements.deadline.passed")}</span>;
  const hours = Math.floor(left / 3_600_000);
  return <span suppressHydrationWarning>{t("settlements.deadline.left", { days: Math.floor(hours / 24), hours: hours % 24 })}</span>;
}

export function HowToPay({ s }: { s: Detail }) {
  const { t } = useTranslation();
  return (
    <section className="card space-y-2">
      <h2 className="text-lg font-semibold">{t("settlements.pay.title")}</h2>
      <p className="text-sm">
        {t("settlements.deadline.due")} <Time value={s.dueAt} /> · <Countdown dueAt={s.dueAt} />
      </p>
      {s.owed > 0 && s.payment ? (
        <>
          <p className="text-sm text-slate-600">{t("settlements.pay.lead")}</p>
          <dl className="grid grid-cols-2 gap-2 text-sm">
            <dt className="text-slate-600">{t("settlements.pay.reference")}</dt>
            <dd className="font-mono text-base font-semibold" data-testid="payment-reference">
              {s.payment.reference}
            </dd>
            <dt className="text-slate-600">{t("settlements.pay.amount")}</dt>
            <dd className="tabular-nums">
              <Money amount={s.owed} currency={s.currency} />
            </dd>
          </dl>
        </>
      ) : (
        <p className="text-sm text-slate-600">{t("settlements.pay.none")}</p>
      )}
    </section>
  );
}

export function Checklist({ s }: { s: Detail }) {
  const { t } = useTranslation();
  return (
    <section className="card space-y-3">
      <h2 className="text-lg font-semibold">{t("settlements.checklist.title")}</h2>
      <p className="text-sm text-slate-600">{s.status === "awaiting_payment" ? t("settlements.checklist.waiting") : t("settlements.checklist.lead")}</p>
      <ul className="space-y-2">
        {CHECKLIST_STEPS.map((step) => (
          <li key={step} className="flex flex-wrap items-center justify-between gap-2 text-sm" data-step={step}>
            <span>
              {s.checklist[step] ? "✓ " : "○ "}
              {t(`settlements.checklist.${step}`)}
            </span>
            {s.checklist[step] ? (
              <span className="text-slate-600">
                {t("settlements.checklist.doneAt")} <Time value={s.checklist[step]} />
              </span>
            ) : s.canTick ? (
              <Form method="post">
                <CsrfField />
                <input type="hidden" name="step" value={step} />
                <button type="submit" className="btn-secondary">
                  {t("settlements.checklist.tick")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function FilingPackLinks({ id, pdfAvailable }: { id: string; pdfAvailable: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="card space-y-2">
      <h2 className="text-lg font-semibold">{t("settlements.pack.title")}</h2>
      <p className="text-sm text-slate-600">{t("settlements.pack.lead")}</p>
      <div className="flex flex-wrap items-center gap-3">
        <Link to={`/settlements/${id}/filing-pack`} className="btn-primary">
          {t("settlements.pack.open")}
        </Link>
        {pdfAvailable ? (
          <a href={`/settlements/${id}/filing-pack.pdf`} className="btn-secondary" download>
            {t("settlements.pack.pdf")}
          </a>
        ) : (
          <span className="text-sm text-slate-600">{t("settlements.pack.pdfUnavailable")}</span>
        )}
      </div>
    </section>
  );
}

export function History({ s }: { s: Detail }) {
  const { t } = useTranslation();
  return (
    <section className="card">
      <h2 className="text-lg font-semibold">{t("settlements.history.title")}</h2>
      <ol className="mt-3 space-y-1 text-sm">
        {s.history.map((h, i) => (
          <li key={i}>
            <Time value={h.at} /> — {t(`settlements.history.${h.action}`, { defaultValue: t(`moneyExtras.history.${h.action}`, { defaultValue: h.action }) })}
          </li>
        ))}
      </ol>
    </section>
  );
}
