import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { ipAssets, loans, organisations, parties, pledgeAssets, pledges, riskShares, riskSharingAgreements, valuations } from "../../../../db/schema";
import { lookup } from "./chunks";
import { type ParsedBook, assetKey } from "./types";

export type ExistingAsset = typeof ipAssets.$inferSelect;
export type ExistingLoan = typeof loans.$inferSelect;
export type ExistingPledge = typeof pledges.$inferSelect & { organisationId: string; assetIds: string[] };
export type ExistingValuation = typeof valuations.$inferSelect;
export type ExistingShareLine = { role: string; partyName: string; organisationId: string | null; shareBps: number };
export type ExistingAgreement = { mode: string; preset: string | null; lines: ExistingShareLine[] };

/** What the database already holds about everything an upload names, read inside the write transaction. */
export type BookState = {
  organisationId: string;
  assets: Map<string, ExistingAsset>;
  /** Ids of assets in this bank's book: registered by it, or pledged to one of its loans. */
  inBook: Set<string>;
  /** This bank's loans by reference, locked for the transaction. */
  loans: Map<string, ExistingLoan>;
  /** Pledges by registry number, whichever bank holds them. */
  pledges: Map<string, ExistingPledge>;
  parties: Map<string, { id: string; name: string }>;
  organisations: Map<string, string>;
  /** This bank's valuations by `assetId|appraiser|valuedOn`. */
  valuations: Map<string, ExistingValuation>;
  agreements: Map<string, ExistingAgreement>;
};

export const valuationKey = (assetId: string, appraiser: string, valuedOn: string) => `${assetId}|${appraiser}|${valuedOn}`;

export async function loadBookState(tx: DbOrTx, organisationId: string, book: ParsedBook): Promise<BookState> {
  const keys = new Set([...book.assets.map((a) => a.key), ...book.pledges.flatMap((p) => p.assets.map(assetKey)), ...book.valuations.map((v) => assetKey(v.asset))]);
  const assets = await loadAssets(tx, keys);
  const inBook = await assetsInBook(tx, organisationId, [...assets.values()].map((a) => a.id));

  const references = new Set([...book.loans.map((l) => l.reference), ...book.pledges.map((p) => p.loanReference), ...book.agreements.map((a) => a.loanReference)]);
  const loanRows = await lookup(references, (chunk) =>
    tx
      .select()
      .from(loans)
      .where(and(eq(loans.organisationId, organisationId), inArray(loans.reference, chunk)))
      .orderBy(loans.id)
      .for("update"),
  );

  const pledgeRows = await lookup(
    book.pledges.map((p) => p.number),
    (chunk) =>
      tx
        .select({ pledge: pledges, organisationId: loans.organisationId })
        .from(pledges)
        .innerJoin(loans, eq(loans.id, pledges.loanId))
        .where(inArray(pledges.registryPledgeNumber, chunk)),
  );
  const links = await lookup(
    pledgeRows.map((r) => r.pledge.id),
    (chunk) => tx.select().from(pledgeAssets).where(inArray(pledgeAssets.pledgeId, chunk)),
  );

  const codes = new Set([
    ...book.loans.map((l) => l.borrowerCreditCode),
    ...book.pledges.map((p) => p.pledgorCreditCode),
    ...book.agreements.flatMap((a) => a.lines.map((l) => l.organisationCreditCode).filter((c): c is string => c !== null)),
  ]);
  const partyRows = await lookup(codes, (chunk) => tx.select({ id: parties.id, creditCode: parties.creditCode, name: parties.name }).from(parties).where(inArray(parties.creditCode, chunk)));
  const orgRows = await lookup(codes, (chunk) =>
    tx.select({ id: organisations.id, creditCode: organisations.creditCode }).from(organisations).where(inArray(organisations.creditCode, chunk)),
  );

  const valuationRows = await lookup(
    [...assets.values()].map((a) => a.id),
    (chunk) => tx.select().from(valuations).where(and(eq(valuations.organisationId, organisationId), inArray(valuations.assetId, chunk))),
  );

  const agreementLoanIds = book.agreements.map((a) => loanRows.find((l) => l.reference === a.loanReference)?.id).filter((id): id is string => Boolean(id));
  const agreementRows = await lookup(agreementLoanIds, (chunk) => tx.select().from(riskSharingAgreements).where(inArray(riskSharingAgreements.loanId, chunk)));
  const shareRows = await lookup(agreementLoanIds, (chunk) => tx.select().from(riskShares).where(inArray(riskShares.loanId, chunk)));

  return {
    organisationId,
    assets,
    inBook,
    loans: new Map(loanRows.map((l) => [l.reference, l])),
    pledges: new Map(
      pledgeRows.map(({ pledge, organisationId: owner }) => [
        pledge.registryPledgeNumber,
        { ...pledge, organisationId: owner, assetIds: links.filter((l) => l.pledgeId === pledge.id).map((l) => l.assetId) },
      ]),
    ),
    parties: new Map(partyRows.map((p) => [p.creditCode, { id: p.id, name: p.name }])),
    organisations: new Map(orgRows.filter((o) => o.creditCode !== null).map((o) => [o.creditCode!, o.id])),
    valuations: new Map(valuationRows.map((v) => [valuationKey(v.assetId, v.appraiser, v.valuedOn), v])),
    agreements: new Map(
      agreementRows.map((a) => [
        a.loanId,
        {
          mode: a.mode,
          preset: a.preset,
          lines: shareRows.filter((s) => s.loanId === a.loanId).map((s) => ({ role: s.role, partyName: s.partyName, organisationId: s.organisationId, shareBps: s.shareBps })),
        },
      ]),
    ),
  };
}

/** Assets by `type|number` (jurisdiction CN, the only one files name). */
export async function loadAssets(tx: DbOrTx, keys: Iterable<string>): Promise<Map<string, ExistingAsset>> {
  const wanted = new Set(keys);
  const numbers = [...wanted].map((k) => k.slice(k.indexOf("|") + 1));
  const rows = await lookup(numbers, (chunk) => tx.select().from(ipAssets).where(and(eq(ipAssets.jurisdiction, "CN"), inArray(ipAssets.registryNumber, chunk))));
  return new Map(rows.map((a) => [assetKey(a), a] as const).filter(([key]) => wanted.has(key)));
}

/** Which of these assets the bank may name: it registered them, or they are pledged to one of its loans. */
export async function assetsInBook(tx: DbOrTx, organisationId: string, assetIds: readonly string[]): Promise<Set<string>> {
  const rows = await lookup(assetIds, (chunk) =>
    tx
      .select({ id: ipAssets.id })
      .from(ipAssets)
      .where(
        and(
          inArray(ipAssets.id, chunk),
          sql`(${ipAssets.registeredBy} = ${organisationId} or exists (
            select 1 from ${pledgeAssets} join ${pledges} on ${pledges.id} = ${pledgeAssets.pledgeId} join ${loans} on ${loans.id} = ${pledges.loanId}
            where ${pledgeAssets.assetId} = ${ipAssets.id} and ${loans.organisationId} = ${organisationId}))`,
        ),
      ),
  );
  return new Set(rows.map((r) => r.id));
}
