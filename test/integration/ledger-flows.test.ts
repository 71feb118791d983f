import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trialBalance } from "../../server/services/ledger/trial-balance";
import { type FlowSpec, type InputStep, type Outcome, type PayWith, discount, equity, recordInput, sale, startFlow } from "../support/money-flows";
import { licence } from "../support/money-licence";
import { balance, balances, recoveredBy } from "../support/money-model";
import { refundOwed, strayTransfer } from "../support/money-owed";
import { MoneyWorld } from "../support/money-world";

/**
 * Random money flows on the real services in one database, each a defaulted case disposed of one way: a sale
 * with deposits by bank transfer (in parts, over-paid) and by card through the real Stripe SDK against the
 * stand-in (holds seen by shuffled, duplicated webhooks or by the reconciliation; captures and cancellations by
 * the payment jobs), losers released, the winner's applied, the balance paid, over-paid, or left to default
 * (the deposit forfeited, a part-payment owed back), the balance by transfer or card (the rest after a short
 * transfer, or a charge that gets through after the transfer paid: owed back), a judicial lot won by the bank's
 * credit bid (only the cash part paid, the rest set off); a negotiated discount; an equity contribution in kind and
 * its exit; a licence's royalties paid in full, short or over, and its minimum's top-up at the first year's end;
 * the bank's costs and the fund's payments recorded between steps; transfers quoting no known reference (assigned,
 * returned or left in suspense); and refunds of what was owed back, by transfer or to the card (never above it). After every flow: each entry balances, the trial balance is zero, and the books
 * agree with what the flow itself counted (cash in − cash out, fees, what is owed back, what is held) and with
 * a naive waterfall (costs, then the claim, then the residual; every line paid out to its party).
 */
let world: MoneyWorld;

beforeAll(async () => {
  world = await MoneyWorld.start();
});
afterAll(() => world?.stop());

const Input: fc.Arbitrary<InputStep> = fc.oneof(
  fc.record({ kind: fc.constant("cost" as const), cost: fc.constantFrom("appraisal" as const, "registry_fee" as const, "annuity" as const, "enforcement" as const, "other" as const), amount: fc.bigInt({ min: 1n, max: 300_000n }) }),
  fc.record({ kind: fc.constant("sharer_payment" as const), ofRoomBps: fc.integer({ min: 1, max: 10_000 }) }),
);
const Balance: fc.Arbitrary<Outcome> = fc.oneof(
  fc.constant({ kind: "paid" as const }),
  fc.record({ kind: fc.constant("overpaid" as const), by: fc.bigInt({ min: 1n, max: 50_000n }) }),
  fc.record({ kind: fc.constant("short_then_default" as const), paidBps: fc.integer({ min: 1, max: 9_999 }) }),
  fc.constant({ kind: "defaulted" as const }),
);
const PayBalance: fc.Arbitrary<PayWith> = fc.record({ kind: fc.constantFrom("transfer" as const, "card" as const, "rest_by_card" as const, "late_card" as const), partBps: fc.integer({ min: 1, max: 9_999 }) });
const Delivery = fc.record({ seed: fc.integer({ min: 1, max: 2 ** 30 }), copies: fc.integer({ min: 1, max: 3 }), together: fc.boolean() });
const Sale = fc.record({
  kind: fc.constant("sale" as const),
  price: fc.bigInt({ min: 200_000n, max: 8_000_000n }),
  deposit: fc.bigInt({ min: 1_000n, max: 190_000n }),
  bidders: fc.array(fc.record({ method: fc.constantFrom("bank_transfer" as const, "card" as const), over: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 20_000n })), split: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  holdSeenBy: fc.constantFrom("webhooks" as const, "reconcile" as const),
  delivery: Delivery,
  jobsLate: fc.boolean(),
  outcome: Balance,
  payWith: PayBalance,
  relist: fc.boolean(),
  creditBid: fc.boolean(),
});
const Discount = fc.record({ kind: fc.constant("discount" as const), price: fc.bigInt({ min: 100_000n, max: 8_000_000n }), pledgorFirst: fc.boolean(), outcome: Balance, payWith: PayBalance });
const Equity = fc.record({ kind: fc.constant("equity" as const), agreed: fc.bigInt({ min: 100_000n, max: 8_000_000n }), exit: fc.option(fc.record({ realisedBps: fc.integer({ min: 1_000, max: 20_000 }), twice: fc.boolean() }), { nil: null }) });
const Period = fc.record({
  netSales: fc.bigInt({ min: 100_000n, max: 20_000_000n }),
  pay: fc.constantFrom("full" as const, "short" as const, "over" as const, "short_then_rest" as const),
  partBps: fc.integer({ min: 1, max: 9_999 }),
  over: fc.bigInt({ min: 1n, max: 50_000n }),
  then: fc.array(Input, { maxLength: 1 }),
});
const Licence = fc.record({ kind: fc.constant("licence" as const), royaltyBps: fc.integer({ min: 100, max: 1_500 }), periods: fc.array(Period, { minLength: 1, maxLength: 3 }), minimum: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 900_000n })), paysTopUp: fc.boolean() });
const Flow: fc.Arbitrary<FlowSpec> = fc.record({
  stray: fc.record({ fate: fc.constantFrom("none" as const, "assigned" as const, "returned" as const, "held" as const), amount: fc.bigInt({ min: 1n, max: 90_000n }) }),
  refund: fc.option(fc.record({ shareBps: fc.integer({ min: 1, max: 10_000 }), toCard: fc.boolean(), overAsk: fc.boolean(), delivery: Delivery }), { nil: null }),
  case: fc.record({
    principal: fc.bigInt({ min: 100_000n, max: 5_000_000n }),
    interest: fc.bigInt({ min: 0n, max: 500_000n }),
    fundPaidBps: fc.integer({ min: 0, max: 10_000 }),
    mode: fc.constantFrom("pro_rata" as const, "subrogated" as const),
    preset: fc.constantFrom("judicial" as const, "private" as const),
  }),
  inputs: fc.array(Input, { maxLength: 2 }),
  disposal: fc.oneof({ arbitrary: Sale, weight: 3 }, { arbitrary: Discount, weight: 1 }, { arbitrary: Equity, weight: 1 }, { arbitrary: Licence, weight: 1 }),
});

