import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { listingIntents, lotDeposits, payments } from "../../../db/schema";
import type { JournalLine } from "../../domain/proceeds/accounts";
import { markDepositConfirmed } from "../bidding/deposits-confirm";
import { intentDepositArrived } from "../listings/offers/intent-deposits";
import { postEntry } from "../ledger/journal";
import { enqueueJob } from "../../jobs/runner";
import type { SettlementPolicy } from "../settlements/open";
import type { PaymentRow, ReceivedHandler } from "./received";

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

/** The money behind a registration (or a listing intent) is in: the bidder may bid, the buyer's intent counts (a fixed-price sale may be won, hence the policy). */
async function depositInPlace(tx: DbOrTx, p: PaymentRow, policy: SettlementPolicy, now: Date) {
  if (p.lotDepositId) await markDepositConfirmed(tx, p.lotDepositId, null, now);
  else if (p.listingIntentId) await intentDepositArrived(tx, p, policy, now);
}

/** The deposit purpose's handler: money in is held for the payer (Dr cash / Cr deposits_held); paid in full, the deposit is in place. */
export function depositReceived(policy: SettlementPolicy): ReceivedHandler {
  return async (tx, payment, amountNow, now) => {
    await post(tx, payment, "deposit_received", { account: "cash" }, held(payment), amountNow, now);
    if (payment.status === "succeeded") await depositInPlace(tx, payment, policy, now);
  };
}

/** Card hold states, in the only order Stripe moves them; an event naming an earlier state than ours changes nothing. */
const CARD_ORDER = { pending: 0, held: 1, succeeded: 2, canceled: 2, refunded: 3, failed: 2 } as const;

/**
 * Moves a locked card deposit to `target`, posting each step once: held (Dr card_holds / Cr deposits_held, the
 * bidder may bid), captured (Dr cash / Cr card_holds), cancelled (Dr deposits_held / Cr card_holds, or nothing if
 * it was never held). A capture reported before the hold posts both steps. Returns whether anything changed.
 */
export async function advanceCardDeposit(tx: DbOrTx, p: PaymentRow, target: "held" | "succeeded" | "canceled", amountReceived: bigint, policy: SettlementPolicy, now: Date): Promise<boolean> {
  if (CARD_ORDER[p.status] >= CARD_ORDER[target]) return false;
  const wasHeld = p.status === "held";
  const holdExpiresAt = target === "held" && !p.holdExpiresAt ? new Date(p.createdAt.getTime() + HOLD_DAYS * 86_400_000) : p.holdExpiresAt;
  // The new state first: what the deposit sets off (an intent released at once, a sale won) reads the hold as it stands.
  await tx.update(payments).set({ status: target, received: target === "succeeded" ? amountReceived : p.received, holdExpiresAt, updatedAt: now }).where(eq(payments.id, p.id));
  const moved = { ...p, status: target, holdExpiresAt };
  if (target !== "canceled" && !wasHeld) {
    await post(tx, p, "card_hold", { account: "card_holds" }, held(p), p.amount, now);
    await depositInPlace(tx, moved, policy, now);
  }
  if (target === "succeeded") await post(tx, p, "card_captured", { account: "cash" }, { account: "card_holds" }, amountReceived, now);
  if (target === "canceled") {
    if (wasHeld) await post(tx, p, "card_hold_cancelled", held(p), { account: "card_holds" }, p.amount, now);
    await releaseIfNothingHeld(tx, p, now);
  }
  return true;
}

/** What a deposit payment stands behind: a registration to bid (a listed transfer's intent moved to its auction too), else a listing intent. */
type DepositLink = { lotDepositId: string } | { listingIntentId: string };
const linkOf = (p: PaymentRow): DepositLink | null => (p.lotDepositId ? { lotDepositId: p.lotDepositId } : p.listingIntentId ? { listingIntentId: p.listingIntentId } : null);
const linked = (link: DepositLink) => ("lotDepositId" in link ? eq(payments.lotDepositId, link.lotDepositId) : eq(payments.listingIntentId, link.listingIntentId));

/**
 * A hold that lapsed or was cancelled (before or after it was authorised: webhooks come in any order) leaves the
 * registration (or intent) without money, unless another card payment for it (a renewal) is still open or in place.
 */
