import { inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { ipAssets, loans, parties, pledgeAssets, pledges, riskShares, riskSharingAgreements, valuations } from "../../../../db/schema";
import { tellWatchersOfAssets } from "../../listings/watchers";
import { refreshListingsOfAssets } from "../../listings/search-index";
import type { BookPlan } from "./book-plan";
import { type BookState, loadAssets } from "./book-state";
import { WRITE_CHUNK, chunked, lookup } from "./chunks";
import { assetKey } from "./types";
import { takeExcluded } from "./upsert";

export type Touched = { loanIds: Set<string>; assetIds: Set<string> };

/**
 * Carries out a plan inside the caller's transaction: multi-row upserts, a statement per chunk of a
 * thousand rows and per table, never a statement per row.
 */
export async function writeBook(tx: DbOrTx, state: BookState, plan: BookPlan, now: Date): Promise<Touched> {
  const org = state.organisationId;
  const touched: Touched = { loanIds: new Set(), assetIds: new Set() };

  const partyIds = new Map([...state.parties].map(([code, p]) => [code, p.id]));
  for (const chunk of chunked(plan.parties, WRITE_CHUNK)) {
    const rows = await tx.insert(parties).values(chunk).onConflictDoNothing().returning({ id: parties.id, creditCode: parties.creditCode });
    for (const r of rows) partyIds.set(r.creditCode, r.id);
  }
  // A party another import created meanwhile: read it back.
  const lateParties = plan.parties.map((p) => p.creditCode).filter((code) => !partyIds.has(code));
  for (const r of await lookup(lateParties, (chunk) => tx.select({ id: parties.id, creditCode: parties.creditCode }).from(parties).where(inArray(parties.creditCode, chunk)))) {
    partyIds.set(r.creditCode, r.id);
  }
  const party = (code: string) => must(partyIds.get(code), `party ${code}`);

  const assetIds = new Map([...state.assets].map(([key, a]) => [key, a.id]));
  // The plan holds only new rights and rights whose facts changed: listings holding the latter are re-indexed and their watchers told.
  const rewritten: string[] = [];
  for (const chunk of chunked(plan.assets, WRITE_CHUNK)) {
    const rows = await tx
      .insert(ipAssets)
      .values(chunk.map((a) => ({ ...a, jurisdiction: "CN", registeredBy: org })))
      .onConflictDoUpdate({
        target: [ipAssets.type, ipAssets.jurisdiction, ipAssets.registryNumber],
        set: takeExcluded({
          title: ipAssets.title,
          owners: ipAssets.owners,
          classes: ipAssets.classes,
          filedOn: ipAssets.filedOn,
          grantedOn: ipAssets.grantedOn,
          expiresOn: ipAssets.expiresOn,
          legalStatus: ipAssets.legalStatus,
          nextAnnuityDue: ipAssets.nextAnnuityDue,
          description: ipAssets.description,
        }),
        // Facts belong to the bank that registered the right.
        setWhere: sql`${ipAssets.registeredBy} = ${org}`,
      })
      .returning({ id: ipAssets.id, type: ipAssets.type, registryNumber: ipAssets.registryNumber });
    for (const r of rows) {
      assetIds.set(assetKey(r), r.id);
      touched.assetIds.add(r.id);
      rewritten.push(r.id);
    }
  }
  await refreshListingsOfAssets(tx, rewritten);
  await tellWatchersOfAssets(tx, rewritten, now);
  const neededAssets = [...plan.pledges.flatMap((p) => p.assetKeys), ...plan.valuations.map((v) => v.assetKey), ...plan.assets.map(assetKey)];
  const lateAssets = neededAssets.filter((key) => !assetIds.has(key));
  if (lateAssets.length > 0) for (const [key, a] of await loadAssets(tx, lateAssets)) assetIds.set(key, a.id);
  const asset = (key: string) => must(assetIds.get(key), `asset ${key}`);

  const loanIds = new Map([...state.loans].map(([reference, l]) => [reference, l.id]));
  for (const chunk of chunked(plan.loans, WRITE_CHUNK)) {
    const rows = await tx
      .insert(loans)
      .values(chunk.map(({ borrowerCreditCode, ...l }) => ({ ...l, organisationId: org, borrowerId: party(borrowerCreditCode) })))
      .onConflictDoUpdate({
        target: [loans.organisationId, loans.reference],
        set: takeExcluded({
          borrowerId: loans.borrowerId,
          currency: loans.currency,
          principal: loans.principal,
          rateBps: loans.rateBps,
          disbursedOn: loans.disbursedOn,
          maturesOn: loans.maturesOn,
          status: loans.status,
          outstandingPrincipal: loans.outstandingPrincipal,
          accruedInterest: loans.accruedInterest,
          penaltyInterest: loans.penaltyInterest,
        }),
      })
      .returning({ id: loans.id, reference: loans.reference });
    for (const r of rows) {
      loanIds.set(r.reference, r.id);
      touched.loanIds.add(r.id);
    }
  }
  const loan = (reference: string) => must(loanIds.get(reference), `loan ${reference}`);

  const pledgeIds = new Map<string, string>();
  for (const chunk of chunked(plan.pledges, WRITE_CHUNK)) {
    const rows = await tx
      .insert(pledges)
      .values(
        chunk.map((p) => ({
          loanId: loan(p.loanReference),
          registryPledgeNumber: p.number,
          registeredAt: p.registeredAt,
          pledgorId: party(p.pledgorCreditCode),
          securedAmount: p.securedAmount,
          currency: p.currency,
          scope: p.scope,
        })),
      )
      .onConflictDoUpdate({
        target: pledges.registryPledgeNumber,
        set: takeExcluded({
          loanId: pledges.loanId,
          registeredAt: pledges.registeredAt,
          pledgorId: pledges.pledgorId,
          securedAmount: pledges.securedAmount,
          currency: pledges.currency,
          scope: pledges.scope,
        }),
        setWhere: sql`${pledges.loanId} in (select ${loans.id} from ${loans} where ${loans.organisationId} = ${org})`,
      })
      .returning({ id: pledges.id, number: pledges.registryPledgeNumber, loanId: pledges.loanId });
    // A number another bank registered after we looked: the transaction must not go on.
    if (rows.length !== chunk.length) throw new Error("a pledge number of this import was taken by another bank meanwhile");
    for (const r of rows) {
      pledgeIds.set(r.number, r.id);
      touched.loanIds.add(r.loanId);
    }
  }
  const relinked = plan.pledges.filter((p) => p.relink).map((p) => must(pledgeIds.get(p.number), `pledge ${p.number}`));
  for (const chunk of chunked(relinked, WRITE_CHUNK)) await tx.delete(pledgeAssets).where(inArray(pledgeAssets.pledgeId, chunk));
  const links = plan.pledges.flatMap((p) => p.assetKeys.map((key) => ({ pledgeId: must(pledgeIds.get(p.number), `pledge ${p.number}`), assetId: asset(key) })));
  for (const chunk of chunked(links, WRITE_CHUNK * 5)) {
    await tx.insert(pledgeAssets).values(chunk).onConflictDoNothing();
    for (const l of chunk) touched.assetIds.add(l.assetId);
  }

  for (const chunk of chunked(plan.valuations, WRITE_CHUNK)) {
    const rows = chunk.map(({ assetKey: key, ...v }) => ({ ...v, assetId: asset(key), organisationId: org }));
    await tx
      .insert(valuations)
      .values(rows)
      .onConflictDoUpdate({
        target: [valuations.organisationId, valuations.assetId, valuations.appraiser, valuations.valuedOn],
        set: takeExcluded({ method: valuations.method, amount: valuations.amount, currency: valuations.currency }),
      });
    for (const r of rows) touched.assetIds.add(r.assetId);
  }

  for (const chunk of chunked(plan.agreements, WRITE_CHUNK)) {
    const ids = chunk.map((a) => loan(a.loanReference));
    await tx
      .insert(riskSharingAgreements)
      .values(chunk.map((a, i) => ({ loanId: ids[i]!, mode: a.mode, preset: a.preset, updatedAt: now })))
      .onConflictDoUpdate({ target: riskSharingAgreements.loanId, set: takeExcluded({ mode: riskSharingAgreements.mode, preset: riskSharingAgreements.preset, updatedAt: riskSharingAgreements.updatedAt }) });
    await tx.delete(riskShares).where(inArray(riskShares.loanId, ids));
    await tx.insert(riskShares).values(chunk.flatMap((a, i) => a.lines.map((l) => ({ ...l, loanId: ids[i]! }))));
    for (const id of ids) touched.loanIds.add(id);
  }
  return touched;
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`import write: ${what} was not resolved`);
  return value;
}