/** Every way money moves at least once, whatever the random runs draw: both deposit methods with every outcome, each disposal. */
const aCase = { principal: 1_000_000n, interest: 100_000n, fundPaidBps: 6_000, mode: "pro_rata" as const, preset: "private" as const };
const delivery = { seed: 7, copies: 3, together: true };
const byTransfer: PayWith = { kind: "transfer", partBps: 0 };
const quiet = { stray: { fate: "none" as const, amount: 0n }, refund: null };
const refundAll = { shareBps: 10_000, toCard: true, overAsk: true, delivery };
const examples: FlowSpec[] = [
  { ...quiet, case: aCase, inputs: [{ kind: "cost", cost: "annuity", amount: 3_000n }], disposal: { kind: "sale", price: 2_000_000n, deposit: 100_000n, bidders: [{ method: "card", over: 0n, split: false }, { method: "bank_transfer", over: 5_000n, split: true }, { method: "card", over: 0n, split: false }], holdSeenBy: "webhooks", delivery, jobsLate: false, outcome: { kind: "overpaid", by: 1_234n }, relist: false, payWith: byTransfer, creditBid: false } },
  { ...quiet, case: { ...aCase, preset: "judicial", mode: "subrogated" }, inputs: [{ kind: "sharer_payment", ofRoomBps: 5_000 }], disposal: { kind: "sale", price: 900_000n, deposit: 50_000n, bidders: [{ method: "card", over: 0n, split: false }, { method: "card", over: 0n, split: false }], holdSeenBy: "reconcile", delivery, jobsLate: false, outcome: { kind: "short_then_default", paidBps: 4_000 }, relist: true, payWith: byTransfer, creditBid: false } },
  { ...quiet, case: aCase, inputs: [], disposal: { kind: "sale", price: 3_000_000n, deposit: 80_000n, bidders: [{ method: "bank_transfer", over: 0n, split: false }, { method: "card", over: 0n, split: false }], holdSeenBy: "webhooks", delivery, jobsLate: true, outcome: { kind: "defaulted" }, relist: false, payWith: byTransfer, creditBid: false } },
  { ...quiet, case: aCase, inputs: [{ kind: "cost", cost: "enforcement", amount: 20_000n }], disposal: { kind: "discount", price: 1_500_000n, pledgorFirst: true, outcome: { kind: "paid" }, payWith: byTransfer } },
  { ...quiet, case: aCase, inputs: [], disposal: { kind: "equity", agreed: 1_200_000n, exit: { realisedBps: 12_500, twice: true } } },
  { ...quiet, case: aCase, inputs: [], disposal: { kind: "licence", royaltyBps: 500, periods: [{ netSales: 4_000_000n, pay: "short_then_rest", partBps: 3_000, over: 0n, then: [{ kind: "cost", cost: "registry_fee", amount: 2_000n }] }, { netSales: 9_000_000n, pay: "over", partBps: 0, over: 700n, then: [] }, { netSales: 1_000_000n, pay: "short", partBps: 5_000, over: 0n, then: [] }], minimum: 0n, paysTopUp: false } },
  // A minimum annual royalty: the first year's shortfall asked at its end and paid.
  { ...quiet, case: aCase, inputs: [], disposal: { kind: "licence", royaltyBps: 300, periods: [{ netSales: 2_000_000n, pay: "full", partBps: 0, over: 0n, then: [] }], minimum: 250_000n, paysTopUp: true } },
  // Owed back and refunded: an over-paid deposit and balance part by transfer (asking too much first), suspense returned.
  { stray: { fate: "returned", amount: 4_321n }, refund: { shareBps: 6_000, toCard: false, overAsk: true, delivery }, case: aCase, inputs: [], disposal: { kind: "sale", price: 1_000_000n, deposit: 60_000n, bidders: [{ method: "bank_transfer", over: 700n, split: false }, { method: "bank_transfer", over: 300n, split: false }], holdSeenBy: "webhooks", delivery, jobsLate: false, outcome: { kind: "overpaid", by: 2_000n }, relist: false, payWith: byTransfer, creditBid: false } },
  // A card charge after the transfer paid, refunded to the card in full (webhooks shuffled, duplicated); a stray transfer left in suspense.
  { stray: { fate: "held", amount: 9_999n }, refund: refundAll, case: aCase, inputs: [], disposal: { kind: "discount", price: 800_000n, pledgorFirst: false, outcome: { kind: "paid" }, payWith: { kind: "late_card", partBps: 77 } } },
  // A balance wholly by card, the part-payment of a default refunded; the balance's transfer arrives unmatched and is assigned.
  { stray: { fate: "assigned", amount: 0n }, refund: refundAll, case: aCase, inputs: [], disposal: { kind: "sale", price: 700_000n, deposit: 40_000n, bidders: [{ method: "card", over: 0n, split: false }], holdSeenBy: "webhooks", delivery, jobsLate: false, outcome: { kind: "short_then_default", paidBps: 2_500 }, relist: true, payWith: { kind: "card", partBps: 0 }, creditBid: false } },
  // The rest by card after a short transfer; and a credit bid by the bank on a judicial lot, paying only the cash part.
  { ...quiet, case: aCase, inputs: [], disposal: { kind: "discount", price: 600_000n, pledgorFirst: true, outcome: { kind: "paid" }, payWith: { kind: "rest_by_card", partBps: 3_000 } } },
  { ...quiet, case: { ...aCase, preset: "judicial" }, inputs: [{ kind: "cost", cost: "registry_fee", amount: 1_500n }], disposal: { kind: "sale", price: 1_500_000n, deposit: 50_000n, bidders: [{ method: "card", over: 0n, split: false }, { method: "bank_transfer", over: 0n, split: false }], holdSeenBy: "reconcile", delivery, jobsLate: true, outcome: { kind: "paid" }, relist: false, payWith: { kind: "rest_by_card", partBps: 5_000 }, creditBid: true } },
];