async function releaseIfNothingHeld(tx: DbOrTx, p: PaymentRow, now: Date) {
  const link = linkOf(p);
  if (!link) return;
  const others = await tx.select({ id: payments.id }).from(payments).where(and(linked(link), inArray(payments.status, ["pending", "held", "succeeded"])));
  if (others.some((o) => o.id !== p.id)) return;
  if ("lotDepositId" in link) await tx.update(lotDeposits).set({ status: "released", releasedAt: now }).where(and(eq(lotDeposits.id, link.lotDepositId), inArray(lotDeposits.status, ["requested", "confirmed"])));
  else await tx.update(listingIntents).set({ depositStatus: "released" }).where(and(eq(listingIntents.id, link.listingIntentId), inArray(listingIntents.depositStatus, ["requested", "confirmed"])));
}

/** The money standing behind a registration or intent now: a bank transfer received, or a card hold (or capture). */
async function liveDepositPayments(tx: DbOrTx, link: DepositLink) {
  return tx
    .select()
    .from(payments)
    .where(and(linked(link), eq(payments.purpose, "deposit"), inArray(payments.status, ["pending", "held", "succeeded"])))
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
  await releasePayments(tx, await liveDepositPayments(tx, { lotDepositId }), now);
}

/** A buyer's intent that did not win (or came too late) is released the same way, paid or not: a transfer still awaited is no longer asked for. */
export async function releaseIntentDeposit(tx: DbOrTx, listingIntentId: string, now: Date) {
  await tx.update(listingIntents).set({ depositStatus: "released" }).where(and(eq(listingIntents.id, listingIntentId), inArray(listingIntents.depositStatus, ["requested", "confirmed"])));
  await releasePayments(tx, await liveDepositPayments(tx, { listingIntentId }), now);
}

/** Payments of a released deposit, locked: card holds cancelled by a job; bank transfers refunded (what arrived of them) or, nothing arrived, cancelled. */
async function releasePayments(tx: DbOrTx, rows: readonly PaymentRow[], now: Date) {
  for (const p of rows) {
    if (p.method === "card") {
      if (p.stripePaymentIntentId) await enqueueJob(tx, { kind: "payment:cancel-hold", payload: { paymentId: p.id }, runAt: now, dedupeKey: `payment:cancel-hold:${p.id}` });
      continue;
    }
    await post(tx, p, "deposit_refunded", held(p), { account: "cash" }, applied(p), now);
    await tx.update(payments).set({ status: p.received > 0n ? "refunded" : "canceled", updatedAt: now }).where(eq(payments.id, p.id));
  }
}

/**
 * The winner's deposit is applied to the price (the settlement posts Dr deposits_held / Cr receivable): a card
 * hold is captured by a job after commit (`payment:capture-hold`); a bank transfer is already cash. Answers what
 * the deposit amounts to, so the settlement can apply it.
 */
export async function captureDeposit(tx: DbOrTx, lotDepositId: string, now: Date) {
  return capture(tx, { lotDepositId }, now);
}

/** The winner of a listed transfer or fixed-price sale: its intent's deposit is applied to the price, like a lot deposit's. */
export async function captureIntentDeposit(tx: DbOrTx, listingIntentId: string, now: Date) {
  await tx.update(listingIntents).set({ depositStatus: "applied" }).where(eq(listingIntents.id, listingIntentId));
  return capture(tx, { listingIntentId }, now);
}

async function capture(tx: DbOrTx, link: DepositLink, now: Date): Promise<{ amount: bigint; currency: string; method: PaymentRow["method"] } | null> {
  const [p] = (await liveDepositPayments(tx, link)).filter((row) => row.status !== "pending");
  if (!p) return null;
  if (p.method === "card" && p.status === "held") await enqueueJob(tx, { kind: "payment:capture-hold", payload: { paymentId: p.id }, runAt: now, dedupeKey: `payment:capture-hold:${p.id}` });
  return { amount: p.method === "card" ? p.amount : applied(p), currency: p.currency, method: p.method };
}

/** At a lot's close: every confirmed registration but the winner's is released. */
export async function releaseLosers(tx: DbOrTx, listingId: string, winner: string | null, now: Date) {
  const confirmed = await tx.select({ id: lotDeposits.id, organisationId: lotDeposits.organisationId }).from(lotDeposits).where(and(eq(lotDeposits.listingId, listingId), eq(lotDeposits.status, "confirmed")));
  for (const d of confirmed) if (d.organisationId !== winner) await releaseDeposit(tx, d.id, now);
}
