import type { TFunction } from "i18next";
import type { CatalogueQuery } from "../../../server/domain/listings/catalogue-query";

/** A saved search's filters in a line of words: “电池” · Patents · Licence · CN-GD · ¥100,000 – ¥5,000,000. */
export function summariseSearch(t: TFunction, query: CatalogueQuery, money: (minor: number, currency: string) => string): string {
  const currency = query.currency ?? "CNY";
  const parts: string[] = [];
  if (query.q) parts.push(t("following.summary.text", { q: query.q }));
  if (query.assetTypes?.length) parts.push(query.assetTypes.map((v) => t(`catalogue.assetType.${v}`)).join(", "));
  if (query.modes?.length) parts.push(query.modes.map((v) => t(`catalogue.mode.${v}`)).join(", "));
  if (query.statuses?.length) parts.push(query.statuses.map((v) => t(`catalogue.status.${v}`)).join(", "));
  if (query.region) parts.push(t(`catalogue.region.${query.region}`, { defaultValue: query.region }));
  if (query.priceMin !== undefined && query.priceMax !== undefined) parts.push(t("following.summary.price", { from: money(query.priceMin, currency), to: money(query.priceMax, currency) }));
  else if (query.priceMin !== undefined) parts.push(t("following.summary.priceFrom", { from: money(query.priceMin, currency) }));
  else if (query.priceMax !== undefined) parts.push(t("following.summary.priceTo", { to: money(query.priceMax, currency) }));
  if (query.endingWithinHours !== undefined) parts.push(t("following.summary.ending", { hours: query.endingWithinHours }));
  if (query.classes?.length) parts.push(t("following.summary.classes", { classes: query.classes.join(", ") }));
  return parts.length > 0 ? parts.join(" · ") : t("following.summary.everything");
}
