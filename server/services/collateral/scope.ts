import { and, eq, exists, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { ipAssets, loans, pledgeAssets, pledges, riskShares, valuations } from "../../../db/schema";

/**
 * Who may see what in the collateral book. Every query about loans and assets goes through these
 * conditions, built from the caller's organisation (from the session), never from input.
 */
export function ownLoan(organisationId: string) {
  return eq(loans.organisationId, organisationId);
}

export function sharedLoan(organisationId: string) {
  return exists(
    sql`(select 1 from ${riskShares} where ${riskShares.loanId} = ${loans.id} and ${riskShares.organisationId} = ${organisationId})`,
  );
}

export function visibleLoan(organisationId: string) {
  return or(ownLoan(organisationId), sharedLoan(organisationId))!;
}

/** An asset is in a bank's book when it registered it, valued it, or holds a pledge over it. */
export function assetInBook(organisationId: string) {
  return or(
    eq(ipAssets.registeredBy, organisationId),
    exists(sql`(select 1 from ${valuations} where ${valuations.assetId} = ${ipAssets.id} and ${valuations.organisationId} = ${organisationId})`),
    exists(
      sql`(select 1 from ${pledgeAssets} join ${pledges} on ${pledges.id} = ${pledgeAssets.pledgeId} join ${loans} on ${loans.id} = ${pledges.loanId}
           where ${pledgeAssets.assetId} = ${ipAssets.id} and (${loans.organisationId} = ${organisationId}
             or exists (select 1 from ${riskShares} where ${riskShares.loanId} = ${loans.id} and ${riskShares.organisationId} = ${organisationId})))`,
    ),
  )!;
}

export async function findVisibleLoan(db: DbOrTx, organisationId: string, loanId: string) {
  const [row] = await db.select().from(loans).where(and(eq(loans.id, loanId), visibleLoan(organisationId)));
  return row ?? null;
}

export async function findOwnLoan(db: DbOrTx, organisationId: string, loanId: string, lock = false) {
  const query = db.select().from(loans).where(and(eq(loans.id, loanId), ownLoan(organisationId)));
  const [row] = lock ? await query.for("update") : await query;
  return row ?? null;
}

export async function findAssetInBook(db: DbOrTx, organisationId: string, assetId: string) {
  const [row] = await db.select().from(ipAssets).where(and(eq(ipAssets.id, assetId), assetInBook(organisationId)));
  return row ?? null;
}
