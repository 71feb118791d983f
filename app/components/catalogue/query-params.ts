import { type CatalogueQuery, CatalogueQuerySchema } from "../../../server/domain/listings/catalogue-query";
import { formatMajor, parseMajor } from "../../../server/domain/money";

/**
 * The catalogue page's own query string: the API's names, except prices in yuan (`min`, `max`) and
 * `ending` in hours. Anything unreadable is dropped rather than refused: a shared link still shows a
 * catalogue.
 */
export function catalogueQueryOf(params: URLSearchParams, pageSize?: number): { query: CatalogueQuery; priceInvalid: boolean } {
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const yuan = (name: string) => {
    const raw = text(name);
    return raw === undefined ? { value: undefined, invalid: false } : { value: parseMajor(raw, "CNY") ?? undefined, invalid: parseMajor(raw, "CNY") === null };
  };
  const min = yuan("min");
  const max = yuan("max");
  const raw: Record<string, unknown> = {
    q: text("q"),
    assetTypes: params.getAll("assetTypes"),
    modes: params.getAll("modes"),
    statuses: params.getAll("statuses"),
    classes: text("classes"),
    region: text("region"),
    priceMin: min.value === undefined ? undefined : String(min.value),
    priceMax: max.value === undefined ? undefined : String(max.value),
    endingWithinHours: text("ending"),
    sort: text("sort"),
    page: text("page"),
    pageSize: pageSize === undefined ? undefined : String(pageSize),
  };
  for (const [key, value] of Object.entries(raw)) if (value === undefined || (Array.isArray(value) && value.length === 0)) delete raw[key];
  let parsed = CatalogueQuerySchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) delete raw[String(issue.path[0])];
    parsed = CatalogueQuerySchema.safeParse(raw);
  }
  return { query: parsed.success ? parsed.data : pageSize === undefined ? {} : { pageSize }, priceInvalid: min.invalid || max.invalid };
}

/** The page's query string for a catalogue query (the inverse of catalogueQueryOf), e.g. to open a saved search. */
export function catalogueParamsOf(query: CatalogueQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  for (const name of ["assetTypes", "modes", "statuses"] as const) for (const value of query[name] ?? []) params.append(name, value);
  if (query.region) params.set("region", query.region);
  if (query.endingWithinHours !== undefined) params.set("ending", String(query.endingWithinHours));
  if (query.priceMin !== undefined) params.set("min", formatMajor(BigInt(query.priceMin), "CNY"));
  if (query.priceMax !== undefined) params.set("max", formatMajor(BigInt(query.priceMax), "CNY"));
  if (query.classes?.length) params.set("classes", query.classes.join(", "));
  return params;
}
