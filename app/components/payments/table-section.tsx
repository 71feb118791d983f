/** A section of the payments pages: its heading and lead, then its table — or, with nothing to list, its empty state. */
export function TableSection<T>({ title, lead, empty, emptyTestId, headers, items, row, children }: { title: string; lead?: string; empty: string; emptyTestId?: string; headers: readonly string[]; items: readonly T[]; row: (item: T) => React.ReactNode; children?: React.ReactNode }) {
  return (
    <section className="space-y-3">
      <div>
        <h2 className="text-lg font-semibold">{title}</h2>
        {lead ? <p className="mt-1 text-sm text-slate-600">{lead}</p> : null}
      </div>
      {children}
      {items.length === 0 ? (
        <div className="card text-center text-slate-600" data-testid={emptyTestId}>
          {empty}
        </div>
      ) : (
        <div className="card overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                {headers.map((h) => (
                  <th key={h}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>{items.map(row)}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
