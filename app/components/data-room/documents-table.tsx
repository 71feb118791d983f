import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatBytes } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { Time } from "~/components/time";
import { useRootData } from "~/utils/root-data";
import type { RoomDocument } from "./types";

const TYPE_LABEL: Record<string, string> = { "application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG" };

export function AccessBadge({ access }: { access: "open" | "nda" }) {
  const { t } = useTranslation();
  const tone = access === "open" ? "bg-green-50 text-green-800 ring-green-200" : "bg-amber-50 text-amber-800 ring-amber-200";
  return <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone}`}>{t(`dataRoom.access.${access}`)}</span>;
}

/** The room's documents: every viewer sees every title; the link is there only for those who may open it. */
export function DocumentsTable({ listingId, documents, own, editable }: { listingId: string; documents: RoomDocument[]; own: boolean; editable: boolean }) {
  const { t } = useTranslation();
  const { locale } = useRootData();
  if (documents.length === 0) return <p className="mt-3 text-sm text-slate-500">{t(own ? "dataRoom.documents.emptySeller" : "dataRoom.documents.empty")}</p>;
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="table [&_th]:whitespace-nowrap">
        <thead>
          <tr>
            <th>{t("dataRoom.documents.title")}</th>
            <th>{t("dataRoom.documents.type")}</th>
            <th className="text-right">{t("dataRoom.documents.size")}</th>
            <th>{t("dataRoom.documents.access")}</th>
            <th>{t("dataRoom.documents.added")}</th>
            <th>
              <span className="sr-only">{t("dataRoom.seller.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {documents.map((d) => (
            <tr key={d.documentId} data-testid="room-document">
              <td className="break-words font-medium">{d.title}</td>
              <td className="whitespace-nowrap text-slate-600">{TYPE_LABEL[d.contentType] ?? d.contentType}</td>
              <td className="whitespace-nowrap text-right tabular-nums">{formatBytes(d.sizeBytes, locale)}</td>
              <td>
                <AccessBadge access={d.access} />
              </td>
              <td className="whitespace-nowrap">
                <Time value={d.addedAt} />
              </td>
              <td className="whitespace-nowrap">
                <div className="flex flex-wrap items-center gap-2">
                  {d.mayOpen ? (
                    <a href={`/listings/${listingId}/documents/${d.documentId}`} className="text-brand-700 underline">
                      {t("dataRoom.documents.download")}
                    </a>
                  ) : (
                    <a href="#nda" className="text-sm text-slate-500">
                      {t("dataRoom.documents.locked")}
                    </a>
                  )}
                  {editable ? <SellerRowActions documentId={d.documentId} access={d.access} /> : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SellerRowActions({ documentId, access }: { documentId: string; access: "open" | "nda" }) {
  const { t } = useTranslation();
  return (
    <>
      <Form method="post">
        <CsrfField />
        <input type="hidden" name="documentId" value={documentId} />
        <input type="hidden" name="access" value={access === "open" ? "nda" : "open"} />
        <button name="intent" value="change" className="btn-secondary px-2 py-1 text-xs">
          {t(access === "open" ? "dataRoom.seller.makeNda" : "dataRoom.seller.makeOpen")}
        </button>
      </Form>
      <Form method="post">
        <CsrfField />
        <input type="hidden" name="documentId" value={documentId} />
        <button name="intent" value="remove" className="btn-danger px-2 py-1 text-xs">
          {t("dataRoom.seller.remove")}
        </button>
      </Form>
    </>
  );
}
