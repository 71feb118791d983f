import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { lotDeposits, payments } from "../../../db/schema";
import type { JournalLine } from "../../domain/proceeds/accounts";
import { markDepositConfirmed } from "../bidding/deposits-confirm";
import { postEntry } from "../ledger/journal";
import { enqueueJob } from "../../jobs/runner";
import type { PaymentRow } from "./received";

/** Stripe keeps a card authorisation about 7 days; a hold older than that may lapse before the lot closes. */
export const HOLD_DAYS = 7;

/** What of a bank transfer stands as the deposit: an excess was already booked as owed back. */
const applied = (p: PaymentRow) => (p.received > p.amount ? p.amount : p.received);
const held = (p: PaymentRow) => ({ account: "deposits_held" as const, organisationId: p.payerOrganisationId });

type Side = Omit<JournalLine, "amount">;

async function post(tx: DbOrTx, p: PaymentRow, kind: string, debit: Side, credit: Side, amount: bigint, now: Date) {
  if (amount === 0n) return;
  await postEntry(tx, { currency: p.currency, kind, memo: p.reference, paymentId: p.id, lines: [{ ...debit, amount }, { ...credit, amount: -amount }] }, now);
}

/** The deposit purpose's handler: money in is held for the bidder (Dr cash / Cr deposits_held); paid in full, the bidder may bid. */
export async function depositReceived(tx: DbOrTx, payment: PaymentRow, amountNow: bigint, now: Date) {
  await post(tx, payment, "deposit_received", { account: "cash" }, held(payment), amountNow, now);
  if (payment.status === "succeeded" && payment.lotDepositId) await markDepositConfirmed(tx, payment.lotDepositId, null, now);
}

/** Card hold states, in the only order Stripe moves them; an event naming an earlier state than ours changes nothing. */
const CARD_ORDER = { pending: 0, held: 1, succeeded: 2, canceled: 2, refunded: 3, failed: 2 } as const;

/**
 * Moves a locked card deposit to `target`, posting each step once: held (Dr card_holds / Cr deposits_held, the
 * bidder may bid), captured (Dr cash / Cr card_holds), cancelled (Dr deposits_held / Cr card_holds, or nothing if
 * it was never held). A capture reported before the hold posts both steps. Returns whether anything changed.
 */
export async function advanceCardDeposit(tx: DbOrTx, p: PaymentRow, target: "held" | "succeeded" | "canceled", amountReceived: bigint, now: Date): Promise<boolean> {
  if (CARD_ORDER[p.status] >= CARD_ORDER[target]) return false;
  const wasHeld = p.status === "held";
  if (target !== "canceled" && !wasHeld) {
    await post(tx, p, "card_hold", { account: "card_holds" }, held(p), p.amount, now);
    if (p.lotDepositId) await markDepositConfirmed(tx, p.lotDepositId, null, now);
  }
  if (target === "succeeded") await post(tx, p, "card_captured", { account: "cash" }, { account: "card_holds" }, amountReceived, now);
  if (target === "canceled") {
    if (wasHeld) await post(tx, p, "card_hold_cancelled", held(p), { account: "card_holds" }, p.amount, now);
    if (p.lotDepositId) await releaseIfNothingHeld(tx, p, now);
  }
  const holdExpiresAt = target === "held" && !p.holdExpiresAt ? new Date(p.createdAt.getTime() + HOLD_DAYS * 86_400_000) : p.holdExpiresAt;
  await tx.update(payments).set({ status: target, received: target === "succeeded" ? amountReceived : p.received, holdExpiresAt, updatedAt: now }).where(eq(payments.id, p.id));
  return true;
}

/**
 * A hold that lapsed or was cancelled (before or after it was authorised: webhooks come in any order) leaves the
 * registration without money, unless another card payment for it (a renewal) is still open or in place.
 */
async function releaseIfNothingHeld(tx: DbOrTx, p: PaymentRow, now: Date) {
  const others = await tx.select({ id: payments.id }).from(payments).where(and(eq(payments.lotDepositId, p.lotDepositId!), inArray(payments.status, ["pending", "held", "succeeded"])));
  if (others.some((o) => o.id !== p.id)) return;
  await tx.update(lotDeposits).set({ status: "released", releasedAt: now }).where(and(eq(lotDeposits.id, p.lotDepositId!), inArray(lotDeposits.status, ["requested", "confirmed"])));
}

/** The money standing behind a registration now: a bank transfer received, or a card hold (or capture). */
async function liveDepositPayments(tx: DbOrTx, lotDepositId: string) {
  return tx
    .select()
    .from(payments)
    .where(and(eq(payments.lotDepositId, lotDepositId), eq(payments.purpose, "deposit"), inArray(payments.status, ["pending", "held", "succeeded"])))
    .for("update");
}

/**
 * A loser's (or a withdrawn bidder's) deposit goes back, inside the caller's transaction: a bank transfer is
 * refunded (Dr deposits_held / Cr cash, the payment `refunded`; the bank transfer itself is made by the
 * operator); a card hold is cancelled at Stripe by a job after commit (`payment:cancel-hold`), whose answer — or
 * the webhook, whichever comes first — posts the release.
 */
export async function releaseDeposit(tx: DbOrTx, lotDepositId: string, now: Date) {
  await tx.update(lotDeposits).set({ status: "released", releasedAt: now }).where(and(eq(lotDeposits.id, lotDepositId), eq(lotDeposits.status, "confirmed")));
  for (const p of await liveDepositPayments(tx, lotDepositId)) {
    if (p.method === "card") {
      if (p.stripePaymentIntentId) await enqueueJob(tx, { kind: "payment:cancel-hold", payload: { paymentId: p.id }, runAt: now, dedupeKey: `payment:cancel-hold:${p.id}` });
      continue;
    }
    await post(tx, p, "deposit_refunded", held(p), { account: "cash" }, applied(p), now);
    await tx.update(payments).set({ status: "refunded", updatedAt: now }).where(eq(payments.id, p.id));
  }
}

/**
 * The winner's deposit is applied to the price (the settlement posts Dr deposits_held / Cr receivable): a card
 * hold is captured by a job after commit (`payment:capture-hold`); a bank transfer is already cash. Answers what
 * the deposit amounts to, so the settlement can apply it.
 */
export async function captureDeposit(tx: DbOrTx, lotDepositId: string, now: Date): Promise<{ amount: bigint; currency: string; method: PaymentRow["method"] } | null> {
  const [p] = (await liveDepositPayments(tx, lotDepositId)).filter((row) => row.status !== "pending");
  if (!p) return null;
  if (p.method === "card" && p.status === "held") await enqueueJob(tx, { kind: "payment:capture-hold", payload: { paymentId: p.id }, runAt: now, dedupeKey: `payment:capture-hold:${p.id}` });
  return { amount: p.method === "card" ? p.amount : applied(p), currency: p.currency, method: p.method };
}

/** At a lot's close: every confirmed registration but the winner's is released. */
export async function releaseLosers(tx: DbOrTx, listingId: string, winner: string | null, now: Date) {
  const confirmed = await tx.select({ id: lotDeposits.id, organisationId: lotDeposits.organisationId }).from(lotDeposits).where(and(eq(lotDeposits.listingId, listingId), eq(lotDeposits.status, "confirmed")));
  for (const d of confirmed) if (d.organisationId !== winner) await releaseDeposit(tx, d.id, now);
}
