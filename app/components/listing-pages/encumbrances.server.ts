import type { AppLoadContext } from "@remix-run/node";
import { chinaDate } from "../../../server/domain/calendar-date";
import { jsonSafe } from "../../../server/domain/money";
import type { Principal } from "../../../server/services/auth/principal";

/** Encumbrances of a visible listing for the page: registry days as calendar dates, money as numbers. */
export async function loadEncumbrances(context: AppLoadContext, viewer: Principal | null, listing: { id: string; disposalCaseId: string | null }) {
  const rights = await context.services.encumbrances.forListing(viewer, listing);
  return jsonSafe(
    rights.map((r) => ({
      assetId: r.assetId,
      licences: r.licences.map(({ since, ...l }) => ({ ...l, since: chinaDate(since) })),
      recordals: r.recordals,
      pledges: r.pledges.map((p) => ({ rank: p.rank, number: p.registryPledgeNumber, registeredOn: chinaDate(p.registeredAt), mine: p.mine, loanReference: p.loanReference, securedAmount: p.securedAmount, currency: p.currency, releasedBySale: p.releasedBySale })),
      preservationOrders: r.preservationOrders,
    })),
  );
}

export type EncumbrancesView = Awaited<ReturnType<typeof loadEncumbrances>>;
