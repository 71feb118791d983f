import { type Column, type SQL, sql } from "drizzle-orm";

/** `excluded."column"`: the value an upsert proposed, for ON CONFLICT ... DO UPDATE SET. */
export function excluded(column: Column): SQL {
  return sql.raw(`excluded."${column.name}"`);
}

/** `{ title: excluded."title", ... }` for the given columns of a table. */
export function takeExcluded<T extends Record<string, Column>>(columns: T): { [K in keyof T]: SQL } {
  return Object.fromEntries(Object.entries(columns).map(([key, column]) => [key, excluded(column)])) as { [K in keyof T]: SQL };
}
