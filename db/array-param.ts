import { type Column, Param, type SQL, sql } from "drizzle-orm";

/**
 * A list as one parameter: a PostgreSQL array literal sent as text and cast to `type[]`. No driver has to
 * guess an element type (an all-null list defeats that), and the statement's text is the same whatever the
 * list's length, so PostgreSQL prepares and plans it once.
 */
export function arrayParam(values: ReadonlyArray<string | null>, type: string): SQL {
  const elements = values.map((v) => (v === null ? "NULL" : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`));
  return sql`${new Param(`{${elements.join(",")}}`)}::${sql.raw(type)}[]`;
}

/** `column = any($1)`: an `in (...)` list would be a new statement for every length. */
export function anyOf(column: Column, values: readonly string[]): SQL {
  return sql`${column} = any(${arrayParam(values, column.getSQLType())})`;
}
