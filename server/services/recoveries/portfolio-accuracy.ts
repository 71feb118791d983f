import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { listingAssets, listings, settlements, valuations } from "../../../db/schema";
import { chinaDate } from "../../domain/calendar-date";
import { ratioBps } from "../../domain/money";
import type { PortfolioScope } from "./portfolio";

/**
 * How each appraiser's valuations compared with realised prices: for every sale the bank made that was paid (every
 * bank's, for the platform), and every appraiser in the selling bank's book that valued all of the lot's rights, the
 * realised price ÷ the sum of that appraiser's latest appraisal of each right on or before the award date (China time).
 * An appraiser that valued only some of a bundle's rights is left out of that sale: a part of a bundle has no price of
 * its own. Across banks, a sale is compared only with its seller's valuations: another bank's appraisal of the same
 * right was not what that sale was priced against.
 */
export async function valuationAccuracy(db: DbOrTx, scope: PortfolioScope) {
  const sold = and(eq(settlements.source, "sale"), inArray(settlements.status, ["paid", "completed"]));
  const sales = await db
    .select({ id: settlements.id, listingId: settlements.listingId, seller: settlements.sellerOrganisationId, title: listings.title, currency: settlements.currency, price: settlements.price, awardedAt: settlements.createdAt })
    .from(settlements)
    .innerJoin(listings, eq(listings.id, settlements.listingId))
    .where(scope === "all" ? sold : and(eq(settlements.sellerOrganisationId, scope.organisationId), sold))
    .orderBy(asc(settlements.createdAt));
  if (sales.length === 0) return { sales: [], appraisers: [] };
  const [rights, appraisals] = await Promise.all([
    db.select().from(listingAssets).where(inArray(listingAssets.listingId, sales.map((s) => s.listingId))),
    db
      .select({ organisationId: valuations.organisationId, assetId: valuations.assetId, appraiser: valuations.appraiser, amount: valuations.amount, currency: valuations.currency, valuedOn: valuations.valuedOn })
      .from(valuations)
      .innerJoin(listingAssets, eq(listingAssets.assetId, valuations.assetId))
      .where(and(inArray(listingAssets.listingId, sales.map((s) => s.listingId)), scope === "all" ? undefined : eq(valuations.organisationId, scope.organisationId)))
      .orderBy(desc(valuations.valuedOn)),
  ]);
  const rows = sales.flatMap((sale) => {
    const soldOn = chinaDate(sale.awardedAt);
    const assets = rights.filter((r) => r.listingId === sale.listingId).map((r) => r.assetId);
    const before = appraisals.filter((a) => a.organisationId === sale.seller && assets.includes(a.assetId) && a.valuedOn <= soldOn && a.currency === sale.currency);
    return [...new Set(before.map((a) => a.appraiser))].sort().flatMap((appraiser) => {
      const latest = assets.map((asset) => before.find((a) => a.appraiser === appraiser && a.assetId === asset));
      if (assets.length === 0 || latest.some((a) => !a)) return [];
      const appraisal = latest.reduce((sum, a) => sum + a!.amount, 0n);
      return [{ settlementId: sale.id, title: sale.title, soldOn, currency: sale.currency, price: sale.price, appraiser, appraisal, appraisedOn: latest.map((a) => a!.valuedOn).sort()[0]!, ratioBps: ratioBps(sale.price, appraisal)! }];
    });
  });
  const appraisers = [...new Set(rows.map((r) => r.appraiser))].sort().map((appraiser) => {
    const own = rows.filter((r) => r.appraiser === appraiser);
    return { appraiser, sales: own.length, averageRatioBps: Math.round(own.reduce((sum, r) => sum + r.ratioBps, 0) / own.length) };
  });
  return { sales: rows, appraisers };
}
