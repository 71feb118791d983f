import { useTranslation } from "react-i18next";
import { LegalStatusBadge } from "~/components/collateral/badges";

export type ListedRight = { id: string; type: string; registryNumber: string; title: string; legalStatus: string; classes: string[]; owners: string[]; expiresOn: string | null };

/** The rights of the lot with their registry facts. */
export function RightsTable({ assets }: { assets: readonly ListedRight[] }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="rights">
      <h2 id="rights" className="text-lg font-semibold">
        {t("listings.page.rights")}
      </h2>
      <div className="mt-4 overflow-x-auto">
        <table className="table">
          <thead>
            <tr>
              <th>{t("listings.page.registryNumber")}</th>
              <th>{t("listings.page.rightTitle")}</th>
              <th>{t("listings.page.type")}</th>
              <th>{t("listings.page.legalStatus")}</th>
              <th>{t("listings.page.classes")}</th>
              <th>{t("listings.page.owners")}</th>
              <th>{t("listings.page.expiresOn")}</th>
            </tr>
          </thead>
          <tbody>
            {assets.map((a) => (
              <tr key={a.id}>
                <td className="whitespace-nowrap font-mono text-xs">{a.registryNumber}</td>
                <td>{a.title}</td>
                <td className="whitespace-nowrap text-slate-600">{t(`collateral.assetType.${a.type}`)}</td>
                <td>
                  <LegalStatusBadge status={a.legalStatus} />
                </td>
                <td className="text-slate-600">{a.classes.join(", ") || "—"}</td>
                <td className="text-slate-600">{a.owners.join("; ")}</td>
                <td className="whitespace-nowrap tabular-nums">{a.expiresOn ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
