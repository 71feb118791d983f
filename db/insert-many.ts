import { getTableColumns, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { arrayParam } from "./array-param";
import type { DbOrTx } from "./client";

/**
 * Inserts many rows as one array parameter per column (`insert … select * from unnest($1::uuid[], …)`): the
 * statement's text is the same for any number of rows, so PostgreSQL plans it once, and building it costs a
 * few parameters instead of one per value (drizzle's `values()` checks every value: the hot path notices).
 * Every row must set the same columns; omitted ones take their defaults.
 */
export async function insertMany<T extends PgTable>(tx: DbOrTx, table: T, rows: ReadonlyArray<T["$inferInsert"]>): Promise<void> {
  if (rows.length === 0) return;
  const all = getTableColumns(table) as Record<string, PgColumn>;
  const keys = Object.keys(rows[0]!).filter((k) => all[k]);
  const names = sql.join(keys.map((k) => sql.identifier(all[k]!.name)), sql`, `);
  const arrays = keys.map((k) => {
    const column = all[k]!;
    const values = rows.map((row) => {
      const value = (row as Record<string, unknown>)[k];
      return value === null || value === undefined ? null : String(column.mapToDriverValue(value));
    });
    return arrayParam(values, column.getSQLType());
  });
  await tx.execute(sql`insert into ${table} (${names}) select * from unnest(${sql.join(arrays, sql`, `)})`);
}

