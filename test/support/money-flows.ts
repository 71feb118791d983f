import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { listings, lotDeposits, organisations, parties, payments, settlements } from "../../db/schema";
import type { DisposalCostKind } from "../../server/domain/proceeds/inputs";
import type { Principal } from "../../server/services/auth/principal";
import { releaseDeposit } from "../../server/services/payments/deposit-money";
import { openSettlement } from "../../server/services/settlements/open";
import type { RefundSpec, StraySpec } from "./money-owed";
import { CaseModel, ExpectedBooks, FIRST_BAND_UP_TO, JUDICIAL_PREMIUM_BPS, balance, bps, distributionTotals, distributionsOf } from "./money-model";
import type { DeliveryPlan, Deposit, MoneyWorld } from "./money-world";
import { confirmDeposit } from "./lots";
import { defaultedCase, organisation } from "./recovery-fixture";

/**
 * The steps random money flows are made of, on the real services: each drives the world and records in the
 * expected books what the rules say it must do to the money. A flow is one defaulted case disposed of one way
 * (a sale with deposits by both methods, a negotiated discount, an equity contribution, a licence's royalties),
 * with the bank's recovery inputs recorded between its steps. A new way money moves is one more step here (money
 * owed back and its refunds, and unmatched transfers, are in money-owed.ts; a licence and its royalties in money-licence.ts).
 */
export type CaseSpec = { principal: bigint; interest: bigint; fundPaidBps: number; mode: "pro_rata" | "subrogated"; preset: "judicial" | "private" };
export type InputStep = { kind: "cost"; cost: DisposalCostKind; amount: bigint } | { kind: "sharer_payment"; ofRoomBps: number };
/** How a balance is met: in full, over (the excess owed back), short and then defaulted (the part owed back), or not at all. */
export type Outcome = { kind: "paid" } | { kind: "overpaid"; by: bigint } | { kind: "short_then_default"; paidBps: number } | { kind: "defaulted" };
/** How a balance met in full is paid: by transfer, by card, a short transfer and the rest by card, or a card charge that gets through after the transfer paid it (owed back). */
export type PayWith = { kind: "transfer" | "card" | "rest_by_card" | "late_card"; partBps: number };
export type BidderSpec = { method: "bank_transfer" | "card"; over: bigint; split: boolean };
/** `jobsLate`: the card jobs run only after the balance is met or defaulted; `relist`: after a default the lot is sold again to new bidders, the case's second proceeds. */
export type SaleSpec = { kind: "sale"; price: bigint; deposit: bigint; bidders: BidderSpec[]; holdSeenBy: "webhooks" | "reconcile"; delivery: DeliveryPlan; jobsLate: boolean; outcome: Outcome; payWith: PayWith; relist: boolean; creditBid: boolean };
export type DiscountSpec = { kind: "discount"; price: bigint; pledgorFirst: boolean; outcome: Outcome; payWith: PayWith };
export type EquitySpec = { kind: "equity"; agreed: bigint; exit: { realisedBps: number; twice: boolean } | null };
export type RoyaltyPeriod = { netSales: bigint; pay: "full" | "short" | "over" | "short_then_rest"; partBps: number; over: bigint; then: InputStep[] };
/** `minimum`: a minimum annual royalty (0: none); at the first licence year's end the shortfall is asked and, when `paysTopUp`, paid. */
export type LicenceSpec = { kind: "licence"; royaltyBps: number; periods: RoyaltyPeriod[]; minimum: bigint; paysTopUp: boolean };
export type FlowSpec = { case: CaseSpec; inputs: InputStep[]; disposal: SaleSpec | DiscountSpec | EquitySpec | LicenceSpec; stray: StraySpec; refund: RefundSpec | null };

const APPRAISAL = 5_000n;
const FUND_SHARE_BPS = 5_000;

export type Flow = Awaited<ReturnType<typeof startFlow>>;

