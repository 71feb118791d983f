import { and, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { bankReceipts, organisations, payments, refunds, settlements } from "../../../db/schema";
import { fail, ok } from "../../domain/result";
import { type RecordRefundInput, claimOf } from "../../domain/schemas/refunds";
import type { RefundState } from "../../payments/stripe-client";
import { enqueueJob } from "../../jobs/runner";
import { appendAudit } from "../audit";
import { postEntry } from "../ledger/journal";
import { formatMajor } from "../../domain/money";
import { tellOrganisations } from "../listings/notices";
import { type OwedClaim, type RefundRow, owedClaims } from "./refunds-owed";

type Actor = { userId: string | null; organisationId: string | null };

async function payerOf(tx: DbOrTx, input: RecordRefundInput): Promise<string | undefined> {
  if (input.paymentId) return (await tx.select({ id: payments.payerOrganisationId }).from(payments).where(eq(payments.id, input.paymentId)))[0]?.id;
  if (input.settlementId) return (await tx.select({ id: settlements.buyerOrganisationId }).from(settlements).where(eq(settlements.id, input.settlementId)))[0]?.id;
  return undefined;
}

/**
 * Every refund of one payer is decided under its organisation's row lock (an unmatched receipt's under its own),
 * so two operators can never pay back more than is owed between them.
 */
async function lockClaim(tx: DbOrTx, input: RecordRefundInput) {
  const payer = await payerOf(tx, input);
  if (payer) await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, payer)).for("update");
  const [receipt] = input.bankReceiptId ? await tx.select().from(bankReceipts).where(eq(bankReceipts.id, input.bankReceiptId)).for("update") : [];
  if (receipt?.paymentId) return fail("RECEIPT_ALREADY_MATCHED", { paymentId: receipt.paymentId });
  const [claim] = await owedClaims(tx, { claim: claimOf(input) });
  if (!claim) return payer || receipt ? fail("REFUND_EXCEEDS_OWED", { owed: "0" }) : fail("NOT_FOUND");
  if (BigInt(input.amount) > claim.owed) return fail("REFUND_EXCEEDS_OWED", { owed: claim.owed.toString(), currency: claim.currency });
  // A returned receipt leaves the books whole: it is one transfer back, never a part.
  if (claim.source === "unmatched_receipt" && BigInt(input.amount) !== claim.owed) return fail("REFUND_RECEIPT_WHOLE", { owed: claim.owed.toString() });
  return ok({ claim });
}

/** The refund has left: Dr refunds_due(payer) — or suspense, for a returned receipt — / Cr cash, linked to the refund and its claim. */
async function postRefundPaid(tx: DbOrTx, r: RefundRow, now: Date) {
  // The payer is told, in the inbox and by e-mail (a returned unmatched receipt may have no organisation on the exchange).
  if (r.organisationId) await tellOrganisations(tx, [r.organisationId], { id: r.id, title: `${r.currency} ${formatMajor(r.amount, r.currency)}` }, "refund_paid", now, "/payments");
  const owedSide = r.source === "unmatched_receipt" ? { account: "suspense" as const } : { account: "refunds_due" as const, organisationId: r.organisationId };
  await postEntry(
    tx,
    {
      currency: r.currency,
      kind: "refund_paid",
      memo: r.bankSerial ?? r.stripeRefundId ?? "",
      paymentId: r.source === "overpayment" ? r.paymentId : null,
      settlementId: r.source === "part_payment" ? r.settlementId : null,
      bankReceiptId: r.bankReceiptId,
      refundId: r.id,
      lines: [
        { ...owedSide, amount: r.amount },
        { account: "cash", amount: -r.amount },
      ],
    },
    now,
  );
}

function audit(tx: DbOrTx, actor: Actor, r: RefundRow, action: string, now: Date) {
  const data = { source: r.source, method: r.method, amount: r.amount.toString(), currency: r.currency, bankSerial: r.bankSerial, stripeRefundId: r.stripeRefundId, payee: r.organisationId };
  return appendAudit(tx, { action: `refund.${action}`, actorUserId: actor.userId, organisationId: actor.organisationId, subjectType: "refund", subjectId: r.id, data }, now);
}

const fromClaim = (claim: OwedClaim, input: RecordRefundInput) => ({
  source: claim.source,
  paymentId: claim.paymentId,
  settlementId: claim.settlementId,
  bankReceiptId: claim.bankReceiptId,
  organisationId: claim.organisationId,
  currency: claim.currency,
  amount: BigInt(input.amount),
});

/**
 * An operator records the bank transfer that paid money back: once per bank serial (the same serial again answers
 * the refund already recorded), never beyond what is owed; paid at once, with its ledger entry.
 */
