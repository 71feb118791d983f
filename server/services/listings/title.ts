import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { disposalCases, ipAssets, loans, organisations, pledgeAssets, pledges } from "../../../db/schema";
import { type TitleBasis, type TitleFacts, type TitleOutcome, titleToDispose } from "../../domain/listings/title";
import { fail, ok } from "../../domain/result";

const IN_DEFAULT = new Set(["defaulted", "in_disposal"]);
const RELEASED = new Set(["realised", "cancelled"]);

/** The facts the title rule decides on, per right, as seen by one organisation. */
export async function loadTitleFacts(db: DbOrTx, organisationId: string, assetIds: readonly string[]): Promise<Map<string, TitleFacts>> {
  const ids = [...new Set(assetIds)];
  const out = new Map<string, TitleFacts>();
  if (ids.length === 0) return out;
  // Independent reads, sent together.
  const [[org], assets, pledgeRows] = await Promise.all([
    db.select({ name: organisations.name, creditCode: organisations.creditCode }).from(organisations).where(eq(organisations.id, organisationId)),
    db.select({ id: ipAssets.id, registeredBy: ipAssets.registeredBy, owners: ipAssets.owners }).from(ipAssets).where(inArray(ipAssets.id, ids)),
    db
      .select({
        assetId: pledgeAssets.assetId,
        pledgeId: pledges.id,
        registryPledgeNumber: pledges.registryPledgeNumber,
        pledgeStatus: pledges.status,
        loanId: loans.id,
        loanReference: loans.reference,
        loanOrg: loans.organisationId,
        loanStatus: loans.status,
        caseId: disposalCases.id,
        caseStatus: disposalCases.status,
      })
      .from(pledgeAssets)
      .innerJoin(pledges, eq(pledges.id, pledgeAssets.pledgeId))
      .innerJoin(loans, eq(loans.id, pledges.loanId))
      .leftJoin(disposalCases, eq(disposalCases.loanId, loans.id))
      .where(inArray(pledgeAssets.assetId, ids)),
  ]);
  const names = new Set([org?.name, org?.creditCode].filter((n): n is string => Boolean(n)).map((n) => n.trim()));
  for (const asset of assets) {
    out.set(asset.id, {
      registeredByCaller: asset.registeredBy === organisationId,
      callerNamedOwner: asset.owners.some((o) => names.has(o.trim())),
      pledges: pledgeRows
        .filter((p) => p.assetId === asset.id)
        .map((p) => ({
          pledgeId: p.pledgeId,
          registryPledgeNumber: p.registryPledgeNumber,
          own: p.loanOrg === organisationId,
          released: RELEASED.has(p.pledgeStatus),
          loanId: p.loanId,
          loanReference: p.loanReference,
          loanInDefault: IN_DEFAULT.has(p.loanStatus),
          openCaseId: p.caseId && p.caseStatus === "open" ? p.caseId : null,
        })),
    });
  }
  return out;
}

/**
 * The seller's title to every right of a listing: its basis per right, or the first refusal. A right
 * outside the seller's reach is NOT_FOUND, whatever else the seller knows about it.
 */
export async function checkTitle(db: DbOrTx, organisationId: string, assetIds: readonly string[]) {
  const facts = await loadTitleFacts(db, organisationId, assetIds);
  const bases: Array<{ assetId: string; basis: TitleBasis }> = [];
  for (const assetId of new Set(assetIds)) {
    const f = facts.get(assetId);
    if (!f) return fail("NOT_FOUND");
    const title = titleToDispose(f);
    if (!title.ok) return title.code === "NOT_FOUND" ? fail("NOT_FOUND") : fail("NO_TITLE_TO_DISPOSE", { assetId, reason: title.reason });
    bases.push({ assetId, basis: title.basis });
  }
  return ok({ bases });
}

/** The basis the seller has now for each right of a listing, or why it has none: for the operator's review. */
export async function titleBasesOf(db: DbOrTx, organisationId: string, assetIds: readonly string[]) {
  const facts = await loadTitleFacts(db, organisationId, assetIds);
  return [...new Set(assetIds)].map((assetId) => {
    const f = facts.get(assetId);
    const title: TitleOutcome = f ? titleToDispose(f) : { ok: false, code: "NOT_FOUND" };
    return { assetId, title };
  });
}