/** The flow's defaulted case (the fixture's appraisal cost, a fund sharing half the loss), its model and the bank acting on it. */
export async function startFlow(world: MoneyWorld, spec: CaseSpec) {
  world.advance();
  const ead = spec.principal + spec.interest;
  const fundPaid = bps(bps(ead, FUND_SHARE_BPS), spec.fundPaidBps);
  const fx = await defaultedCase(world.db, {
    mode: spec.mode,
    preset: spec.preset,
    sharers: [
      { role: "bank", name: "bank", shareBps: 10_000 - FUND_SHARE_BPS, paid: 0n },
      { role: "risk_fund", name: "fund", shareBps: FUND_SHARE_BPS, paid: fundPaid },
    ],
    claim: { costs: 0n, interest: spec.interest, penalty: 0n, principal: spec.principal },
    costs: [{ kind: "appraisal", amount: APPRAISAL }],
  });
  return {
    world,
    fx,
    preset: spec.preset,
    bank: await world.principal(fx.bank),
    books: new ExpectedBooks(),
    model: new CaseModel(APPRAISAL, ead),
    fund: { id: fx.shares.fund!.id, paid: fundPaid, ceiling: bps(ead, FUND_SHARE_BPS) },
    seen: new Set<string>(),
    buyers: [] as string[],
    /** The next balance transfer arrives quoting no reference we know, and the operator assigns it (see `payBalance`). */
    assignNext: false,
  };
}

/** The bank records a cost it advanced, or a payment the fund made it on the loss (never beyond the fund's share). */
export async function recordInput(flow: Flow, step: InputStep) {
  const { world, fx, bank } = flow;
  if (step.kind === "cost") {
    const recorded = await world.services.recoveryInputs.recordCost(bank, fx.kase.id, { kind: step.cost, description: "", amount: step.amount, incurredOn: world.today() });
    expect(recorded.ok).toBe(true);
    if (step.cost === "enforcement") flow.model.claim += step.amount;
    else flow.model.costs += step.amount;
    return;
  }
  const room = flow.fund.ceiling - flow.fund.paid;
  if (room <= 0n) return;
  const amount = bps(room, step.ofRoomBps) || 1n;
  const recorded = await world.services.recoveryInputs.recordSharerPayment(bank, fx.kase.id, { riskShareId: flow.fund.id, amount, paidOn: world.today() });
  expect(recorded.ok).toBe(true);
  flow.fund.paid += amount;
}

/**
 * Money the case received is distributed once, as the naive waterfall says: the costs unpaid (the platform fee
 * first), the claim, the residual; every line paid out to its party (the platform's fee kept as income).
 */
export async function expectDistributed(flow: Flow, amount: bigint, platformFee: bigint, setOff = 0n) {
  const fresh = (await distributionsOf(flow.world.db, flow.fx.kase.id)).filter((d) => !flow.seen.has(d.id));
  for (const d of fresh) flow.seen.add(d.id);
  expect(fresh.map((d) => d.amount)).toEqual(amount > 0n ? [amount] : []);
  if (!fresh[0]) return;
  const want = flow.model.take(amount, platformFee);
  const got = await expectPaidOut(flow, fresh[0].id, amount);
  expect({ costs: got.costs, claim: got.claim, residual: got.residual, platformFee: got.platformFee }).toEqual({ costs: want.costs, claim: want.claim, residual: want.residual, platformFee: want.platformFee });
  // A credit bidder's own lines are set off against its price: they never leave as cash.
  if (!fresh[0].inKind) flow.books.moneyOut(amount - want.platformFee - setOff);
  flow.books.fees += want.platformFee;
  return got;
}

/** A distribution's lines sum to its amount and each party's payouts equal its lines (all but the platform's fee paid out). */
async function expectPaidOut(flow: Flow, distributionId: string, amount: bigint) {
  const got = await distributionTotals(flow.world.db, distributionId);
  expect(got.total).toBe(amount);
  expect(got.payoutsByOrg).toEqual(got.linesByOrg);
  expect(got.payoutTotal).toBe(amount - got.platformFee);
  return got;
}

/** Distributions whose split depends on designs still changing (an equity exit): only their own consistency is checked. */
async function acknowledgeDistributions(flow: Flow) {
  const fresh = (await distributionsOf(flow.world.db, flow.fx.kase.id)).filter((d) => !flow.seen.has(d.id));
  for (const d of fresh) {
    flow.seen.add(d.id);
    await expectPaidOut(flow, d.id, d.amount);
  }
}

export const setListing = (flow: Flow, values: Partial<typeof listings.$inferInsert>) => flow.world.db.update(listings).set(values).where(eq(listings.id, flow.fx.listing.id));

