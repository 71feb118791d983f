import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { auditEvents, awards, type listings, settlements } from "../../../db/schema";
import { chinaDate } from "../../domain/calendar-date";
import { fail, ok } from "../../domain/result";
import { appendAudit } from "../audit";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { postEntry } from "../ledger/journal";
import { lockSettlement } from "../settlements/balance";
import { roleIn } from "../settlements/views";
import { distributeEquity } from "./distribute";

type ListingRow = typeof listings.$inferSelect;

const EXIT_ACTION = "settlement.equity_exit";

/**
 * An accepted equity contribution settles at once, in the acceptance's transaction: the proposer takes the IP
 * for shares, so nothing is owed in cash (no balance, no deposit, no platform fee out of money that never
 * moves) and the settlement is completed. With a disposal case behind the listing, the agreed value runs
 * through the waterfall in kind (Dr in_kind / Cr escrow, then the lines paid out in kind).
 */
export async function settleEquityContribution(tx: DbOrTx, l: ListingRow, proposerOrganisationId: string, agreedValue: bigint, now: Date) {
  const [award] = await tx.select({ id: awards.id }).from(awards).where(eq(awards.listingId, l.id));
  const [s] = await tx
    .insert(settlements)
    .values({ listingId: l.id, awardId: award?.id ?? null, disposalCaseId: l.disposalCaseId, source: "equity", buyerOrganisationId: proposerOrganisationId, sellerOrganisationId: l.organisationId, currency: l.currency, price: agreedValue, balanceDue: 0n, dueAt: now, status: "completed", paidAt: now, completedAt: now, createdAt: now, updatedAt: now })
    .returning();
  const settlement = s!;
  await appendAudit(tx, { action: "settlement.created", organisationId: l.organisationId, subjectType: "settlement", subjectId: settlement.id, data: { listingId: l.id, buyer: proposerOrganisationId, price: agreedValue.toString(), inKind: true } }, now);
  if (l.disposalCaseId) await distributeEquity(tx, settlement, agreedValue, true, chinaDate(now), now);
  return settlement;
}

export type EquityExitInput = { amount: bigint; realisedOn: string };

/** The exit from an equity contribution: the cash the seller realised on the shares, recorded once. */
export class EquityRecoveryService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * The seller records what the shares realised. Above the agreed value, the gain is cash for the waterfall
   * (received into the seller's escrow: Dr cash / Cr escrow, then distributed, source equity). Below it, the
   * shortfall is recorded and shown but not clawed back: the creditors were repaid in kind at the agreed value.
   */
  async exit(principal: Principal, settlementId: string, input: EquityExitInput) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const s = await lockSettlement(tx, settlementId);
      const role = s ? roleIn(principal, s) : null;
      if (!s || !role) return fail("NOT_FOUND");
      if (role !== "seller") return fail("FORBIDDEN");
      if (s.source !== "equity") return fail("NOT_EQUITY_SETTLEMENT");
      // The settlement's row lock makes this check and the record below one step: an exit is counted once.
      const [earlier] = await tx.select({ id: auditEvents.id }).from(auditEvents).where(and(eq(auditEvents.subjectType, "settlement"), eq(auditEvents.subjectId, s.id), eq(auditEvents.action, EXIT_ACTION)));
      if (earlier) return fail("EQUITY_EXIT_RECORDED");
      const gain = input.amount > s.price ? input.amount - s.price : 0n;
      const shortfall = input.amount < s.price ? s.price - input.amount : 0n;
      let distributionId: string | null = null;
      if (gain > 0n) {
        const lines = [
          { account: "cash" as const, amount: gain },
          { account: "escrow" as const, organisationId: s.sellerOrganisationId, amount: -gain },
        ];
        await postEntry(tx, { currency: s.currency, kind: "equity_exit_received", settlementId: s.id, lines }, now);
        distributionId = s.disposalCaseId ? ((await distributeEquity(tx, s, gain, false, input.realisedOn, now))?.id ?? null) : null;
      }
      const data = { agreedValue: s.price.toString(), realised: input.amount.toString(), realisedOn: input.realisedOn, gain: gain.toString(), shortfall: shortfall.toString(), distributionId };
      await appendAudit(tx, { action: EXIT_ACTION, actorUserId: principal.user.id, organisationId: s.sellerOrganisationId, subjectType: "settlement", subjectId: s.id, data }, now);
      return ok({ agreedValue: s.price, realised: input.amount, gain, shortfall, distributionId, clawedBack: false as const });
    });
  }
}
