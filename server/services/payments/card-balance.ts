import { type SQL, and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { DbOrTx } from "../../../db/client";
import { licenceAgreements, payments, royaltyReports, settlements } from "../../../db/schema";
import { fail, ok } from "../../domain/result";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { royaltyOwed } from "../recoveries/royalties";
import { owedInCash } from "../settlements/balance";
import type { PaymentService } from "./service";
import { requestPayment } from "./requests";

/** What a card pays: a settlement's balance (its buyer), or a royalty report (its licensee; under the agreement named, when one is). */
export type CardTarget = { kind: "settlement"; id: string } | { kind: "royalty"; id: string; agreementId?: string };

/** Stripe lets these be cancelled; a processing or finished intent is left to report its outcome. */
const CANCELABLE: ReadonlySet<Stripe.PaymentIntent.Status> = new Set(["requires_payment_method", "requires_confirmation", "requires_action", "requires_capture"]);

type Debt = { payer: string; currency: string; owed: bigint; request: Pick<typeof payments.$inferInsert, "purpose" | "settlementId" | "royaltyReportId">; siblings: SQL };

/**
 * Paying a settlement's balance or a royalty by card, beside its bank transfer (which stays valid: whichever money
 * arrives first pays, see `trimOpenRequests`): a card payment for what is still owed, one open at a time (the
 * debt's row locked), charged at once (a PaymentIntent with automatic capture) and applied like any card payment
 * — by the webhook, the reconciliation or the answer the page fetches after Stripe.js confirmed it.
 */
export class CardBalanceService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly payments: PaymentService,
  ) {}

  /** The debt the caller owes, locked when deciding; strangers (and the payee) are told it does not exist. */
  private async debt(tx: DbOrTx, principal: Principal, target: CardTarget, lock: boolean) {
    const org = principal.organisation.id;
    if (target.kind === "settlement") {
      const query = tx.select().from(settlements).where(eq(settlements.id, target.id));
      const [s] = lock ? await query.for("update") : await query;
      if (!s || s.buyerOrganisationId !== org) return fail("NOT_FOUND");
      if (s.status !== "awaiting_payment") return fail("WRONG_STATUS", { status: s.status });
      const siblings = and(eq(payments.settlementId, s.id), eq(payments.purpose, "balance"))!;
      return ok<Debt>({ payer: org, currency: s.currency, owed: await owedInCash(tx, s), request: { purpose: "balance", settlementId: s.id }, siblings });
    }
    const query = tx.select({ report: royaltyReports, licensee: licenceAgreements.licenseeOrganisationId }).from(royaltyReports).innerJoin(licenceAgreements, eq(licenceAgreements.id, royaltyReports.licenceAgreementId)).where(eq(royaltyReports.id, target.id));
    const [row] = lock ? await query.for("update", { of: royaltyReports }) : await query;
    if (!row || row.licensee !== org || (target.agreementId && target.agreementId !== row.report.licenceAgreementId)) return fail("NOT_FOUND");
    const siblings = and(eq(payments.royaltyReportId, row.report.id), eq(payments.purpose, "royalty"))!;
    return ok<Debt>({ payer: org, currency: row.report.currency, owed: await royaltyOwed(tx, row.report), request: { purpose: "royalty", royaltyReportId: row.report.id }, siblings });
  }

  /** For the page: whether the caller may pay this by card now, and how much. Null when card payment is off or nothing is owed by the caller. */
  async offer(principal: Principal, target: CardTarget) {
    const options = this.payments.cardOptions();
    if (!options?.publishableKey) return null;
    const debt = await this.debt(this.deps.db, principal, target, false);
    return debt.ok && debt.owed > 0n ? { publishableKey: options.publishableKey, amount: debt.owed, currency: debt.currency } : null;
  }

  /** Creates (or finds again) the card payment for what is owed now, and its PaymentIntent: the client secret Stripe.js confirms. */
  async start(principal: Principal, target: CardTarget) {
    const card = this.payments.card;
    const options = this.payments.cardOptions();
    if (!card || !options) return fail("CARD_UNAVAILABLE");
    const now = this.deps.now();
    const chosen = await this.deps.db.transaction(async (tx) => {
      const debt = await this.debt(tx, principal, target, true);
      if (!debt.ok) return debt;
      if (debt.owed <= 0n) return fail("WRONG_STATUS", { owed: "0" });
      // An open card request always asks exactly what is owed: one that no longer did was withdrawn when money arrived.
      const [open] = await tx
        .select()
        .from(payments)
        .where(and(debt.siblings, eq(payments.method, "card"), eq(payments.status, "pending")))
        .for("update");
      const payment = open ?? (await requestPayment(tx, { payerOrganisationId: debt.payer, method: "card", currency: debt.currency, amount: debt.owed, ...debt.request }, now));
      return ok({ payment });
    });
    if (!chosen.ok) return chosen;
    const intent = await card.ensureIntent(chosen.payment.id);
    if (!intent.ok) return intent;
    return ok({ paymentId: chosen.payment.id, clientSecret: intent.clientSecret, publishableKey: options.publishableKey, amount: chosen.payment.amount, currency: chosen.payment.currency });
  }

  /** After Stripe.js confirmed: the intent re-read from Stripe and applied now (the webhook may come later, or twice; it changes nothing then). */
  async confirmed(principal: Principal, paymentId: string) {
    const card = this.payments.card;
    if (!card) return fail("CARD_UNAVAILABLE");
    const [p] = await this.deps.db.select().from(payments).where(and(eq(payments.id, paymentId), eq(payments.payerOrganisationId, principal.organisation.id), eq(payments.method, "card")));
    if (!p?.stripePaymentIntentId || p.purpose === "deposit") return fail("NOT_FOUND");
    const state = await card.gateway.retrieve(p.stripePaymentIntentId);
    await this.deps.db.transaction((tx) => card.applyIntent(tx, state, this.deps.now()));
    const [after] = await this.deps.db.select({ status: payments.status }).from(payments).where(eq(payments.id, p.id));
    return ok({ status: after!.status, intentStatus: state.status });
  }

  /** The job after a card request was closed on our side: its intent cancelled if Stripe still allows, and whatever it became applied (a charge that got through is owed back). */
  async withdrawIntent(paymentId: string) {
    const card = this.payments.card;
    const [p] = await this.deps.db.select().from(payments).where(eq(payments.id, paymentId));
    if (!card || !p?.stripePaymentIntentId) return;
    const current = await card.gateway.retrieve(p.stripePaymentIntentId);
    const state = CANCELABLE.has(current.status) ? await card.gateway.cancel(p.id, current.id) : current;
    await this.deps.db.transaction((tx) => card.applyIntent(tx, state, this.deps.now()));
  }
}