export async function recordBankRefund(tx: DbOrTx, input: Extract<RecordRefundInput, { method: "bank_transfer" }>, actor: Actor, now: Date) {
  const bySerial = async () => (await tx.select().from(refunds).where(eq(refunds.bankSerial, input.bankSerial)))[0];
  const earlier = await bySerial();
  if (earlier) return ok({ refund: earlier, duplicate: true });
  const locked = await lockClaim(tx, input);
  if (!locked.ok) return locked;
  const { claim } = locked;
  const [refund] = await tx
    .insert(refunds)
    .values({ ...fromClaim(claim, input), method: "bank_transfer", status: "paid", payeeName: input.payeeName || claim.payeeName, bankSerial: input.bankSerial, recordedBy: actor.userId, createdAt: now, paidAt: now })
    .onConflictDoNothing({ target: refunds.bankSerial })
    .returning();
  if (!refund) return ok({ refund: (await bySerial())!, duplicate: true });
  await postRefundPaid(tx, refund, now);
  await audit(tx, actor, refund, "paid", now);
  return ok({ refund, duplicate: false });
}

/** What of a card payment has not yet gone back to the card (refunds asked or paid). */
async function refundableOnCard(tx: DbOrTx, cardPaymentId: string): Promise<bigint> {
  const [p] = await tx.select({ received: payments.received }).from(payments).where(eq(payments.id, cardPaymentId));
  const [back] = await tx
    .select({ sum: sql<string>`coalesce(sum(${refunds.amount}), 0)` })
    .from(refunds)
    .where(and(eq(refunds.paymentId, cardPaymentId), eq(refunds.method, "card"), ne(refunds.status, "failed")));
  return p!.received - BigInt(back!.sum);
}

/**
 * An operator refunds to the card the money came in on: the refund is recorded `pending` (spoken for, still
 * owed in the ledger) and a job asks Stripe for it after commit; Stripe's answer or webhook settles it.
 */
export async function requestCardRefund(tx: DbOrTx, input: Extract<RecordRefundInput, { method: "card" }>, actor: Actor, now: Date) {
  const locked = await lockClaim(tx, input);
  if (!locked.ok) return locked;
  const { claim } = locked;
  if (!claim.cardPaymentId) return fail("REFUND_NOT_CARD");
  const onCard = await refundableOnCard(tx, claim.cardPaymentId);
  if (BigInt(input.amount) > onCard) return fail("REFUND_EXCEEDS_OWED", { owed: onCard.toString(), currency: claim.currency });
  const [refund] = await tx
    .insert(refunds)
    .values({ ...fromClaim(claim, input), paymentId: claim.cardPaymentId, method: "card", status: "pending", payeeName: claim.payeeName, recordedBy: actor.userId, createdAt: now })
    .returning();
  await enqueueJob(tx, { kind: "refund:card", payload: { refundId: refund!.id }, runAt: now, dedupeKey: `refund:card:${refund!.id}` });
  await audit(tx, actor, refund!, "requested", now);
  return ok({ refund: refund!, duplicate: false });
}

/** Stripe's refund statuses that end it: succeeded pays it; failed or canceled leave the money owed. */
const SETTLED: Record<string, "paid" | "failed"> = { succeeded: "paid", failed: "failed", canceled: "failed" };

/**
 * What Stripe says of a refund (its answer, a webhook, a retried job), applied once: a pending refund becomes paid
 * (with its ledger entry) or failed; anything later changes nothing. Answers whether it changed.
 */
export async function applyStripeRefund(tx: DbOrTx, state: RefundState, now: Date): Promise<boolean> {
  const which = state.metadata.refundId ? eq(refunds.id, state.metadata.refundId) : eq(refunds.stripeRefundId, state.id);
  const [r] = await tx.select().from(refunds).where(and(which, eq(refunds.method, "card"))).for("update");
  if (!r || r.status !== "pending") return false;
  const outcome = state.status ? SETTLED[state.status] : undefined;
  const [updated] = await tx
    .update(refunds)
    .set({ stripeRefundId: state.id, status: outcome ?? "pending", paidAt: outcome === "paid" ? now : null, failureMessage: outcome === "failed" ? (state.failureReason ?? state.status) : null })
    .where(eq(refunds.id, r.id))
    .returning();
  if (outcome === "paid") await postRefundPaid(tx, updated!, now);
  if (outcome) await audit(tx, { userId: null, organisationId: null }, updated!, outcome, now);
  return outcome !== undefined || r.stripeRefundId !== state.id;
}

/** Card refunds still waiting on Stripe, oldest first, for the reconciliation. */
export function pendingCardRefunds(db: DbOrTx) {
  return db.select({ id: refunds.id, stripeRefundId: refunds.stripeRefundId }).from(refunds).where(and(eq(refunds.method, "card"), eq(refunds.status, "pending"))).orderBy(refunds.createdAt);
}

/** The card refund's payment intent, while the refund still waits on Stripe. */
export async function pendingCardRefund(db: DbOrTx, refundId: string) {
  const [row] = await db
    .select({ refund: refunds, intentId: payments.stripePaymentIntentId })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(and(eq(refunds.id, refundId), eq(refunds.method, "card"), eq(refunds.status, "pending")));
  return row?.intentId ? { refund: row.refund, intentId: row.intentId } : null;
}