/** What the buyer owes on top of the price (the judicial commission) and the seller's platform fee (private preset). */
function saleTerms(flow: Flow, price: bigint) {
  if (price > FIRST_BAND_UP_TO) throw new Error("the expected premium is worked out for the commission's first band only");
  return { premium: flow.preset === "judicial" ? bps(price, JUDICIAL_PREMIUM_BPS) : 0n, fee: flow.preset === "private" ? bps(price, flow.world.platformFeeBps) : 0n };
}

/** The buyer pays towards its balance by bank transfer, quoting the reference; beyond what is due is owed back. */
async function payBalance(flow: Flow, balancePayment: typeof payments.$inferSelect, buyer: string, amount: bigint) {
  const { world } = flow;
  if (flow.assignNext) {
    flow.assignNext = false;
    const receipt = await world.receiveStray(amount);
    expect(await balance(world.db, "suspense")).toBeLessThanOrEqual(-amount);
    expect(await world.services.payments.assignReceipt(flow.bank, receipt.id, { paymentId: balancePayment.id })).toMatchObject({ ok: true, outcome: "matched" });
  } else await world.receiveTransfer(balancePayment.reference, amount);
  flow.books.moneyIn(amount);
  if (amount > balancePayment.amount) flow.books.owedBack(buyer, amount - balancePayment.amount);
}

/** The buyer pays a settlement's balance by card (a charge captured at once); its webhooks reach us shuffled and duplicated. */
async function payByCard(flow: Flow, settlementId: string, buyer: string, amount: bigint, delivered: boolean) {
  const { world } = flow;
  const mark = world.standIn.events.length;
  const [org] = await world.db.select().from(organisations).where(eq(organisations.id, buyer));
  const started = await world.services.cardBalances.start(await world.principal(org!), { kind: "settlement", id: settlementId });
  if (!started.ok) throw new Error(`card payment refused: ${started.code}`);
  expect(started.amount).toBe(amount);
  const payment = await world.payment(started.paymentId);
  expect(world.standIn.authorise(payment.stripePaymentIntentId!)).toBe(true);
  flow.books.moneyIn(amount);
  if (delivered) await world.deliver(world.eventsSince(mark), { seed: Number(amount % 1_000n) + 1, copies: 2, together: true });
  return { payment, mark };
}

/**
 * A balance met in full with a card: all of it, the rest after a short transfer, or a charge that gets through
 * only after the transfer paid (the withdrawal job finds it captured: owed back to the card).
 */
async function payPartlyByCard(flow: Flow, settlementId: string, balancePayment: typeof payments.$inferSelect, buyer: string, due: bigint, payWith: PayWith) {
  const { world } = flow;
  if (payWith.kind === "card") return void (await payByCard(flow, settlementId, buyer, due, true));
  if (payWith.kind === "rest_by_card") {
    const part = bps(due, payWith.partBps) || 1n;
    await payBalance(flow, balancePayment, buyer, part);
    if (part < due) await payByCard(flow, settlementId, buyer, due - part, true);
    return;
  }
  const late = await payByCard(flow, settlementId, buyer, due, false);
  await payBalance(flow, balancePayment, buyer, due);
  await world.runPaymentJobs();
  await world.deliver(world.eventsSince(late.mark), { seed: payWith.partBps, copies: 3, together: false });
  expect(await world.payment(late.payment.id)).toMatchObject({ status: "succeeded", received: due });
  flow.books.owedBack(buyer, due);
}

