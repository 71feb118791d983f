import { and, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { awards, distributions, journalEntries, type listings, settlements } from "../../../db/schema";
import { chinaDate } from "../../domain/calendar-date";
import { fail, ok } from "../../domain/result";
import { appendAudit } from "../audit";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { postEntry, reverseEntry } from "../ledger/journal";
import { lockSettlement } from "../settlements/balance";
import { roleIn } from "../settlements/views";
import { distributeEquity } from "./distribute";

type ListingRow = typeof listings.$inferSelect;

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

/** The exit from an equity contribution: the recovery in kind replaced by the cash the shares realised, once. */
export class EquityRecoveryService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * The seller records what the shares realised. The in-kind distribution at the agreed value is reversed (its
   * journal entries reversed, the distribution marked reversed so recoveries no longer count it) and the cash
   * realised, received into the seller's escrow (Dr cash / Cr escrow), runs through the waterfall instead: the
   * creditors' recovery becomes what the exit realised, above or below the agreed value, and is counted once.
   */
  async exit(principal: Principal, settlementId: string, input: EquityExitInput) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const s = await lockSettlement(tx, settlementId);
      const role = s ? roleIn(principal, s) : null;
      if (!s || !role) return fail("NOT_FOUND");
      if (role !== "seller") return fail("FORBIDDEN");
      if (s.source !== "equity") return fail("NOT_EQUITY_SETTLEMENT");
      // Under the settlement's row lock, the realised amount on the row is the once-check.
      if (s.realisedAmount !== null) return fail("EQUITY_EXIT_RECORDED");
      await tx.update(settlements).set({ realisedAmount: input.amount, realisedOn: input.realisedOn, updatedAt: now }).where(eq(settlements.id, s.id));
      const reversed = await reverseInKind(tx, s.id, now);
      let distributionId: string | null = null;
      if (s.disposalCaseId && input.amount > 0n) {
        const lines = [
          { account: "cash" as const, amount: input.amount },
          { account: "escrow" as const, organisationId: s.sellerOrganisationId, amount: -input.amount },
        ];
        await postEntry(tx, { currency: s.currency, kind: "equity_exit_received", settlementId: s.id, lines }, now);
        distributionId = (await distributeEquity(tx, s, input.amount, false, input.realisedOn, now))?.id ?? null;
      }
      const adjustment = input.amount - s.price;
      const gain = adjustment > 0n ? adjustment : 0n;
      const shortfall = adjustment < 0n ? -adjustment : 0n;
      const data = { agreedValue: s.price.toString(), realised: input.amount.toString(), realisedOn: input.realisedOn, adjustment: adjustment.toString(), reversedDistributionId: reversed, distributionId };
      await appendAudit(tx, { action: "settlement.equity_exit", actorUserId: principal.user.id, organisationId: s.sellerOrganisationId, subjectType: "settlement", subjectId: s.id, data }, now);
      return ok({ agreedValue: s.price, realised: input.amount, gain, shortfall, reversedDistributionId: reversed, distributionId });
    });
  }
}

/** Reverses a settlement's in-kind equity distribution: every journal entry of it reversed, the distribution marked reversed. */
async function reverseInKind(tx: DbOrTx, settlementId: string, now: Date): Promise<string | null> {
  const [d] = await tx
    .select({ id: distributions.id })
    .from(distributions)
    .where(and(eq(distributions.settlementId, settlementId), eq(distributions.source, "equity"), eq(distributions.inKind, true), isNull(distributions.reversedAt)));
  if (!d) return null;
  const entries = await tx.select({ id: journalEntries.id }).from(journalEntries).where(and(eq(journalEntries.distributionId, d.id), isNull(journalEntries.reversesId))).orderBy(asc(journalEntries.createdAt));
  for (const entry of entries) await reverseEntry(tx, entry.id, "equity exit: the recovery in kind is replaced by the cash realised", now);
  await tx.update(distributions).set({ reversedAt: now }).where(eq(distributions.id, d.id));
  return d.id;
}
