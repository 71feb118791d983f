import { z } from "zod";
import { type CatalogueQuery, CatalogueQuerySchema } from "../listings/catalogue-query";
import { TextLineSchema } from "./text";

/** Saved searches one person may keep: each is evaluated against every newly announced listing. */
export const SAVED_SEARCH_LIMIT = 25;

/** What a saved search keeps of a catalogue query: the text and the filters, never paging or sort. */
export function searchCriteria(query: CatalogueQuery): CatalogueQuery {
  const { page: _page, pageSize: _pageSize, sort: _sort, ...criteria } = query;
  return criteria;
}

/** A saved search as API v1 takes it: a name and the catalogue's own query (amounts in minor units). */
export const SavedSearchSchema = z.strictObject({
  name: TextLineSchema.trim().min(1, "required").max(80, "too_long"),
  query: CatalogueQuerySchema.transform(searchCriteria),
});
export type SavedSearchInput = z.output<typeof SavedSearchSchema>;