/** The settlement's balance is met as the outcome says; then the price, or on a default the forfeited deposit, is distributed. */
async function settle(flow: Flow, settlementId: string, buyer: string, price: bigint, deposit: bigint, outcome: Outcome, payWith: PayWith) {
  const { world, books } = flow;
  const { premium, fee } = saleTerms(flow, price);
  const [{ creditOffset: setOff }] = (await world.db.select().from(settlements).where(eq(settlements.id, settlementId))) as [typeof settlements.$inferSelect];
  const due = price + premium - deposit - setOff;
  const [balancePayment] = await world.db.select().from(payments).where(eq(payments.settlementId, settlementId));
  expect(balancePayment).toMatchObject({ purpose: "balance", amount: due, status: "pending" });
  // The set-off closes its part of the receivable only when the price is distributed.
  expect(await balance(world.db, "receivable", buyer)).toBe(due + setOff);
  const paid = outcome.kind === "paid" ? due : outcome.kind === "overpaid" ? due + outcome.by : outcome.kind === "short_then_default" ? bps(due, outcome.paidBps) : 0n;
  if (outcome.kind === "paid" && payWith.kind !== "transfer") await payPartlyByCard(flow, settlementId, balancePayment!, buyer, due, payWith);
  else if (paid > 0n) await payBalance(flow, balancePayment!, buyer, paid);
  if (paid >= due) {
    books.fees += premium;
    const got = await expectDistributed(flow, price, fee, setOff);
    // The set-off is exactly what the price paid the credit bidder itself.
    if (setOff > 0n) expect(got?.linesByOrg.get(buyer)).toBe(setOff);
    return;
  }
  const [open] = await world.db.select().from(settlements).where(eq(settlements.id, settlementId));
  world.clock = new Date(open!.dueAt.getTime() + 1_000);
  expect(await world.services.settlements.deadline(settlementId)).not.toBe("skipped");
  expect((await world.db.select().from(settlements).where(eq(settlements.id, settlementId)))[0]!.status).toBe("defaulted");
  books.owedBack(buyer, paid);
  await expectDistributed(flow, deposit, 0n);
}

/** Deposits by bank transfer (sometimes in two parts, sometimes over-paid) or card hold; after registration each bidder's deposit is held. */
async function registerBidders(flow: Flow, s: SaleSpec) {
  const { world, books, fx } = flow;
  const mark = world.standIn.events.length;
  const deposits: Deposit[] = [];
  for (const [i, b] of s.bidders.entries()) {
    const org = await organisation(world.db, `Bidder ${i}`, "investor");
    const d = await world.requestDeposit(fx.listing.id, org.id, b.method, s.deposit);
    deposits.push(d);
    if (b.method === "card") {
      expect(world.standIn.authorise(d.intentId!)).toBe(true);
      continue;
    }
    const first = b.split ? s.deposit / 2n : s.deposit + b.over;
    await world.receiveTransfer(d.reference, first);
    if (b.split) await world.receiveTransfer(d.reference, s.deposit - first + b.over);
    books.moneyIn(s.deposit + b.over);
    if (b.over > 0n) books.owedBack(org.id, b.over);
  }
  if (s.holdSeenBy === "webhooks") await world.deliver(world.eventsSince(mark), s.delivery);
  else await world.services.payments.card!.reconcile();
  for (const d of deposits) {
    expect((await world.db.select().from(lotDeposits).where(eq(lotDeposits.id, d.depositId)))[0]!.status).toBe("confirmed");
    expect(await balance(world.db, "deposits_held", d.organisationId)).toBe(-s.deposit);
  }
  return { deposits, mark };
}

/**
 * A sale: bidders' deposits, the close (losers released, the winner's applied), the balance; the card jobs
 * (captures, cancellations) and every webhook again run before the balance, or only after it (`jobsLate`).
 */
