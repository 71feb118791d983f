import type { ReactNode } from "react";

/** A list's card: its table when there are rows, else a sentence saying why it is empty and what to do. */
export function TableCard({ empty, emptyTestId, rows, head, children }: { empty: string; emptyTestId?: string; rows: number; head: ReactNode; children: ReactNode }) {
  return (
    <section className="card">
      {rows === 0 ? (
        <p className="text-sm text-slate-600" data-testid={emptyTestId}>
          {empty}
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="table">
            <thead>
              <tr>{head}</tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A titled part of a page listing things: heading and lead, anything before the list (a form, a total), then its TableCard. */
export function TableSection<T>({
  title,
  lead,
  empty,
  emptyTestId,
  headers,
  items,
  row,
  children,
}: {
  title: string;
  lead?: string;
  empty: string;
  emptyTestId?: string;
  headers: readonly (string | { label: string; right: true })[];
  items: readonly T[];
  row: (item: T) => ReactNode;
  children?: ReactNode;
}) {
  return (
    <section className="space-y-3">
      <div>
        <h2 className="text-lg font-semibold">{title}</h2>
        {lead ? <p className="mt-1 text-sm text-slate-600">{lead}</p> : null}
      </div>
      {children}
      <TableCard empty={empty} emptyTestId={emptyTestId} rows={items.length} head={headers.map((h) => (typeof h === "string" ? <th key={h}>{h}</th> : <th key={h.label} className="text-right">{h.label}</th>))}>
        {items.map(row)}
      </TableCard>
    </section>
  );
}
