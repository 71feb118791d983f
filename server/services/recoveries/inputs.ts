import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { disposalCases, disposalCosts, riskShares, riskSharePayments } from "../../../db/schema";
import { sharerCeiling } from "../../domain/proceeds/inputs";
import { fail, ok } from "../../domain/result";
import type { CostInput, SharerPaymentInput } from "../../domain/schemas/recovery-inputs";
import { appendAudit } from "../audit";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { chinaDate } from "../../domain/calendar-date";
import { exposureAtDefault } from "../../domain/proceeds/recovery";


/** The bank's own case, locked when deciding (a cost or a payment is recorded against it). */
async function ownCase(tx: DbOrTx, principal: Principal, caseId: string, lock: boolean) {
  const query = tx.select().from(disposalCases).where(and(eq(disposalCases.id, caseId), eq(disposalCases.organisationId, principal.organisation.id)));
  const [row] = lock ? await query.for("update") : await query;
  return row ?? null;
}

/**
 * What the bank records for the waterfall besides the proceeds of its disposal case: the costs it advanced
 * (appraisal, registry fees, annuities paid to keep the right alive, enforcement) and what each risk-sharer
 * of the loan paid it on the loss (代偿 / 补偿), never beyond that sharer's share of the exposure.
 */
export class RecoveryInputService {
  constructor(private readonly deps: ServiceDeps) {}

  async forCase(principal: Principal, caseId: string) {
    const db = this.deps.db;
    const kase = await ownCase(db, principal, caseId, false);
    if (!kase) return fail("NOT_FOUND");
    const [costs, shares, paid] = await Promise.all([
      db.select().from(disposalCosts).where(eq(disposalCosts.disposalCaseId, caseId)).orderBy(asc(disposalCosts.incurredOn), asc(disposalCosts.createdAt)),
      db.select().from(riskShares).where(eq(riskShares.loanId, kase.loanId)).orderBy(asc(riskShares.role)),
      db.select().from(riskSharePayments).where(eq(riskSharePayments.loanId, kase.loanId)).orderBy(asc(riskSharePayments.paidOn), asc(riskSharePayments.createdAt)),
    ]);
    const ead = exposureAtDefault(kase);
    const sharers = shares
      .filter((s) => s.role !== "bank")
      .map((s) => {
        const paidSoFar = paid.filter((p) => p.riskShareId === s.id).reduce((sum, p) => sum + p.amount, 0n);
        return { id: s.id, role: s.role, partyName: s.partyName, organisationId: s.organisationId, shareBps: s.shareBps, ceiling: sharerCeiling(ead, s.shareBps), paid: paidSoFar };
      });
    return ok({
      currency: kase.currency,
      exposureAtDefault: ead,
      costs: costs.map((c) => ({ id: c.id, kind: c.kind, description: c.description, amount: c.amount, incurredOn: c.incurredOn, paidByName: c.paidByName })),
      sharers,
      payments: paid.map((p) => ({ id: p.id, riskShareId: p.riskShareId, amount: p.amount, paidOn: p.paidOn })),
    });
  }

  async recordCost(principal: Principal, caseId: string, input: CostInput) {
    const now = this.deps.now();
    if (input.incurredOn > chinaDate(now)) return fail("INVALID", { fields: { incurredOn: ["date_in_future"] } });
    return this.deps.db.transaction(async (tx) => {
      const kase = await ownCase(tx, principal, caseId, true);
      if (!kase) return fail("NOT_FOUND");
      const [row] = await tx
        .insert(disposalCosts)
        .values({ disposalCaseId: caseId, kind: input.kind, description: input.description, currency: kase.currency, amount: input.amount, incurredOn: input.incurredOn, paidByOrganisationId: input.paidByName ? null : principal.organisation.id, paidByName: input.paidByName || principal.organisation.name, createdAt: now })
        .returning();
      await appendAudit(tx, { action: "disposal_cost.recorded", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "disposal_case", subjectId: caseId, data: { costId: row!.id, kind: input.kind, amount: input.amount.toString() } }, now);
      return ok({ cost: row! });
    });
  }

  async recordSharerPayment(principal: Principal, caseId: string, input: SharerPaymentInput) {
    const now = this.deps.now();
    if (input.paidOn > chinaDate(now)) return fail("INVALID", { fields: { paidOn: ["date_in_future"] } });
    return this.deps.db.transaction(async (tx) => {
      const kase = await ownCase(tx, principal, caseId, true);
      if (!kase) return fail("NOT_FOUND");
      const [share] = await tx.select().from(riskShares).where(and(eq(riskShares.id, input.riskShareId), eq(riskShares.loanId, kase.loanId)));
      if (!share || share.role === "bank") return fail("INVALID", { fields: { riskShareId: ["not_a_sharer"] } });
      const [{ paid }] = (await tx.select({ paid: sql<string>`coalesce(sum(${riskSharePayments.amount}), 0)` }).from(riskSharePayments).where(eq(riskSharePayments.riskShareId, share.id))) as [{ paid: string }];
      const ceiling = sharerCeiling(exposureAtDefault(kase), share.shareBps);
      if (BigInt(paid) + input.amount > ceiling) return fail("OVER_SHARE", { ceiling: ceiling.toString(), paid });
      const [row] = await tx.insert(riskSharePayments).values({ loanId: kase.loanId, riskShareId: share.id, currency: kase.currency, amount: input.amount, paidOn: input.paidOn, createdAt: now }).returning();
      await appendAudit(tx, { action: "risk_share_payment.recorded", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "disposal_case", subjectId: caseId, data: { paymentId: row!.id, riskShareId: share.id, amount: input.amount.toString() } }, now);
      return ok({ payment: row! });
    });
  }
}
