import { type Column, Param, type SQL, sql } from "drizzle-orm";

/**
 * `column = any($1)` with the list as one array parameter: the statement's text is the same whatever the
 * list's length, so PostgreSQL prepares and plans it once (an `in (...)` list is a new statement per length).
 */
export function anyOf(column: Column, values: readonly string[]): SQL {
  return sql`${column} = any(${new Param([...values])})`;
}