export async function sale(flow: Flow, s: SaleSpec) {
  const { world, books } = flow;
  await setListing(flow, { mode: "english_auction", status: "open" });
  const cardHeldBefore = await balance(world.db, "card_holds");
  const { deposits, mark } = await registerBidders(flow, s);
  const onCards = deposits.filter((d) => d.method === "card").length;
  expect(await balance(world.db, "card_holds")).toBe(cardHeldBefore + BigInt(onCards) * s.deposit);

  // A judicial lot's creditor may register a credit bid (no deposit) and win it, paying in cash only what the price does not pay itself.
  const creditBid = s.creditBid && flow.preset === "judicial";
  if (creditBid) await confirmDeposit(world.db, flow.fx.listing.id, flow.fx.bank.id, `C${flow.buyers.length}`, "credit_bid", s.price * 2n);
  const winner = creditBid ? null : deposits[0]!;
  const losers = deposits.filter((d) => d !== winner);
  const buyer = winner?.organisationId ?? flow.fx.bank.id;
  flow.buyers.push(...deposits.map((d) => d.organisationId), ...(creditBid ? [buyer] : []));
  await setListing(flow, { status: "closed" });
  await world.db.transaction(async (tx) => {
    for (const d of losers) await releaseDeposit(tx, d.depositId, world.clock);
  });
  for (const d of losers) if (d.method === "bank_transfer") books.moneyOut(s.deposit);
  const [listing] = await world.db.select().from(listings).where(eq(listings.id, flow.fx.listing.id));
  const settlement = await world.db.transaction((tx) => openSettlement(tx, { listing: listing!, buyerOrganisationId: buyer, price: s.price, awardId: null }, world, world.clock));
  const balanceMet = () => settle(flow, settlement.id, buyer, s.price, winner ? s.deposit : 0n, creditBid ? { kind: "paid" } : s.outcome, s.payWith);
  if (s.jobsLate) await balanceMet();
  await world.runPaymentJobs();
  await world.deliver(world.eventsSince(mark), s.delivery);
  if (winner?.method === "card") books.moneyIn(s.deposit);
  for (const d of deposits.filter((x) => x.intentId)) {
    const ours = (await world.payment(d.paymentId)).status;
    expect(ours).toBe(d === winner ? "succeeded" : "canceled");
    expect(world.standIn.intents.get(d.intentId!)!.status).toBe(ours);
  }
  for (const d of losers) expect(await balance(world.db, "deposits_held", d.organisationId)).toBe(0n);
  if (!s.jobsLate) await balanceMet();
  if (!creditBid && s.relist && ["defaulted", "short_then_default"].includes(s.outcome.kind)) await sale(flow, { ...s, relist: false, outcome: { kind: "paid" } });
}

/** A negotiated discount: the creditor and the pledgor confirm (in either order); the creditor takes the right and settles its value. */
export async function discount(flow: Flow, s: DiscountSpec) {
  const { world, fx } = flow;
  const pledgorOrg = await organisation(world.db, "Pledgor", "ip_owner");
  await world.db.update(parties).set({ organisationId: pledgorOrg.id }).where(eq(parties.id, fx.pledgor.id));
  await setListing(flow, { mode: "negotiated_discount", status: "open", price: s.price });
  const pledgor = await world.principal(pledgorOrg);
  const order: Principal[] = s.pledgorFirst ? [pledgor, flow.bank] : [flow.bank, pledgor];
  for (const who of order) expect(await world.services.offers.discount.confirm(who, fx.listing.id, true)).toMatchObject({ ok: true });
  const [settlement] = await world.db.select().from(settlements).where(eq(settlements.listingId, fx.listing.id));
  expect(settlement).toMatchObject({ source: "discount", buyerOrganisationId: fx.bank.id, price: s.price });
  flow.buyers.push(fx.bank.id);
  await settle(flow, settlement!.id, fx.bank.id, s.price, 0n, s.outcome, s.payWith);
}

/** An equity contribution accepted: the agreed value recovered in kind; perhaps an exit later (recorded once, whatever it realises). */
export async function equity(flow: Flow, s: EquitySpec) {
  const { world, fx } = flow;
  await setListing(flow, { mode: "equity", status: "announced" });
  const venture = await organisation(world.db, "Venture", "venture_fund");
  const input = { targetCompanyName: "Target Co", targetCreditCode: "91440300MA5FDM99XB", agreedValue: s.agreed, valuationId: null, valuationAppraiser: "Appraiser", valuationDate: "2030-12-31", equityBps: 1_000, conditions: "" };
  const proposed = await world.services.offers.equity.propose(await world.principal(venture), fx.listing.id, input);
  if (!proposed.ok) throw new Error(`equity proposal refused: ${proposed.code}`);
  expect(await world.services.offers.equity.decide(flow.bank, proposed.id, "accept")).toMatchObject({ ok: true, status: "accepted" });
  await expectDistributed(flow, s.agreed, 0n);
  if (!s.exit) return;
  const [settlement] = await world.db.select().from(settlements).where(eq(settlements.listingId, fx.listing.id));
  const exit = { amount: bps(s.agreed, s.exit.realisedBps), realisedOn: world.today() };
  expect(await world.services.equityRecoveries.exit(flow.bank, settlement!.id, exit)).toMatchObject({ ok: true });
  if (s.exit.twice) expect(await world.services.equityRecoveries.exit(flow.bank, settlement!.id, exit)).toMatchObject({ ok: false });
  await acknowledgeDistributions(flow);
}
