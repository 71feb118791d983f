import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { refunds } from "../../db/schema";
import { owedClaims } from "../../server/services/payments/refunds-owed";
import type { Flow } from "./money-flows";
import { balance, balances, bps } from "./money-model";
import type { DeliveryPlan } from "./money-world";

/**
 * The steps of a flow that deal with money owed back: refunds of what the flow left owed (by bank transfer, or
 * to the card the money came on through Stripe, its webhooks shuffled and duplicated), and transfers quoting no
 * reference we know (held in suspense, then returned or left there; assigning one is `payBalance`'s).
 */
export type RefundSpec = { shareBps: number; toCard: boolean; overAsk: boolean; delivery: DeliveryPlan };
export type StraySpec = { fate: "none" | "assigned" | "returned" | "held"; amount: bigint };

let serial = 0;
const bankSerial = () => `REFUND-${Date.now()}-${++serial}`;

/**
 * Each payer of the flow is refunded part or all of every claim it is owed (first asking one more than owed,
 * when `overAsk`: refused, nothing changes). What the payer is owed in all is what the flow counted.
 */
export async function refundOwed(flow: Flow, r: RefundSpec) {
  const { world, books } = flow;
  for (const org of new Set(flow.buyers)) {
    const claims = await owedClaims(world.db, { organisationId: org });
    expect(claims.reduce((sum, c) => sum - c.owed, 0n)).toBe(books.refundsDue.get(org) ?? 0n);
    for (const claim of claims) {
      const which = claim.paymentId ? { paymentId: claim.paymentId } : { settlementId: claim.settlementId! };
      const onCard = r.toCard && claim.cardPaymentId !== null;
      const cap = onCard ? min(claim.owed, (await world.payment(claim.cardPaymentId!)).received) : claim.owed;
      const amount = bps(cap, r.shareBps) || 1n;
      if (r.overAsk) {
        const before = await balances(world.db);
        const refused = await world.services.refunds.record(flow.bank, { method: "bank_transfer", ...which, amount: Number(claim.owed + 1n), bankSerial: bankSerial() });
        expect(refused).toMatchObject({ ok: false, code: "REFUND_EXCEEDS_OWED" });
        expect(await balances(world.db)).toEqual(before);
      }
      if (onCard) await refundToCard(flow, which, amount, r.delivery);
      else expect(await world.services.refunds.record(flow.bank, { method: "bank_transfer", ...which, amount: Number(amount), bankSerial: bankSerial() })).toMatchObject({ ok: true, duplicate: false });
      books.refunded(org, amount);
    }
    expect(await balance(world.db, "refunds_due", org)).toBe(books.refundsDue.get(org) ?? 0n);
  }
}

/** A card refund Stripe answers `pending`, then settles: its webhooks and the retrying job pay it once. */
async function refundToCard(flow: Flow, which: { paymentId: string } | { settlementId: string }, amount: bigint, delivery: DeliveryPlan) {
  const { world } = flow;
  const mark = world.standIn.events.length;
  world.standIn.refundStatus = "pending";
  try {
    const asked = await world.services.refunds.record(flow.bank, { method: "card", ...which, amount: Number(amount) });
    if (!asked.ok) throw new Error(`card refund refused: ${asked.code}`);
    expect(asked.refund).toMatchObject({ status: "pending", amount });
    world.standIn.settleRefund(asked.refund.stripeRefundId!, "succeeded");
    await world.deliver(world.eventsSince(mark), delivery);
    await world.runPaymentJobs();
    expect((await world.db.select().from(refunds).where(eq(refunds.id, asked.refund.id)))[0]!.status).toBe("paid");
  } finally {
    world.standIn.refundStatus = "succeeded";
  }
}

/** A transfer nobody's reference: it is held in suspense, then returned whole (a part is refused) or left there. */
export async function strayTransfer(flow: Flow, s: StraySpec) {
  const { world, books } = flow;
  if (s.fate === "none" || s.fate === "assigned") return;
  const receipt = await world.receiveStray(s.amount);
  books.moneyIn(s.amount);
  if (s.fate === "held") {
    books.suspense -= s.amount;
    return;
  }
  if (s.amount > 1n) expect(await world.services.refunds.record(flow.bank, { method: "bank_transfer", bankReceiptId: receipt.id, amount: Number(s.amount - 1n), bankSerial: bankSerial() })).toMatchObject({ ok: false, code: "REFUND_RECEIPT_WHOLE" });
  expect(await world.services.refunds.record(flow.bank, { method: "bank_transfer", bankReceiptId: receipt.id, amount: Number(s.amount), bankSerial: bankSerial() })).toMatchObject({ ok: true });
  books.moneyOut(s.amount);
  expect(await world.services.payments.assignReceipt(flow.bank, receipt.id, { reference: receipt.reference })).toMatchObject({ ok: false, code: "RECEIPT_RETURNED" });
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
