import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { disposalCases, licenceAgreements, listingAssets, organisations, registryEvents } from "../../../db/schema";
import type { LicenceKind } from "../../domain/listings/vocabulary";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { RELEASED_PLEDGE_STATUSES, pledgeSeenBy, rankedPledges } from "../collateral/pledge-ranks";

const noteOf = (details: unknown) => (details && typeof details === "object" && typeof (details as { note?: unknown }).note === "string" ? (details as { note: string }).note : null);
const textOf = (terms: Record<string, unknown>, key: string) => (typeof terms[key] === "string" ? (terms[key] as string) : null);

/**
 * What burdens each right of a listing, for whoever may read the listing: licences already granted (on other
 * listings of the right, or recorded at the registry), pledges not released, and preservation orders not
 * lifted. The caller has already checked that the listing is visible to the viewer.
 */
export class EncumbranceService {
  constructor(private readonly deps: ServiceDeps) {}

  async forListing(viewer: Principal | null, listing: { id: string; disposalCaseId: string | null }) {
    const db = this.deps.db;
    const assetIds = (await db.select({ id: listingAssets.assetId }).from(listingAssets).where(eq(listingAssets.listingId, listing.id))).map((a) => a.id);
    if (assetIds.length === 0) return [];
    const agreements = await db
      .select({ assetId: listingAssets.assetId, agreement: licenceAgreements, licensee: organisations.name })
      .from(licenceAgreements)
      .innerJoin(listingAssets, eq(listingAssets.listingId, licenceAgreements.listingId))
      .innerJoin(organisations, eq(organisations.id, licenceAgreements.licenseeOrganisationId))
      .where(and(inArray(listingAssets.assetId, assetIds), ne(licenceAgreements.listingId, listing.id)))
      .orderBy(asc(licenceAgreements.createdAt));
    const events = await db
      .select()
      .from(registryEvents)
      .where(and(inArray(registryEvents.assetId, assetIds), eq(registryEvents.status, "confirmed"), inArray(registryEvents.kind, ["licence_recordal", "preservation_order", "preservation_release"])))
      .orderBy(asc(registryEvents.occurredOn), asc(registryEvents.createdAt));
    const pledges = (await rankedPledges(db, assetIds)).filter((p) => !RELEASED_PLEDGE_STATUSES.includes(p.pledge.status));
    // The pledges of the loan whose disposal case this listing sells are released by the sale itself.
    const [kase] = listing.disposalCaseId ? await db.select({ loanId: disposalCases.loanId }).from(disposalCases).where(eq(disposalCases.id, listing.disposalCaseId)) : [];
    const viewerOrg = viewer?.organisation.id ?? null;

    return assetIds.map((assetId) => {
      const own = events.filter((e) => e.assetId === assetId);
      const lastRelease = own.filter((e) => e.kind === "preservation_release").at(-1)?.occurredOn ?? null;
      return {
        assetId,
        licences: agreements
          .filter((a) => a.assetId === assetId)
          .map(({ agreement, licensee }) => {
            const terms = agreement.terms as Record<string, unknown>;
            return {
              kind: agreement.kind as LicenceKind,
              fieldOfUse: textOf(terms, "fieldOfUse"),
              territory: textOf(terms, "territory"),
              termMonths: typeof terms.termMonths === "number" ? terms.termMonths : null,
              licensee,
              since: agreement.createdAt,
            };
          }),
        recordals: own.filter((e) => e.kind === "licence_recordal").map((e) => ({ on: e.occurredOn, note: noteOf(e.details) })),
        pledges: pledges
          .filter((p) => p.assetId === assetId)
          .map((p) => ({ ...pledgeSeenBy(p, viewerOrg), releasedBySale: kase !== undefined && p.loanId === kase.loanId })),
        // An order stands until a release recorded on or after its date.
        preservationOrders: own
          .filter((e) => e.kind === "preservation_order" && (lastRelease === null || e.occurredOn > lastRelease))
          .map((e) => ({ on: e.occurredOn, source: e.source, note: noteOf(e.details) })),
      };
    });
  }
}
