import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DISPOSAL_COST_KINDS } from "../../../server/domain/proceeds/inputs";
import { CsrfField } from "~/components/csrf-field";
import { Field, FormError } from "~/components/field";
import { Money } from "~/components/collateral/format";
import { formState } from "~/components/collateral/form-reply";
import { SelectField } from "~/components/collateral/inputs";
import type { FormReply } from "~/components/collateral/types";

export type RecoveryInputsView = {
  currency: string;
  exposureAtDefault: number;
  costs: Array<{ id: string; kind: string; description: string; amount: number; incurredOn: string; paidByName: string }>;
  sharers: Array<{ id: string; role: string; partyName: string; shareBps: number; ceiling: number; paid: number }>;
  payments: Array<{ id: string; riskShareId: string; amount: number; paidOn: string }>;
};

/** The bank's inputs to its case's waterfall: costs it advanced (repaid first) and what each risk-sharer paid it on the loss. */
export function RecoveryInputs({ inputs, today, reply }: { inputs: RecoveryInputsView; today: string; reply?: FormReply | null }) {
  const { t } = useTranslation();
  const cost = formState(reply, "cost");
  const paid = formState(reply, "sharer-payment");
  const sharerName = new Map(inputs.sharers.map((s) => [s.id, s.partyName]));
  return (
    <section id="section-inputs" className="card space-y-5" aria-labelledby="inputs-title">
      <div>
        <h3 id="inputs-title" className="text-lg font-semibold">
          {t("recoveryInputs.title")}
        </h3>
        <p className="mt-1 text-sm text-slate-600">{t("recoveryInputs.lead")}</p>
      </div>

      <div>
        <h4 className="font-medium">{t("recoveryInputs.costs.title")}</h4>
        {inputs.costs.length === 0 ? (
          <p className="mt-1 text-sm text-slate-500">{t("recoveryInputs.costs.empty")}</p>
        ) : (
          <table className="table mt-2">
            <thead>
              <tr>
                <th>{t("recoveryInputs.costs.incurredOn")}</th>
                <th>{t("recoveryInputs.costs.kind")}</th>
                <th>{t("recoveryInputs.costs.description")}</th>
                <th>{t("recoveryInputs.costs.paidBy")}</th>
                <th className="text-right">{t("recoveryInputs.amount")}</th>
              </tr>
            </thead>
            <tbody>
              {inputs.costs.map((c) => (
                <tr key={c.id}>
                  <td>{c.incurredOn}</td>
                  <td>{t(`recoveryInputs.kinds.${c.kind}`, { defaultValue: c.kind })}</td>
                  <td>{c.description}</td>
                  <td>{c.paidByName}</td>
                  <td className="text-right">
                    <Money amount={c.amount} currency={inputs.currency} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Form method="post" className="mt-3 space-y-3">
          <CsrfField />
          <FormError code={cost.formError} />
          <div className="grid gap-x-4 sm:grid-cols-2 lg:grid-cols-4">
            <SelectField label={t("recoveryInputs.costs.kind")} name="kind" defaultValue={cost.value("kind", "appraisal")} errors={cost.errors("kind")} options={DISPOSAL_COST_KINDS.map((k) => ({ value: k, label: t(`recoveryInputs.kinds.${k}`) }))} />
            <Field label={`${t("recoveryInputs.amount")} (${inputs.currency})`} name="amount" inputMode="decimal" required defaultValue={cost.value("amount")} errors={cost.errors("amount")} />
            <Field label={t("recoveryInputs.costs.incurredOn")} name="incurredOn" type="date" required max={today} defaultValue={cost.value("incurredOn", today)} errors={cost.errors("incurredOn")} />
            <Field label={t("recoveryInputs.costs.description")} name="description" defaultValue={cost.value("description")} errors={cost.errors("description")} />
          </div>
          <button name="intent" value="cost" className="btn-secondary">
            {t("recoveryInputs.costs.submit")}
          </button>
        </Form>
      </div>

      <div>
        <h4 className="font-medium">{t("recoveryInputs.sharers.title")}</h4>
        <p className="mt-1 text-sm text-slate-600">{t("recoveryInputs.sharers.lead")}</p>
        {inputs.sharers.length === 0 ? (
          <p className="mt-1 text-sm text-slate-500">{t("recoveryInputs.sharers.none")}</p>
        ) : (
          <>
            <table className="table mt-2">
              <thead>
                <tr>
                  <th>{t("recoveryInputs.sharers.party")}</th>
                  <th className="text-right">{t("recoveryInputs.sharers.share")}</th>
                  <th className="text-right">{t("recoveryInputs.sharers.ceiling")}</th>
                  <th className="text-right">{t("recoveryInputs.sharers.paid")}</th>
                </tr>
              </thead>
              <tbody>
                {inputs.sharers.map((s) => (
                  <tr key={s.id}>
                    <td>{s.partyName}</td>
                    <td className="text-right">{(s.shareBps / 100).toFixed(2)}%</td>
                    <td className="text-right">
                      <Money amount={s.ceiling} currency={inputs.currency} />
                    </td>
                    <td className="text-right">
                      <Money amount={s.paid} currency={inputs.currency} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {inputs.payments.length > 0 ? (
              <ul className="mt-2 space-y-1 text-sm text-slate-600">
                {inputs.payments.map((p) => (
                  <li key={p.id}>
                    {p.paidOn} · {sharerName.get(p.riskShareId)} · <Money amount={p.amount} currency={inputs.currency} />
                  </li>
                ))}
              </ul>
            ) : null}
            <Form method="post" className="mt-3 space-y-3">
              <CsrfField />
              <FormError code={paid.formError} />
              <div className="grid gap-x-4 sm:grid-cols-3">
                <SelectField label={t("recoveryInputs.sharers.party")} name="riskShareId" defaultValue={paid.value("riskShareId")} errors={paid.errors("riskShareId")} options={inputs.sharers.map((s) => ({ value: s.id, label: s.partyName }))} />
                <Field label={`${t("recoveryInputs.amount")} (${inputs.currency})`} name="amount" inputMode="decimal" required defaultValue={paid.value("amount")} errors={paid.errors("amount")} />
                <Field label={t("recoveryInputs.sharers.paidOn")} name="paidOn" type="date" required max={today} defaultValue={paid.value("paidOn", today)} errors={paid.errors("paidOn")} />
              </div>
              <button name="intent" value="sharer-payment" className="btn-secondary">
                {t("recoveryInputs.sharers.submit")}
              </button>
            </Form>
          </>
        )}
      </div>
    </section>
  );
}
