import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Time } from "~/components/time";
import type { AccessLogView } from "./types";

/** The seller's record of every opening, newest first, a page at a time. */
export function AccessLogTable({ log }: { log: AccessLogView }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(log.total / log.pageSize));
  return (
    <section id="log" className="card" aria-labelledby="log-heading">
      <h2 id="log-heading" className="text-lg font-semibold">
        {t("dataRoom.log.heading")}
      </h2>
      <p className="text-sm text-slate-600">{t("dataRoom.log.lead")}</p>
      {log.entries.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">{t("dataRoom.log.empty")}</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="table" data-testid="access-log">
            <thead>
              <tr>
                <th>{t("dataRoom.log.when")}</th>
                <th>{t("dataRoom.log.who")}</th>
                <th>{t("dataRoom.log.organisation")}</th>
                <th>{t("dataRoom.log.document")}</th>
                <th>{t("dataRoom.log.ip")}</th>
              </tr>
            </thead>
            <tbody>
              {log.entries.map((e) => (
                <tr key={e.id}>
                  <td className="whitespace-nowrap">
                    <Time value={e.at} />
                  </td>
                  <td>{e.userName ? <span title={e.userEmail ?? undefined}>{e.userName}</span> : <span className="text-slate-500">{t("dataRoom.log.anonymous")}</span>}</td>
                  <td>{e.organisationName ?? "—"}</td>
                  <td className="break-words">
                    {e.documentTitle ?? (
                      <>
                        {e.filename} <span className="text-xs text-slate-500">({t("dataRoom.log.removed")})</span>
                      </>
                    )}
                  </td>
                  <td className="whitespace-nowrap font-mono text-xs">{e.ip ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav className="mt-3 flex items-center gap-3 text-sm" aria-label={t("dataRoom.log.heading")}>
          {log.page > 1 ? (
            <Link to={`?page=${log.page - 1}#log`} className="btn-secondary">
              {t("dataRoom.log.previous")}
            </Link>
          ) : null}
          <span className="text-slate-600">{t("dataRoom.log.pageOf", { page: log.page, pages })}</span>
          {log.page < pages ? (
            <Link to={`?page=${log.page + 1}#log`} className="btn-secondary">
              {t("dataRoom.log.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
