import { and, desc, eq, or } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { listingIntents, listings, lotDeposits, organisations, payments } from "../../../db/schema";
import { type AssignReceiptInput, type BankReceiptInput, parseStatement } from "../../domain/schemas/payments";
import { fail, ok } from "../../domain/result";
import { stripeGateway } from "../../payments/stripe-client";
import { appendAudit } from "../audit";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { CardPayments } from "./card";
import { depositReceived } from "./deposit-money";
import { type ReceiptOutcome, type ReceiptRow, assignReceipt, openBankPayments, recordReceipt, unmatchedReceipts } from "./receipts";
import { type PaymentPurpose, type ReceivedHandler, ReceivedHandlers } from "./received";
import { requestPayment } from "./requests";

type PaymentRow = typeof payments.$inferSelect;

/** A payment as its payer (or an operator) reads it: what is still short, what was paid over and is owed back. */
export function paymentView(p: PaymentRow, listing: { id: string; title: string } | null = null) {
  const applied = p.received > p.amount ? p.amount : p.received;
  return {
    id: p.id,
    purpose: p.purpose,
    method: p.method,
    status: p.status,
    currency: p.currency,
    amount: p.amount,
    received: p.received,
    shortfall: p.status === "pending" ? p.amount - applied : 0n,
    excess: p.received - applied,
    reference: p.reference,
    lotDepositId: p.lotDepositId,
    settlementId: p.settlementId,
    listing,
    holdExpiresAt: p.holdExpiresAt,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export function receiptView(r: ReceiptRow) {
  return { id: r.id, bankSerial: r.bankSerial, currency: r.currency, amount: r.amount, reference: r.reference, payerName: r.payerName, receivedOn: r.receivedOn, paymentId: r.paymentId, createdAt: r.createdAt };
}

/**
 * Payments behind one small port: bank transfers recorded by operators (one at a time or a statement) and
 * matched by reference; card payments through Stripe when configured. What money does once it arrives is up to
 * its purpose's handler (`onReceived`): deposits here, balances and royalties in their own services.
 */
export class PaymentService {
  private readonly handlers = new ReceivedHandlers();
  /** Null without a Stripe key: card payment is not offered. */
  readonly card: CardPayments | null;

  constructor(private readonly deps: ServiceDeps) {
    const gateway = stripeGateway(deps.config.stripe);
    this.card = gateway ? new CardPayments(deps, gateway, this.handlers) : null;
    this.handlers.onReceived("deposit", depositReceived(deps.config));
  }

  /** Registers what a purpose does with money received (see `ReceivedHandler`). */
  onReceived(purpose: PaymentPurpose, handler: ReceivedHandler) {
    this.handlers.onReceived(purpose, handler);
  }

  /** For Stripe.js on the pages: null when card payment is off. */
  cardOptions() {
    return this.deps.config.stripe ? { publishableKey: this.deps.config.stripe.publishableKey } : null;
  }

  /** Records a receipt inside the caller's transaction. */
  recordReceiptInTx(tx: DbOrTx, input: BankReceiptInput, recordedBy: string | null, now: Date) {
    return recordReceipt(tx, this.handlers, input, recordedBy, now);
  }

  /**
   * An operator confirms from the deposit queue that a bank transfer arrived (a lot deposit, a listing intent): a
   * receipt for what the locked payment still asks, under a serial of our own, recorded like any other.
   */
  async receiveDueInTx(tx: DbOrTx, payment: PaymentRow, recordedBy: string, now: Date) {
    const due = payment.amount - payment.received;
    if (due <= 0n) return;
    const [payer] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, payment.payerOrganisationId));
    const receipt = { bankSerial: `OPERATOR-${payment.id}-${payment.received}`, amount: Number(due), currency: payment.currency, reference: payment.reference, payerName: payer!.name, receivedOn: now.toISOString().slice(0, 10) };
    await this.recordReceiptInTx(tx, receipt, recordedBy, now);
  }

  async recordReceipt(principal: Principal, input: BankReceiptInput) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const result = await recordReceipt(tx, this.handlers, input, principal.user.id, now);
      if (result.outcome !== "duplicate") await this.audit(tx, principal, result.receipt, result.outcome, now);
      return result;
    });
  }

  /** A bank statement (CSV): each line its own transaction, so one refused line does not hold back the others. */
  async importStatement(principal: Principal, csv: string, currency: string) {
    const parsed = parseStatement(csv, currency);
    if (parsed.missingColumns.length > 0) return fail("STATEMENT_COLUMNS", { missing: parsed.missingColumns });
    const lines: { line: number; outcome: "invalid" | ReceiptOutcome["outcome"]; error: string | null; bankSerial: string | null; paymentId: string | null }[] = [];
    for (const line of parsed.lines) {
      if ("error" in line) lines.push({ line: line.line, outcome: "invalid", error: line.error, bankSerial: null, paymentId: null });
      else {
        const result = await this.recordReceipt(principal, line.receipt);
        lines.push({ line: line.line, outcome: result.outcome, error: null, bankSerial: result.receipt.bankSerial, paymentId: result.receipt.paymentId });
      }
    }
    const count = (outcome: string) => lines.filter((l) => l.outcome === outcome).length;
    return ok({ matched: count("matched"), unmatched: count("unmatched"), duplicates: count("duplicate"), invalid: count("invalid"), lines });
  }

  async assignReceipt(principal: Principal, receiptId: string, target: AssignReceiptInput) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const result = await assignReceipt(tx, this.handlers, receiptId, target, now);
      if (result.ok) await this.audit(tx, principal, result.receipt, "assigned", now);
      return result;
    });
  }

  private audit(tx: DbOrTx, principal: Principal, receipt: ReceiptRow, outcome: string, now: Date) {
    return appendAudit(tx, { action: `bank_receipt.${outcome}`, actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "bank_receipt", subjectId: receipt.id, data: { bankSerial: receipt.bankSerial, amount: receipt.amount.toString(), paymentId: receipt.paymentId } }, now);
  }

  /**
   * The bidder replaces a card hold that would lapse before its lot closes: a new PaymentIntent for the same
   * registration; once it is authorised the old hold is cancelled. Answers the new client secret.
   */
  async renewHold(principal: Principal, paymentId: string) {
    if (!this.card) return fail("CARD_UNAVAILABLE");
    const now = this.deps.now();
    const renewed = await this.deps.db.transaction(async (tx) => {
      const [old] = await tx.select().from(payments).where(and(eq(payments.id, paymentId), eq(payments.payerOrganisationId, principal.organisation.id))).for("update");
      if (!old?.lotDepositId || old.method !== "card") return fail("NOT_FOUND");
      if (old.status !== "held") return fail("HOLD_NOT_RENEWABLE", { status: old.status });
      const { payerOrganisationId, purpose, method, lotDepositId, currency, amount } = old;
      return ok({ payment: await requestPayment(tx, { payerOrganisationId, purpose, method, lotDepositId, currency, amount }, now) });
    });
    return renewed.ok ? this.card.ensureIntent(renewed.payment.id) : renewed;
  }

  async unmatched() {
    return (await unmatchedReceipts(this.deps.db)).map(receiptView);
  }

  async openBankPayments() {
    return (await openBankPayments(this.deps.db)).map((p) => paymentView(p));
  }

  /** The caller's organisation's payments, newest first, with the listing each deposit (lot deposit or intent) is for. */
  async mine(principal: Principal) {
    const rows = await this.withListing().where(eq(payments.payerOrganisationId, principal.organisation.id)).orderBy(desc(payments.createdAt));
    return rows.map((r) => paymentView(r.payment, r.listingId ? { id: r.listingId, title: r.listingTitle! } : null));
  }

  /** One payment: its payer's, or any for operators; anyone else is told it does not exist. */
  async get(principal: Principal, id: string) {
    const operator = principal.permissions.has("verification:review");
    const [r] = await this.withListing().where(operator ? eq(payments.id, id) : and(eq(payments.id, id), eq(payments.payerOrganisationId, principal.organisation.id)));
    return r ? ok({ payment: paymentView(r.payment, r.listingId ? { id: r.listingId, title: r.listingTitle! } : null) }) : fail("NOT_FOUND");
  }

  private withListing() {
    return this.deps.db
      .select({ payment: payments, listingId: listings.id, listingTitle: listings.title })
      .from(payments)
      .leftJoin(lotDeposits, eq(lotDeposits.id, payments.lotDepositId))
      .leftJoin(listingIntents, eq(listingIntents.id, payments.listingIntentId))
      // An intent's payment carried to its auction has both links, to the same listing.
      .leftJoin(listings, or(eq(listings.id, lotDeposits.listingId), eq(listings.id, listingIntents.listingId)))
      .$dynamic();
  }
}
