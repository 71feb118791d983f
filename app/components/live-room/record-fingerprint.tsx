import { useTranslation } from "react-i18next";

/** A closed lot's final bid-chain head, published so that a bidder can later prove the record was not rewritten. */
export function RecordFingerprint({ record }: { record: { seq: number; chainHead: string } }) {
  const { t } = useTranslation();
  return (
    <section className="rounded-md border border-slate-200 bg-white p-3 text-sm" aria-labelledby="record-fingerprint" data-testid="record-fingerprint">
      <h3 id="record-fingerprint" className="font-medium">
        {t("room.fingerprint.title")}
      </h3>
      <p className="mt-1 break-all font-mono text-xs text-slate-800">{record.chainHead}</p>
      <p className="mt-1 text-xs text-slate-500">{t("room.fingerprint.count", { seq: record.seq })}</p>
      <p className="mt-2 text-xs text-slate-600">{t("room.fingerprint.explain")}</p>
    </section>
  );
}
