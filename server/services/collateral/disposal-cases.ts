import { and, asc, eq, inArray } from "drizzle-orm";
import { disposalCaseAssets, disposalCases, ipAssets, listings, loans, valuations } from "../../../db/schema";
import { latestValuation } from "../../domain/collateral/alert-rules";
import { cutBps, nextStepOf, shareOfAppraisalBps } from "../../domain/listings/next-step";
import { fail, ok } from "../../domain/result";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { exposureOf } from "./facts";

/** A bank's disposal case: what it froze at default, the rights it sells, and its history of attempts. */
export class DisposalCaseService {
  constructor(private readonly deps: ServiceDeps) {}

  async get(principal: Principal, caseId: string) {
    const db = this.deps.db;
    const org = principal.organisation.id;
    const [row] = await db
      .select({ kase: disposalCases, loanReference: loans.reference })
      .from(disposalCases)
      .innerJoin(loans, eq(loans.id, disposalCases.loanId))
      .where(and(eq(disposalCases.id, caseId), eq(disposalCases.organisationId, org)));
    if (!row) return fail("NOT_FOUND");
    const { kase } = row;
    const rights = await db
      .select({ id: ipAssets.id, type: ipAssets.type, registryNumber: ipAssets.registryNumber, title: ipAssets.title, legalStatus: ipAssets.legalStatus })
      .from(disposalCaseAssets)
      .innerJoin(ipAssets, eq(ipAssets.id, disposalCaseAssets.assetId))
      .where(eq(disposalCaseAssets.caseId, caseId))
      .orderBy(asc(ipAssets.registryNumber));
    const ownValuations = rights.length
      ? await db.select({ assetId: valuations.assetId, amount: valuations.amount, valuedOn: valuations.valuedOn }).from(valuations).where(and(inArray(valuations.assetId, rights.map((r) => r.id)), eq(valuations.organisationId, org)))
      : [];
    // The appraisal a new attempt would rest on: the bank's latest valuation of each right, summed (none if one is missing).
    const latest = rights.map((r) => latestValuation({ valuations: ownValuations.filter((v) => v.assetId === r.id) })?.amount ?? null);
    const appraisal = latest.length > 0 && latest.every((v) => v !== null) ? latest.reduce<bigint>((sum, v) => sum + v!, 0n) : null;

    const rows = await db.select().from(listings).where(and(eq(listings.disposalCaseId, caseId), eq(listings.organisationId, org))).orderBy(asc(listings.createdAt));
    const priceOf = new Map(rows.map((l) => [l.id, l.price]));
    const attempts = rows.map((l) => {
      const previousStart = l.previousListingId ? (priceOf.get(l.previousListingId) ?? null) : null;
      return {
        id: l.id,
        attempt: l.attempt,
        title: l.title,
        mode: l.mode,
        preset: l.preset,
        status: l.status,
        price: l.price,
        currency: l.currency,
        appraisal: l.appraisal,
        ofAppraisalBps: shareOfAppraisalBps(l.price, l.appraisal),
        previousStart,
        cutBps: cutBps(l.price, previousStart),
        announceAt: l.announceAt,
        opensAt: l.opensAt,
        closesAt: l.closesAt,
        createdAt: l.createdAt,
      };
    });
    return ok({
      case: {
        id: kase.id,
        loanId: kase.loanId,
        loanReference: row.loanReference,
        status: kase.status,
        defaultedOn: kase.defaultedOn,
        openedAt: kase.openedAt,
        currency: kase.currency,
        principalAtDefault: kase.principalAtDefault,
        interestAtDefault: kase.interestAtDefault,
        penaltyAtDefault: kase.penaltyAtDefault,
        costsAtDefault: kase.costsAtDefault,
        // With a snapshot, today's balances are not consulted: the exposure is the one frozen at default.
        exposureAtDefault: exposureOf({ outstandingPrincipal: 0n, accruedInterest: 0n, penaltyInterest: 0n }, kase),
      },
      rights: rights.map((r, i) => ({ ...r, appraisal: latest[i] ?? null })),
      appraisal,
      attempts,
      nextStep: nextStepOf(rows, appraisal),
    });
  }
}
