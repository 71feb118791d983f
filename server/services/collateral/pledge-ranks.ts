import { asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { loans, parties, pledgeAssets, pledges } from "../../../db/schema";

/** Pledges the registry counts as released: they no longer encumber the right. */
export const RELEASED_PLEDGE_STATUSES: readonly string[] = ["cancelled", "realised"];

/**
 * Every pledge over these rights with its rank: registration order per right, the registry's order.
 * Released pledges keep their place in the count, so a rank never changes once shown.
 */
export async function rankedPledges(db: DbOrTx, assetIds: readonly string[]) {
  if (assetIds.length === 0) return [];
  const rows = await db
    .select({ assetId: pledgeAssets.assetId, pledge: pledges, loanOrg: loans.organisationId, loanId: loans.id, loanReference: loans.reference, pledgor: parties.name })
    .from(pledgeAssets)
    .innerJoin(pledges, eq(pledges.id, pledgeAssets.pledgeId))
    .innerJoin(loans, eq(loans.id, pledges.loanId))
    .innerJoin(parties, eq(parties.id, pledges.pledgorId))
    .where(inArray(pledgeAssets.assetId, [...assetIds]))
    .orderBy(asc(pledges.registeredAt));
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const rank = (seen.get(row.assetId) ?? 0) + 1;
    seen.set(row.assetId, rank);
    return { ...row, rank };
  });
}

/** A pledge as a viewer may see it: another bank's pledge shows only what the registry publishes (number, date, rank), never its loan. */
export function pledgeSeenBy(row: Awaited<ReturnType<typeof rankedPledges>>[number], viewerOrganisationId: string | null) {
  const mine = viewerOrganisationId !== null && row.loanOrg === viewerOrganisationId;
  return {
    rank: row.rank,
    registryPledgeNumber: row.pledge.registryPledgeNumber,
    registeredAt: row.pledge.registeredAt,
    status: row.pledge.status,
    mine,
    loanId: mine ? row.loanId : null,
    loanReference: mine ? row.loanReference : null,
    securedAmount: mine ? row.pledge.securedAmount : null,
    currency: row.pledge.currency,
    pledgor: row.pledgor,
  };
}
