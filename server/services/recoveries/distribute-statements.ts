import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { disposalCases, distributionLines, distributions, payouts, settlements } from "../../../db/schema";
import { fail, ok } from "../../domain/result";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";

/**
 * Who receives what: a party's statement (every distribution line owed to it, with its payout), and one
 * distribution as its parties see it. Read by the statements and recoveries pages and the API.
 */
/** A distribution with its lines in the waterfall's order. */
export async function distributionDetail(db: DbOrTx, distributionId: string) {
  const [d] = await db.select().from(distributions).where(eq(distributions.id, distributionId));
  if (!d) return null;
  const rows = await db.select({ line: distributionLines, payout: payouts }).from(distributionLines).leftJoin(payouts, eq(payouts.distributionLineId, distributionLines.id)).where(eq(distributionLines.distributionId, d.id)).orderBy(asc(distributionLines.position));
  return { ...d, lines: rows.map(({ line, payout }) => ({ ...line, payoutStatus: payout?.status ?? null })) };
}

/** A case's or a listing's distributions, oldest first (the recoveries page of a case). */
export async function distributionsOf(db: DbOrTx, where: { disposalCaseId?: string; settlementId?: string }) {
  const condition = where.disposalCaseId ? eq(distributions.disposalCaseId, where.disposalCaseId) : eq(distributions.settlementId, where.settlementId!);
  return db.select().from(distributions).where(condition).orderBy(asc(distributions.receivedOn), asc(distributions.createdAt));
}

export class DistributionService {
  constructor(private readonly deps: ServiceDeps) {}

  /** One distribution, for its parties (a line's party, the settlement's seller, the case's bank) and the platform; strangers are told it does not exist. */
  async get(principal: Principal, distributionId: string) {
    const d = await distributionDetail(this.deps.db, distributionId);
    if (!d) return fail("NOT_FOUND");
    const org = principal.organisation.id;
    const platform = principal.organisation.kind === "platform" && ["operator", "auditor"].includes(principal.role);
    const party = d.lines.some((l) => l.organisationId === org);
    const [owner] = d.settlementId ? await this.deps.db.select({ id: settlements.id }).from(settlements).where(and(eq(settlements.id, d.settlementId), eq(settlements.sellerOrganisationId, org))) : [];
    const [bank] = d.disposalCaseId ? await this.deps.db.select({ id: disposalCases.id }).from(disposalCases).where(and(eq(disposalCases.id, d.disposalCaseId), eq(disposalCases.organisationId, org))) : [];
    if (!platform && !party && !owner && !bank) return fail("NOT_FOUND");
    return ok({ distribution: d });
  }
}
