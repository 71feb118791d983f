import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TableCard } from "~/components/table-card";
import { Time } from "~/components/time";

type Named = { id: string; name: string | null };
type AuditEvent = {
  id: number;
  chain: string;
  seq: number;
  occurredAt: string;
  action: string;
  actor: Named | null;
  organisation: Named | null;
  subject: { type: string; id: string | null; title: string | null } | null;
  data: Record<string, unknown> | null;
  withheld: string[];
};

/** Pages an auditor can open for a subject; other subjects are named without a link. */
const SUBJECT_PAGES: Record<string, (id: string) => string> = {
  listing: (id) => `/listings/${id}`,
  lot: (id) => `/listings/${id}`,
  settlement: (id) => `/settlements/${id}`,
};

/** The trail's events, newest first: who did what to which subject, with its details and what is withheld. */
export function AuditEvents({ events }: { events: readonly AuditEvent[] }) {
  const { t } = useTranslation();
  const headers = [t("audit.columns.when"), t("audit.columns.action"), t("audit.columns.actor"), t("audit.columns.organisation"), t("audit.columns.subject"), t("audit.columns.data")];
  return (
    <TableCard empty={t("audit.empty")} emptyTestId="audit-empty" rows={events.length} head={headers.map((h) => <th key={h}>{h}</th>)}>
      {events.map((e) => (
        <tr key={e.id} data-testid="audit-event" className="align-top">
          <td className="whitespace-nowrap text-sm">
            <Time value={e.occurredAt} />
            <div className="font-mono text-xs text-slate-500">
              {e.chain} #{e.seq}
            </div>
          </td>
          <td className="font-mono text-xs">{e.action}</td>
          {e.withheld.includes("bidder") && !e.actor && !e.organisation ? (
            <td colSpan={2} className="text-sm italic text-amber-800">
              {t("audit.withheld.bidder")}
            </td>
          ) : (
            <>
              <td className="text-sm">{e.actor ? (e.actor.name ?? e.actor.id) : <span className="text-slate-500">{t("audit.system")}</span>}</td>
              <td className="text-sm">{e.organisation ? (e.organisation.name ?? e.organisation.id) : <span className="text-slate-500">—</span>}</td>
            </>
          )}
          <td className="text-sm">
            <Subject subject={e.subject} />
          </td>
          <td className="min-w-[14rem] max-w-md text-xs">
            <Details data={e.data} />
            {e.withheld.includes("sealed") ? <p className="mt-1 italic text-amber-800">{t("audit.withheld.sealed")}</p> : null}
          </td>
        </tr>
      ))}
    </TableCard>
  );
}

function Subject({ subject }: { subject: AuditEvent["subject"] }) {
  const { t } = useTranslation();
  if (!subject) return <span className="text-slate-500">—</span>;
  const type = t(`audit.subjects.${subject.type}`, { defaultValue: subject.type });
  const label = subject.title ?? (subject.id ? `${subject.id.slice(0, 8)}…` : "");
  const page = subject.id ? SUBJECT_PAGES[subject.type] : undefined;
  return (
    <>
      <div className="text-xs text-slate-500">{type}</div>
      {page && subject.id ? (
        <Link to={page(subject.id)} className="text-brand-700 hover:underline">
          {label}
        </Link>
      ) : (
        <span title={subject.id ?? undefined}>{label}</span>
      )}
    </>
  );
}

function Details({ data }: { data: Record<string, unknown> | null }) {
  const entries = Object.entries(data ?? {});
  if (entries.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="text-slate-500">{key}</dt>
          <dd className="font-mono [overflow-wrap:anywhere]">{typeof value === "string" ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
