import { and, eq, inArray, notInArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { disposalCases, ipAssets, loans, pledgeAssets, pledges, registryEvents, riskShares, valuations } from "../../../db/schema";
import type { MonitoredAsset, MonitoredLoan } from "../../domain/collateral/alert-rules";
import { chinaDate } from "../../domain/calendar-date";

export type LoanFacts = MonitoredLoan & {
  organisationId: string;
  reference: string;
  currency: string;
  /** Organisations on the exchange that share the loan's loss. */
  sharerIds: string[];
};

/** Exposure: the frozen snapshot once defaulted, else today's balances. */
export function exposureOf(
  loan: { outstandingPrincipal: bigint; accruedInterest: bigint; penaltyInterest: bigint },
  snapshot: { principalAtDefault: bigint; interestAtDefault: bigint; penaltyAtDefault: bigint; costsAtDefault: bigint } | null,
): bigint {
  if (snapshot) return snapshot.principalAtDefault + snapshot.interestAtDefault + snapshot.penaltyAtDefault + snapshot.costsAtDefault;
  return loan.outstandingPrincipal + loan.accruedInterest + loan.penaltyInterest;
}

/** Everything the monitor needs about these loans, in five queries whatever their number. */
export async function loadLoanFacts(db: DbOrTx, loanIds: readonly string[]): Promise<LoanFacts[]> {
  if (loanIds.length === 0) return [];
  const ids = [...loanIds];
  const loanRows = await db
    .select({ loan: loans, snapshot: disposalCases })
    .from(loans)
    .leftJoin(disposalCases, eq(disposalCases.loanId, loans.id))
    .where(inArray(loans.id, ids));
  const pledged = await db
    .select({ loanId: pledges.loanId, registeredAt: pledges.registeredAt, asset: ipAssets })
    .from(pledges)
    .innerJoin(pledgeAssets, eq(pledgeAssets.pledgeId, pledges.id))
    .innerJoin(ipAssets, eq(ipAssets.id, pledgeAssets.assetId))
    .where(and(inArray(pledges.loanId, ids), notInArray(pledges.status, ["cancelled", "realised"])));
  const assetIds = [...new Set(pledged.map((p) => p.asset.id))];
  const valuationRows = assetIds.length ? await db.select().from(valuations).where(inArray(valuations.assetId, assetIds)) : [];
  const eventRows = assetIds.length
    ? await db
        .select({ assetId: registryEvents.assetId, kind: registryEvents.kind, occurredOn: registryEvents.occurredOn, newStatus: registryEvents.newStatus, status: registryEvents.status, recordedBy: registryEvents.recordedBy })
        .from(registryEvents)
        .where(and(inArray(registryEvents.assetId, assetIds), inArray(registryEvents.status, ["confirmed", "reported"])))
    : [];
  const shareRows = await db.select({ loanId: riskShares.loanId, organisationId: riskShares.organisationId }).from(riskShares).where(inArray(riskShares.loanId, ids));

  return loanRows.map(({ loan, snapshot }) => {
    const assets: MonitoredAsset[] = pledged
      .filter((p) => p.loanId === loan.id)
      .map(({ asset, registeredAt }) => {
        // A bank sees the confirmed facts plus its own unconfirmed reports; another bank's report moves
        // nothing until an operator confirms it.
        const seen = (e: (typeof eventRows)[number]) => e.assetId === asset.id && (e.status === "confirmed" || e.recordedBy === loan.organisationId);
        const events = eventRows.filter(seen).sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : 1));
        const lifecycle = events.filter((e) => e.kind === "transfer" || e.kind === "preservation_order" || e.kind === "preservation_release");
        const preservation = lifecycle.filter((e) => e.kind !== "transfer").at(-1);
        const reportedStatus = events.filter((e) => e.status === "reported" && e.newStatus).at(-1)?.newStatus;
        return {
          id: asset.id,
          legalStatus: reportedStatus ?? asset.legalStatus,
          nextAnnuityDue: asset.nextAnnuityDue,
          expiresOn: asset.expiresOn,
          // The bank's own appraisals decide its coverage.
          valuations: valuationRows
            .filter((v) => v.assetId === asset.id && v.organisationId === loan.organisationId)
            .map((v) => ({ amount: v.amount, valuedOn: v.valuedOn })),
          preservationOrderActive: preservation?.kind === "preservation_order",
          lastTransferOn: lifecycle.filter((e) => e.kind === "transfer").at(-1)?.occurredOn ?? null,
          pledgedOn: chinaDate(registeredAt),
        };
      });
    return {
      id: loan.id,
      organisationId: loan.organisationId,
      reference: loan.reference,
      currency: loan.currency,
      exposure: exposureOf(loan, snapshot),
      assets,
      sharerIds: [...new Set(shareRows.filter((s) => s.loanId === loan.id && s.organisationId).map((s) => s.organisationId!))],
    };
  });
}
