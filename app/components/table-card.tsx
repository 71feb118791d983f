import type { ReactNode } from "react";

/** A list page's card: its table when there are rows, else a sentence saying why it is empty and what to do. */
export function TableCard({ empty, rows, head, children }: { empty: string; rows: number; head: ReactNode; children: ReactNode }) {
  return (
    <section className="card">
      {rows === 0 ? (
        <p className="text-sm text-slate-600">{empty}</p>
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
