import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import {
  alerts,
  disposalCaseAssets,
  disposalCases,
  ipAssets,
  loans,
  parties,
  pledgeAssets,
  pledges,
  registryEvents,
  riskShares,
  riskSharingAgreements,
  valuations,
} from "../../../db/schema";
import { coverageOf, latestValuation } from "../../domain/collateral/alert-rules";
import { fail, ok } from "../../domain/result";
import type { DeclareDefaultInput, LoanInput, RiskSharingInput } from "../../domain/schemas/collateral";
import { appendAudit } from "../audit";
import type { Principal } from "../auth/principal";
import { isUniqueViolation, type ServiceDeps } from "../context";
import { notifyOrganisations } from "../notifier";
import { loadLoanFacts } from "./facts";
import type { MonitorService } from "./monitor";
import { findOwnLoan, findVisibleLoan, ownLoan, sharedLoan } from "./scope";

/** Parties are legal persons keyed by credit code; the first name recorded stays. */
export async function upsertParty(tx: DbOrTx, creditCode: string, name: string): Promise<string> {
  await tx.insert(parties).values({ creditCode, name }).onConflictDoNothing();
  const [row] = await tx.select({ id: parties.id }).from(parties).where(eq(parties.creditCode, creditCode));
  return row!.id;
}

/** Loans: the bank's book, risk sharing, the portfolio, and declaring default. */
export class LoanService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly monitor: MonitorService,
  ) {}

  async create(principal: Principal, input: LoanInput) {
    const now = this.deps.now();
    try {
      const id = await this.deps.db.transaction(async (tx) => {
        const borrowerId = await upsertParty(tx, input.borrowerCreditCode, input.borrowerName);
        const [loan] = await tx
          .insert(loans)
          .values({
            organisationId: principal.organisation.id,
            reference: input.reference,
            borrowerId,
            currency: input.currency,
            principal: input.principal,
            rateBps: input.rateBps,
            disbursedOn: input.disbursedOn,
            maturesOn: input.maturesOn,
            status: input.status,
            outstandingPrincipal: input.outstandingPrincipal,
            accruedInterest: input.accruedInterest ?? 0n,
            penaltyInterest: input.penaltyInterest ?? 0n,
          })
          .returning({ id: loans.id });
        await appendAudit(tx, { action: "loan.created", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "loan", subjectId: loan!.id, data: { reference: input.reference } }, now);
        return loan!.id;
      });
      return ok({ id });
    } catch (error) {
      if (isUniqueViolation(error, "loans_reference_key")) return fail("REFERENCE_TAKEN");
      throw error;
    }
  }

  /** Replaces the loan's risk-sharing agreement; shares were validated to sum to 100%. */
  async setRiskSharing(principal: Principal, loanId: string, input: RiskSharingInput) {
    const now = this.deps.now();
    const result = await this.deps.db.transaction(async (tx) => {
      const loan = await findOwnLoan(tx, principal.organisation.id, loanId, true);
      if (!loan) return fail("NOT_FOUND");
      await tx.delete(riskShares).where(eq(riskShares.loanId, loanId));
      await tx
        .insert(riskSharingAgreements)
        .values({ loanId, mode: input.mode, preset: input.preset ?? null, updatedAt: now })
        .onConflictDoUpdate({ target: riskSharingAgreements.loanId, set: { mode: input.mode, preset: input.preset ?? null, updatedAt: now } });
      await tx.insert(riskShares).values(input.shares.map((s) => ({ loanId, role: s.role, partyName: s.partyName, organisationId: s.organisationId ?? null, shareBps: s.shareBps })));
      await appendAudit(tx, { action: "loan.risk_sharing_set", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "loan", subjectId: loanId, data: { mode: input.mode, shares: input.shares.map((s) => [s.role, s.partyName, s.shareBps]) } }, now);
      return ok({});
    });
    if (result.ok) await this.monitor.evaluateLoans([loanId]);
    return result;
  }

  /**
   * Declare default: freezes exposure at default, marks the loan defaulted, opens the disposal case with
   * the pledged assets, and tells every risk-sharing party. Once per loan.
   */
  async declareDefault(principal: Principal, loanId: string, input: DeclareDefaultInput) {
    const now = this.deps.now();
    const result = await this.deps.db.transaction(async (tx) => {
      const loan = await findOwnLoan(tx, principal.organisation.id, loanId, true);
      if (!loan) return fail("NOT_FOUND");
      if (loan.status === "defaulted" || loan.status === "in_disposal") return fail("ALREADY_DEFAULTED");
      if (loan.status === "recovered" || loan.status === "written_off") return fail("LOAN_CLOSED");
      if (input.defaultedOn < loan.disbursedOn) return fail("DEFAULT_BEFORE_DISBURSEMENT");
      const [kase] = await tx
        .insert(disposalCases)
        .values({
          loanId,
          organisationId: principal.organisation.id,
          defaultedOn: input.defaultedOn,
          currency: loan.currency,
          principalAtDefault: input.principal,
          interestAtDefault: input.interest,
          penaltyAtDefault: input.penaltyInterest,
          costsAtDefault: input.costs,
          openedBy: principal.user.id,
          openedAt: now,
        })
        .returning({ id: disposalCases.id });
      const pledged = await tx
        .selectDistinct({ assetId: pledgeAssets.assetId })
        .from(pledgeAssets)
        .innerJoin(pledges, eq(pledges.id, pledgeAssets.pledgeId))
        .where(and(eq(pledges.loanId, loanId), inArray(pledges.status, ["registered", "changed"])));
      if (pledged.length > 0) await tx.insert(disposalCaseAssets).values(pledged.map((p) => ({ caseId: kase!.id, assetId: p.assetId })));
      await tx.update(pledges).set({ status: "enforcing" }).where(and(eq(pledges.loanId, loanId), inArray(pledges.status, ["registered", "changed"])));
      await tx
        .update(loans)
        .set({ status: "defaulted", outstandingPrincipal: input.principal, accruedInterest: input.interest, penaltyInterest: input.penaltyInterest })
        .where(eq(loans.id, loanId));
      const total = input.principal + input.interest + input.penaltyInterest + input.costs;
      await appendAudit(tx, { action: "loan.defaulted", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "loan", subjectId: loanId, data: { caseId: kase!.id, exposureAtDefault: total, defaultedOn: input.defaultedOn } }, now);
      const sharers = (await tx.select({ org: riskShares.organisationId }).from(riskShares).where(eq(riskShares.loanId, loanId))).map((r) => r.org).filter((o): o is string => o !== null);
      const data = { loanReference: loan.reference, exposureAtDefault: total.toString(), currency: loan.currency, defaultedOn: input.defaultedOn };
      await notifyOrganisations(
        tx,
        [principal.organisation.id, ...sharers],
        [{ kind: "loan_defaulted", data, link: `/collateral/loans/${loanId}` }],
        {
          subject: `[IPX] 贷款 ${loan.reference} 已宣布违约 / Loan ${loan.reference} declared in default`,
          body: `贷款 ${loan.reference} 于 ${input.defaultedOn} 宣布违约，已开立处置案件。\nLoan ${loan.reference} was declared in default on ${input.defaultedOn}; a disposal case is open.\n`,
        },
        now,
      );
      return ok({ caseId: kase!.id, exposureAtDefault: total, assets: pledged.length });
    });
    if (result.ok) await this.monitor.evaluateLoans([loanId]);
    return result;
  }

  /** The bank's portfolio: every loan with exposure, collateral, coverage and open alerts. */
  async portfolio(principal: Principal) {
    const rows = await this.deps.db
      .select({ loan: loans, borrower: parties.name })
      .from(loans)
      .innerJoin(parties, eq(parties.id, loans.borrowerId))
      .where(ownLoan(principal.organisation.id))
      .orderBy(asc(loans.reference));
    return this.withCoverage(rows);
  }

  /** Loans whose loss the caller shares (guarantor, fund, insurer), with its share. */
  async shared(principal: Principal) {
    const rows = await this.deps.db
      .select({ loan: loans, borrower: parties.name })
      .from(loans)
      .innerJoin(parties, eq(parties.id, loans.borrowerId))
      .where(sharedLoan(principal.organisation.id))
      .orderBy(asc(loans.reference));
    const shares = rows.length
      ? await this.deps.db.select().from(riskShares).where(and(inArray(riskShares.loanId, rows.map((r) => r.loan.id)), eq(riskShares.organisationId, principal.organisation.id)))
      : [];
    const withCoverage = await this.withCoverage(rows);
    return withCoverage.map((l) => ({ ...l, myShareBps: shares.filter((s) => s.loanId === l.id).reduce((n, s) => n + s.shareBps, 0) }));
  }

  private async withCoverage(rows: Array<{ loan: typeof loans.$inferSelect; borrower: string }>) {
    const ids = rows.map((r) => r.loan.id);
    const facts = new Map((await loadLoanFacts(this.deps.db, ids)).map((f) => [f.id, f]));
    const open = ids.length
      ? await this.deps.db.select({ loanId: alerts.loanId, severity: alerts.severity }).from(alerts).where(and(inArray(alerts.loanId, ids), isNull(alerts.resolvedAt)))
      : [];
    return rows.map(({ loan, borrower }) => {
      const f = facts.get(loan.id)!;
      const coverage = coverageOf(f);
      return {
        id: loan.id,
        reference: loan.reference,
        borrower,
        status: loan.status,
        currency: loan.currency,
        principal: loan.principal,
        maturesOn: loan.maturesOn,
        exposure: coverage.exposure,
        collateral: coverage.collateral,
        coverageBps: coverage.bps,
        assetCount: f.assets.length,
        openAlerts: open.filter((a) => a.loanId === loan.id).length,
        criticalAlerts: open.filter((a) => a.loanId === loan.id && a.severity === "critical").length,
      };
    });
  }

  /** A loan page: the bank sees its own, a risk-sharing party sees the loans it shares (read-only). */
  async detail(principal: Principal, loanId: string) {
    const db = this.deps.db;
    const loan = await findVisibleLoan(db, principal.organisation.id, loanId);
    if (!loan) return fail("NOT_FOUND");
    const [borrower] = await db.select().from(parties).where(eq(parties.id, loan.borrowerId));
    const [kase] = await db.select().from(disposalCases).where(eq(disposalCases.loanId, loanId));
    const pledgeRows = await db
      .select({ pledge: pledges, pledgor: parties.name })
      .from(pledges)
      .innerJoin(parties, eq(parties.id, pledges.pledgorId))
      .where(eq(pledges.loanId, loanId))
      .orderBy(asc(pledges.registeredAt));
    const links = pledgeRows.length
      ? await db
          .select({ pledgeId: pledgeAssets.pledgeId, asset: ipAssets })
          .from(pledgeAssets)
          .innerJoin(ipAssets, eq(ipAssets.id, pledgeAssets.assetId))
          .where(inArray(pledgeAssets.pledgeId, pledgeRows.map((p) => p.pledge.id)))
      : [];
    const assetIds = [...new Set(links.map((l) => l.asset.id))];
    const valuationRows = assetIds.length
      ? await db.select().from(valuations).where(and(inArray(valuations.assetId, assetIds), eq(valuations.organisationId, loan.organisationId))).orderBy(asc(valuations.valuedOn))
      : [];
    const events = assetIds.length
      ? await db.select().from(registryEvents).where(inArray(registryEvents.assetId, assetIds)).orderBy(desc(registryEvents.occurredOn)).limit(200)
      : [];
    const [agreement] = await db.select().from(riskSharingAgreements).where(eq(riskSharingAgreements.loanId, loanId));
    const shares = agreement ? await db.select().from(riskShares).where(eq(riskShares.loanId, loanId)).orderBy(desc(riskShares.shareBps)) : [];
    const [facts] = await loadLoanFacts(db, [loanId]);
    const coverage = coverageOf(facts!);
    const titleOf = new Map(links.map((l) => [l.asset.id, l.asset]));
    return ok({
      loan,
      readOnly: loan.organisationId !== principal.organisation.id,
      borrower: { name: borrower!.name, creditCode: borrower!.creditCode },
      disposalCase: kase ?? null,
      exposure: coverage.exposure,
      collateral: coverage.collateral,
      coverageBps: coverage.bps,
      pledges: pledgeRows.map(({ pledge, pledgor }) => ({
        ...pledge,
        pledgor,
        assets: links
          .filter((l) => l.pledgeId === pledge.id)
          .map((l) => ({ ...l.asset, latestValuation: latestValuation({ valuations: valuationRows.filter((v) => v.assetId === l.asset.id) })?.amount ?? null })),
      })),
      riskSharing: agreement ? { mode: agreement.mode, preset: agreement.preset, shares } : null,
      valuationSeries: assetIds.map((id) => ({
        assetId: id,
        title: titleOf.get(id)!.title,
        registryNumber: titleOf.get(id)!.registryNumber,
        points: valuationRows.filter((v) => v.assetId === id).map((v) => ({ valuedOn: v.valuedOn, amount: v.amount, method: v.method, appraiser: v.appraiser })),
      })),
      timeline: events.map((e) => ({ on: e.occurredOn, kind: e.kind, assetId: e.assetId, assetTitle: titleOf.get(e.assetId)?.title ?? "", source: e.source, newStatus: e.newStatus })),
    });
  }
}
