import { eq } from "drizzle-orm";
import { lotDeposits } from "../../../db/schema";
import { checkBidder } from "../../domain/bidding/eligibility";
import { fail, ok } from "../../domain/result";
import { appendAudit } from "../audit";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { lockListing, tell } from "../listings/offers/common";
import { bidderFacts } from "./bidder-facts";
import { insertWithCode } from "./deposits-code";
import { checkRegistrationOpen } from "./deposits-lot";
import { PriorityRights } from "./deposits-priority";
import { creditClaim, lotBidders, myRegistration, pendingLotDeposits, registrationView } from "./deposits-views";

/**
 * Registration to bid on English auctions and tenders: a deposit by bank transfer that an operator
 * confirms, or the applicant creditor's credit bid; each with a bidder code. Who may register is decided
 * by `checkBidder` itself: everything but the missing deposit must already pass.
 */
export class DepositService {
  readonly priorityRights: PriorityRights;

  constructor(private readonly deps: ServiceDeps) {
    this.priorityRights = new PriorityRights(deps);
  }

  /** Requests a registration (idempotent: a second request answers the same registration). */
  async request(principal: Principal, lotId: string) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const checked = await checkRegistrationOpen(tx, await lockListing(tx, lotId), now);
      if (!checked.ok) return checked;
      const l = checked.listing;
      const verdict = checkBidder(await bidderFacts(tx, principal, l), 0n);
      if (!verdict.ok && verdict.code !== "NO_DEPOSIT") return fail(verdict.code);
      const terms = l.terms as { deposit?: number; eligibleBidders?: string[] };
      const org = principal.organisation.id;
      // A listed transfer turned auction is fought among the buyers who qualified for it, nobody else.
      if (terms.eligibleBidders && !terms.eligibleBidders.includes(org)) return fail("NOT_AMONG_BIDDERS");
      const amount = BigInt(Number(terms.deposit ?? 0));
      const { row, created } = await insertWithCode(tx, { listingId: l.id, organisationId: org, method: "bank_transfer", status: "requested", amount, currency: l.currency, requestedBy: principal.user.id, requestedAt: now });
      if (created) await appendAudit(tx, { action: "deposit.requested", actorUserId: principal.user.id, organisationId: org, subjectType: "listing", subjectId: l.id, data: { depositId: row.id, amount: amount.toString() } }, now);
      return ok({ registration: registrationView(row), created });
    });
  }

  /** An operator records that the bank transfer arrived: the bidder may bid under its code. */
  async confirm(principal: Principal, depositId: string) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const [found] = await tx.select({ listingId: lotDeposits.listingId }).from(lotDeposits).where(eq(lotDeposits.id, depositId));
      if (!found) return fail("NOT_FOUND");
      // The listing first, as everywhere: a registration and its confirmation never interleave.
      const checked = await checkRegistrationOpen(tx, await lockListing(tx, found.listingId), now);
      const [deposit] = await tx.select().from(lotDeposits).where(eq(lotDeposits.id, depositId)).for("update");
      if (deposit!.status !== "requested") return fail("DEPOSIT_ALREADY_CONFIRMED", { status: deposit!.status });
      if (!checked.ok) return checked;
      const [row] = await tx.update(lotDeposits).set({ status: "confirmed", confirmedBy: principal.user.id, confirmedAt: now }).where(eq(lotDeposits.id, depositId)).returning();
      await appendAudit(tx, { action: "deposit.confirmed", actorUserId: principal.user.id, organisationId: deposit!.organisationId, subjectType: "listing", subjectId: deposit!.listingId, data: { depositId } }, now);
      await tell(tx, [deposit!.organisationId], checked.listing, "lot_deposit_confirmed", now);
      return ok({ registration: registrationView(row!) });
    });
  }

  /**
   * The applicant creditor (the seller of a judicial listing from its disposal case) registers to bid
   * without a deposit, up to its claim: a confirmed credit-bid registration whose cap is that claim.
   */
  async registerCreditBid(principal: Principal, lotId: string) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const l = await lockListing(tx, lotId);
      if (l?.organisationId !== principal.organisation.id) return fail("NOT_FOUND");
      const checked = await checkRegistrationOpen(tx, l, now);
      if (!checked.ok) return checked;
      if (principal.organisation.verification !== "verified") return fail("NOT_VERIFIED");
      const claim = await creditClaim(tx, principal, l);
      if (claim === null) return fail("CREDIT_BID_NOT_ALLOWED", { preset: l.preset });
      const org = principal.organisation.id;
      const { row, created } = await insertWithCode(tx, {
        listingId: l.id,
        organisationId: org,
        method: "credit_bid",
        status: "confirmed",
        amount: 0n,
        creditCap: claim,
        currency: l.currency,
        requestedBy: principal.user.id,
        requestedAt: now,
        confirmedBy: principal.user.id,
        confirmedAt: now,
      });
      if (created) await appendAudit(tx, { action: "deposit.credit_bid_registered", actorUserId: principal.user.id, organisationId: org, subjectType: "listing", subjectId: l.id, data: { depositId: row.id, creditCap: claim.toString() } }, now);
      return ok({ registration: registrationView(row), created });
    });
  }

  mine(principal: Principal, lotId: string) {
    return myRegistration(this.deps.db, principal, lotId);
  }

  bidders(principal: Principal, lotId: string) {
    return lotBidders(this.deps.db, principal, lotId);
  }

  /** The operator's queue of lot deposits awaiting a bank transfer's confirmation. */
  pending() {
    return pendingLotDeposits(this.deps.db);
  }
}
