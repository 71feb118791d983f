/** Rows per statement: well under PostgreSQL's 65,535 parameters for the widest table written here. */
export const WRITE_CHUNK = 1_000;
/** Keys per `in (...)` lookup. */
export const LOOKUP_CHUNK = 5_000;

export function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs a lookup over keys in chunks and concatenates the rows; no query at all for no keys. */
export async function lookup<K, R>(keys: Iterable<K>, query: (chunk: K[]) => Promise<R[]>): Promise<R[]> {
  const unique = [...new Set(keys)];
  const out: R[] = [];
  for (const chunk of chunked(unique, LOOKUP_CHUNK)) out.push(...(await query(chunk)));
  return out;
}
