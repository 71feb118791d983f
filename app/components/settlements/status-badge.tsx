import { useTranslation } from "react-i18next";

const TONE = { awaiting_payment: "bg-amber-100 text-amber-900", paid: "bg-sky-100 text-sky-900", completed: "bg-emerald-100 text-emerald-900", defaulted: "bg-red-100 text-red-900" } as const;

export type SettlementStatus = keyof typeof TONE;

export function StatusBadge({ status }: { status: SettlementStatus }) {
  const { t } = useTranslation();
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${TONE[status]}`}>{t(`settlements.status.${status}`)}</span>;
}