const sum = (values: Iterable<bigint>) => [...values].reduce((a, b) => a + b, 0n);

async function runFlow(spec: FlowSpec) {
  const db = world.db;
  const before = await balances(db);
  const flow = await startFlow(world, spec.case);
  flow.assignNext = spec.stray.fate === "assigned";
  for (const step of spec.inputs) await recordInput(flow, step);
  const d = spec.disposal;
  if (d.kind === "sale") await sale(flow, d);
  else if (d.kind === "discount") await discount(flow, d);
  else if (d.kind === "equity") await equity(flow, d);
  else await licence(flow, d);
  await strayTransfer(flow, spec.stray);
  if (spec.refund) await refundOwed(flow, spec.refund);

  const tb = await trialBalance(db);
  expect(tb.unbalancedEntries).toEqual([]);
  for (const t of tb.totals) expect(t.balance).toBe(0n);
  // The whole ledger moved exactly as the flow counted: cash in − cash out, income, what is owed back, what is held; nothing else left open.
  const after = await balances(db);
  const moved = (account: string) => (after.get(account) ?? 0n) - (before.get(account) ?? 0n);
  const { books } = flow;
  const expected: Record<string, bigint> = { cash: books.cash, fees: -books.fees, refunds_due: sum(books.refundsDue.values()), escrow: sum(books.escrow.values()), suspense: books.suspense };
  const accounts = new Set([...before.keys(), ...after.keys(), ...Object.keys(expected)]);
  expect(Object.fromEntries([...accounts].map((a) => [a, moved(a)]))).toEqual(Object.fromEntries([...accounts].map((a) => [a, expected[a] ?? 0n])));
  // Party by party: buyers owe nothing and hold no deposit; what is owed back and held is theirs; the bank's payable is paid out.
  for (const org of flow.buyers) {
    expect(await balance(db, "deposits_held", org)).toBe(0n);
    expect(await balance(db, "receivable", org)).toBe(0n);
    expect(await balance(db, "refunds_due", org)).toBe(books.refundsDue.get(org) ?? 0n);
  }
  expect(await balance(db, "escrow", flow.fx.bank.id)).toBe(books.escrow.get(flow.fx.bank.id) ?? 0n);
  expect(await balance(db, "payable", flow.fx.bank.id)).toBe(0n);
  // The fund never gets back more than it paid the bank.
  expect(await recoveredBy(db, flow.fund.id)).toBeLessThanOrEqual(flow.fund.paid);
}

describe("random money flows keep the ledger balanced", () => {
  it("after every flow: entries balance, the trial balance is zero, the books match the flow's own count and a naive waterfall", { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(Flow, runFlow),
      { numRuns: 24, examples: examples.map((e) => [e]) },
    );
  });
});
