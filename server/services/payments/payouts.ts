import { type SQL, desc, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { distributionLines, payouts } from "../../../db/schema";
import { fail, ok } from "../../domain/result";
import { type StripeGateway, isRefusal, transferStateOf } from "../../payments/stripe-client";
import { appendAudit } from "../audit";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import type { CardPayments } from "./card";
import { PayoutAccounts } from "./payouts-accounts";
import { type LineToPay, applyTransfer, attemptNumber, awaitingTransfer, linesToPay, recordFailure, recordTransfer } from "./payouts-transfer";

export type PayoutState = "recorded" | "awaiting_transfer" | "transferred" | "failed";

/** A payout as its party (or an operator) reads it; a line still awaiting its first transfer has no payout id yet. */
export type PayoutView = {
  id: string | null;
  lineId: string;
  distributionId: string;
  organisationId: string | null;
  partyName: string;
  currency: string;
  amount: bigint;
  status: PayoutState;
  stripeTransferId: string | null;
  failureMessage: string | null;
  transferredAt: Date | null;
  createdAt: Date;
};

const awaitingView = (l: LineToPay): PayoutView => ({ id: null, lineId: l.lineId, distributionId: l.distributionId, organisationId: l.organisationId, partyName: l.partyName, currency: l.currency, amount: l.amount, status: "awaiting_transfer", stripeTransferId: null, failureMessage: null, transferredAt: null, createdAt: l.createdAt });

const isOperator = (principal: Principal) => principal.permissions.has("verification:review");

/**
 * Payouts of distributions: recorded ones (paid outside the platform, booked at once) and Stripe Connect transfers
 * to parties whose account can receive them, made by a job after the distribution commits, each attempt under its
 * own idempotency key, retried by an operator after Stripe refused one (docs/decisions/011-payouts.md).
 */
export class PayoutService {
  readonly accounts: PayoutAccounts;
  private readonly gateway: StripeGateway | null;

  constructor(
    private readonly deps: ServiceDeps,
    card: CardPayments | null,
  ) {
    this.gateway = card?.gateway ?? null;
    this.accounts = new PayoutAccounts(deps, this.gateway, card);
    card?.onEvent("transfer", (tx, event, now) => applyTransfer(tx, transferStateOf(event.data.object as Stripe.Transfer), now));
  }

  /** The job after a distribution commits: its lines awaiting a transfer. Running twice transfers nothing twice. */
  async transferDistribution(distributionId: string) {
    for (const line of await awaitingTransfer(this.deps.db, eq(distributionLines.distributionId, distributionId))) await this.attempt(line);
  }

  /** Re-runs every transfer still awaited (a crash, an outage): the same attempt's key answers the transfer Stripe already made. */
  async reconcile() {
    const awaiting = (await awaitingTransfer(this.deps.db)).filter((l) => l.payoutsEnabled);
    let transferred = 0;
    for (const line of awaiting) {
      try {
        if ((await this.attempt(line)) === "transferred") transferred++;
      } catch (error) {
        this.deps.log.warn({ err: error, lineId: line.lineId }, "payout transfer did not reach Stripe; retried at the next reconciliation");
      }
    }
    return { checked: awaiting.length, transferred };
  }

  /** An operator tries a failed payout again, under a new attempt's key (the refused one stays refused). */
  async retry(principal: Principal, payoutId: string) {
    if (!isOperator(principal)) return fail("NOT_FOUND");
    const [line] = await linesToPay(this.deps.db, eq(payouts.id, payoutId));
    if (!line) return fail("NOT_FOUND");
    if (line.status !== "failed") return fail("PAYOUT_NOT_RETRYABLE", { status: line.status });
    if (!this.gateway) return fail("PAYOUTS_UNAVAILABLE");
    await this.deps.db.transaction((tx) => appendAudit(tx, { action: "payout.retry_requested", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "distribution_line", subjectId: line.lineId, data: { payoutId } }, this.deps.now()));
    try {
      await this.attempt(line);
    } catch (error) {
      this.deps.log.warn({ err: error, payoutId }, "payout retry did not reach Stripe");
      return fail("UNAVAILABLE");
    }
    return ok({ payout: (await this.views(eq(payouts.id, payoutId)))[0]! });
  }

  /**
   * One attempt: Stripe is called outside any transaction, then its answer is recorded. A refusal is recorded as
   * `failed`; no answer at all throws, and the same attempt (same key) runs again later.
   */
  private async attempt(line: LineToPay): Promise<"transferred" | "failed" | "skipped"> {
    if (!this.gateway || !line.accountId) return "skipped";
    const attempt = await attemptNumber(this.deps.db, line.lineId);
    try {
      const transfer = await this.gateway.createTransfer(line.lineId, attempt, { amount: line.amount, currency: line.currency, destination: line.accountId, transferGroup: line.distributionId, metadata: { lineId: line.lineId, distributionId: line.distributionId } });
      await this.deps.db.transaction((tx) => recordTransfer(tx, line, transfer, this.deps.now()));
      return "transferred";
    } catch (error) {
      if (!isRefusal(error)) throw error;
      await this.deps.db.transaction((tx) => recordFailure(tx, line, attempt, error.message, this.deps.now()));
      return "failed";
    }
  }

  /** The caller organisation's payouts (operators: everyone's), newest first, those awaiting a transfer included. */
  async list(principal: Principal) {
    const own = isOperator(principal) ? undefined : eq(distributionLines.organisationId, principal.organisation.id);
    const [made, awaiting] = await Promise.all([this.views(own), awaitingTransfer(this.deps.db, own)]);
    return [...awaiting.map(awaitingView), ...made].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  /** For operators: transfers still to be made, and those Stripe refused (or reversed), to retry. */
  async attention() {
    const [awaiting, failed] = await Promise.all([awaitingTransfer(this.deps.db), this.views(eq(payouts.status, "failed"))]);
    return { awaiting: awaiting.map(awaitingView), failed };
  }

  private async views(where: SQL | undefined): Promise<PayoutView[]> {
    const rows = await this.deps.db
      .select({ payout: payouts, distributionId: distributionLines.distributionId, partyName: distributionLines.partyName })
      .from(payouts)
      .innerJoin(distributionLines, eq(distributionLines.id, payouts.distributionLineId))
      .where(where)
      .orderBy(desc(payouts.createdAt));
    return rows.map(({ payout: p, distributionId, partyName }) => ({
      id: p.id,
      lineId: p.distributionLineId,
      distributionId,
      organisationId: p.organisationId,
      partyName,
      currency: p.currency,
      amount: p.amount,
      status: p.status,
      stripeTransferId: p.stripeTransferId,
      failureMessage: p.failureMessage,
      transferredAt: p.transferredAt,
      createdAt: p.createdAt,
    }));
  }
}
