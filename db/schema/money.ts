import { sql } from "drizzle-orm";
import { type AnyPgColumn, bigint, boolean, check, date, index, integer, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { lotDeposits } from "./bidding";
import { disposalCases, loans, pledges, riskShares } from "./collateral";
import { listings } from "./listings";
import { awards, licenceAgreements, listingIntents } from "./offers";
import { organisations, users } from "./organisations";

const money = (name: string) => bigint(name, { mode: "bigint" });
const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Money after an award (issue 6): settlements and payments, the double-entry ledger, distributions through the
 * waterfall, the costs and risk-sharers' payments they repay, payouts, and who may no longer bid.
 */
export const settlementStatus = pgEnum("settlement_status", ["awaiting_payment", "paid", "completed", "defaulted"]);
/** What was realised: a sale (auction, tender, listed transfer, fixed price), a licence's royalties, an equity contribution, a negotiated discount. */
export const settlementSource = pgEnum("settlement_source", ["sale", "licence", "equity", "discount"]);

export const settlements = pgTable(
  "settlements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    listingId: uuid("listing_id")
      .notNull()
      .references(() => listings.id),
    awardId: uuid("award_id").references(() => awards.id),
    licenceAgreementId: uuid("licence_agreement_id").references(() => licenceAgreements.id),
    /** The disposal case whose loan the proceeds repay (null: the seller's own IP, no loan behind it). */
    disposalCaseId: uuid("disposal_case_id").references(() => disposalCases.id),
    source: settlementSource("source").notNull(),
    buyerOrganisationId: uuid("buyer_organisation_id")
      .notNull()
      .references(() => organisations.id),
    sellerOrganisationId: uuid("seller_organisation_id")
      .notNull()
      .references(() => organisations.id),
    currency: text("currency").notNull(),
    price: money("price").notNull(),
    /** Paid by the buyer on top of the price (judicial preset: within the commission caps). */
    buyerPremium: money("buyer_premium").notNull().default(sql`0`),
    /** The platform's fee, out of the proceeds: the first disposal cost of the waterfall. */
    platformFee: money("platform_fee").notNull().default(sql`0`),
    depositApplied: money("deposit_applied").notNull().default(sql`0`),
    /** price + buyer's premium − deposit applied. */
    balanceDue: money("balance_due").notNull(),
    dueAt: at("due_at").notNull(),
    status: settlementStatus("status").notNull().default("awaiting_payment"),
    paidAt: at("paid_at"),
    completedAt: at("completed_at"),
    defaultedAt: at("defaulted_at"),
    transferFiledAt: at("transfer_filed_at"),
    transferRecordedAt: at("transfer_recorded_at"),
    pledgeCancelledAt: at("pledge_cancelled_at"),
    /** A credit bid: the part of the price the buyer (the selling creditor) settles against its own share of the proceeds instead of paying it. */
    creditOffset: money("credit_offset").notNull().default(sql`0`),
    /** An equity contribution's exit: the cash the shares realised, and when (the recovery is adjusted to it, once). */
    realisedAmount: money("realised_amount"),
    realisedOn: date("realised_on"),
    /** A re-offer after a default (the runner-up at its own bid) points at the defaulted settlement. */
    supersedesId: uuid("supersedes_id").references((): AnyPgColumn => settlements.id),
    createdAt: at("created_at").notNull(),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [
    // One live settlement per listing; a defaulted one may be followed by another.
    uniqueIndex("settlements_live_listing_idx").on(t.listingId).where(sql`${t.status} <> 'defaulted' and ${t.source} <> 'licence'`),
    index("settlements_buyer_idx").on(t.buyerOrganisationId, t.createdAt),
    index("settlements_seller_idx").on(t.sellerOrganisationId, t.createdAt),
    index("settlements_due_idx").on(t.status, t.dueAt),
    check("settlements_amounts", sql`${t.price} >= 0 and ${t.buyerPremium} >= 0 and ${t.platformFee} >= 0 and ${t.depositApplied} >= 0 and ${t.balanceDue} >= 0 and ${t.creditOffset} >= 0 and ${t.realisedAmount} >= 0`),
  ],
);

export const paymentMethod = pgEnum("payment_method", ["card", "bank_transfer", "credit_bid", "in_kind"]);
export const paymentPurpose = pgEnum("payment_purpose", ["deposit", "balance", "royalty", "refund"]);
/** Card payments follow Stripe's PaymentIntent (held = requires_capture); a bank transfer is pending until received. */
export const paymentStatus = pgEnum("payment_status", ["pending", "held", "succeeded", "canceled", "refunded", "failed"]);

export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    payerOrganisationId: uuid("payer_organisation_id")
      .notNull()
      .references(() => organisations.id),
    purpose: paymentPurpose("purpose").notNull(),
    method: paymentMethod("method").notNull(),
    status: paymentStatus("status").notNull().default("pending"),
    settlementId: uuid("settlement_id").references(() => settlements.id),
    lotDepositId: uuid("lot_deposit_id").references(() => lotDeposits.id),
    /** A listed transfer's or fixed-price sale's deposit (the buyer's registered intent). */
    listingIntentId: uuid("listing_intent_id").references(() => listingIntents.id),
    royaltyReportId: uuid("royalty_report_id").references((): AnyPgColumn => royaltyReports.id),
    currency: text("currency").notNull(),
    /** What is asked for; `received` is what arrived (a bank transfer may be short or over). */
    amount: money("amount").notNull(),
    received: money("received").notNull().default(sql`0`),
    /** The reference a payer quotes on a bank transfer. */
    reference: text("reference").notNull().unique(),
    stripePaymentIntentId: text("stripe_payment_intent_id").unique(),
    /** A card hold's end (Stripe's authorisation window): renew or pay by transfer before it. */
    holdExpiresAt: at("hold_expires_at"),
    createdAt: at("created_at").notNull(),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [
    index("payments_payer_idx").on(t.payerOrganisationId, t.createdAt),
    index("payments_settlement_idx").on(t.settlementId),
    index("payments_listing_intent_idx").on(t.listingIntentId),
    check("payments_amounts", sql`${t.amount} >= 0 and ${t.received} >= 0`),
  ],
);

/** A bank transfer as the bank reported it: recorded by an operator or imported from a statement; the serial makes it once. */
export const bankReceipts = pgTable(
  "bank_receipts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    bankSerial: text("bank_serial").notNull().unique(),
    currency: text("currency").notNull(),
    amount: money("amount").notNull(),
    reference: text("reference").notNull(),
    payerName: text("payer_name").notNull().default(""),
    receivedOn: date("received_on").notNull(),
    /** The payment it was matched to by reference; null: unmatched, shown to operators. */
    paymentId: uuid("payment_id").references(() => payments.id),
    recordedBy: uuid("recorded_by").references(() => users.id),
    createdAt: at("created_at").notNull(),
  },
  (t) => [index("bank_receipts_payment_idx").on(t.paymentId), check("bank_receipts_amount_positive", sql`${t.amount} > 0`)],
);

/** Stripe webhook events, recorded by id in the same transaction as their effect: a duplicate finds its row and does nothing. */
export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  objectId: text("object_id").notNull(),
  receivedAt: at("received_at").notNull(),
});

/**
 * The ledger: double entry, append-only (triggers refuse updates and deletes), every entry balanced per
 * currency (a deferred trigger checks the sum of its lines is zero at commit). Amounts: debit positive,
 * credit negative. Corrections are reversing entries (`reversesId`).
 */
export const journalEntries = pgTable(
  "journal_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    currency: text("currency").notNull(),
    kind: text("kind").notNull(),
    memo: text("memo").notNull().default(""),
    settlementId: uuid("settlement_id").references(() => settlements.id),
    paymentId: uuid("payment_id").references(() => payments.id),
    distributionId: uuid("distribution_id").references((): AnyPgColumn => distributions.id),
    /** A bank receipt held in suspense until it is matched, assigned or returned. */
    bankReceiptId: uuid("bank_receipt_id").references((): AnyPgColumn => bankReceipts.id),
    refundId: uuid("refund_id").references((): AnyPgColumn => refunds.id),
    reversesId: uuid("reverses_id").references((): AnyPgColumn => journalEntries.id),
    createdAt: at("created_at").notNull(),
  },
  (t) => [index("journal_entries_settlement_idx").on(t.settlementId), unique("journal_entries_reverses_key").on(t.reversesId)],
);

export const journalLines = pgTable(
  "journal_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    entryId: uuid("entry_id")
      .notNull()
      .references(() => journalEntries.id),
    /** The chart's account code (cash, deposits_held, escrow, receivable, payable, fees, in_kind, …). */
    account: text("account").notNull(),
    /** The party of a sub-ledger account (whose deposit, whose payable); null for the platform's own. */
    organisationId: uuid("organisation_id").references(() => organisations.id),
    partyName: text("party_name"),
    amount: money("amount").notNull(),
  },
  (t) => [index("journal_lines_entry_idx").on(t.entryId), index("journal_lines_account_idx").on(t.account, t.organisationId), check("journal_lines_amount_nonzero", sql`${t.amount} <> 0`)],
);

export const distributionSource = pgEnum("distribution_source", ["sale", "royalty", "forfeited_deposit", "equity", "discount"]);
export const distributionComponent = pgEnum("distribution_component", ["disposal_cost", "enforcement_costs", "interest", "principal", "surplus", "royalty_to_holder"]);

/** An amount received on a disposal, run through the waterfall once; its lines sum to the amount. */
export const distributions = pgTable(
  "distributions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    disposalCaseId: uuid("disposal_case_id").references(() => disposalCases.id),
    settlementId: uuid("settlement_id").references(() => settlements.id),
    paymentId: uuid("payment_id").references(() => payments.id),
    source: distributionSource("source").notNull(),
    currency: text("currency").notNull(),
    amount: money("amount").notNull(),
    /** In kind (an equity contribution at its agreed value): recovered, but no cash to pay out. */
    inKind: boolean("in_kind").notNull().default(false),
    /** Replaced (an in-kind recovery adjusted to the cash an equity exit realised): no longer counted as recovered. */
    reversedAt: at("reversed_at"),
    receivedOn: date("received_on").notNull(),
    createdAt: at("created_at").notNull(),
  },
  (t) => [
    index("distributions_case_idx").on(t.disposalCaseId, t.receivedOn),
    // One distribution per payment (a webhook or a job that runs twice finds it).
    uniqueIndex("distributions_payment_idx").on(t.paymentId),
    check("distributions_amount_positive", sql`${t.amount} > 0`),
  ],
);

export const distributionLines = pgTable(
  "distribution_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    distributionId: uuid("distribution_id")
      .notNull()
      .references(() => distributions.id),
    position: integer("position").notNull(),
    component: distributionComponent("component").notNull(),
    loanId: uuid("loan_id").references(() => loans.id),
    pledgeId: uuid("pledge_id").references(() => pledges.id),
    riskShareId: uuid("risk_share_id").references(() => riskShares.id),
    disposalCostId: uuid("disposal_cost_id").references((): AnyPgColumn => disposalCosts.id),
    /** Who receives it: an organisation on the exchange, or only a name (a pledgor, a registry). */
    organisationId: uuid("organisation_id").references(() => organisations.id),
    partyName: text("party_name").notNull(),
    amount: money("amount").notNull(),
  },
  (t) => [unique("distribution_lines_position_key").on(t.distributionId, t.position), index("distribution_lines_org_idx").on(t.organisationId), check("distribution_lines_amount_positive", sql`${t.amount} > 0`)],
);

export const disposalCostKind = pgEnum("disposal_cost_kind", ["platform_fee", "appraisal", "registry_fee", "annuity", "enforcement", "other"]);

/** Costs of a disposal, advanced by someone (usually the bank) and repaid first by the waterfall. */
export const disposalCosts = pgTable(
  "disposal_costs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    disposalCaseId: uuid("disposal_case_id")
      .notNull()
      .references(() => disposalCases.id),
    kind: disposalCostKind("kind").notNull(),
    description: text("description").notNull().default(""),
    currency: text("currency").notNull(),
    amount: money("amount").notNull(),
    incurredOn: date("incurred_on").notNull(),
    /** Who advanced it and is repaid by the waterfall. */
    paidByOrganisationId: uuid("paid_by_organisation_id").references(() => organisations.id),
    paidByName: text("paid_by_name").notNull(),
    createdAt: at("created_at").notNull(),
  },
  (t) => [index("disposal_costs_case_idx").on(t.disposalCaseId), check("disposal_costs_amount_positive", sql`${t.amount} > 0`)],
);

/** What a risk-sharing party paid the bank on a defaulted loan (代偿 / 补偿), and when: recoveries return to it in proportion, never beyond. */
export const riskSharePayments = pgTable(
  "risk_share_payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    loanId: uuid("loan_id")
      .notNull()
      .references(() => loans.id),
    riskShareId: uuid("risk_share_id")
      .notNull()
      .references(() => riskShares.id),
    currency: text("currency").notNull(),
    amount: money("amount").notNull(),
    paidOn: date("paid_on").notNull(),
    createdAt: at("created_at").notNull(),
  },
  (t) => [index("risk_share_payments_loan_idx").on(t.loanId), check("risk_share_payments_amount_positive", sql`${t.amount} > 0`)],
);

export const payoutStatus = pgEnum("payout_status", ["recorded", "transferred", "failed"]);

/** A distribution line paid out to its party: recorded, or a Stripe Connect transfer where configured. */
export const payouts = pgTable("payouts", {
  id: uuid("id").primaryKey().defaultRandom(),
  distributionLineId: uuid("distribution_line_id")
    .notNull()
    .unique()
    .references(() => distributionLines.id),
  organisationId: uuid("organisation_id").references(() => organisations.id),
  currency: text("currency").notNull(),
  amount: money("amount").notNull(),
  status: payoutStatus("status").notNull().default("recorded"),
  stripeTransferId: text("stripe_transfer_id").unique(),
  transferredAt: at("transferred_at"),
  /** Why a transfer failed (Stripe's message), shown to operators. */
  failureMessage: text("failure_message"),
  createdAt: at("created_at").notNull(),
});

/** A period's running royalty as reported, or the top-up that brings a licence year's royalties up to its minimum. */
export const royaltyReportKind = pgEnum("royalty_report_kind", ["period", "minimum_top_up"]);

/** A licensee's royalty report for one period; paid through a payment, distributed like any proceeds. */
export const royaltyReports = pgTable(
  "royalty_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    licenceAgreementId: uuid("licence_agreement_id")
      .notNull()
      .references(() => licenceAgreements.id),
    kind: royaltyReportKind("kind").notNull().default("period"),
    periodStart: date("period_start").notNull(),
    periodEnd: date("period_end").notNull(),
    currency: text("currency").notNull(),
    netSales: money("net_sales").notNull(),
    royaltyDue: money("royalty_due").notNull(),
    reportedBy: uuid("reported_by").references(() => users.id),
    reportedAt: at("reported_at").notNull(),
  },
  (t) => [unique("royalty_reports_period_key").on(t.licenceAgreementId, t.kind, t.periodStart), check("royalty_reports_amounts", sql`${t.netSales} >= 0 and ${t.royaltyDue} >= 0 and ${t.periodEnd} >= ${t.periodStart}`)],
);

/** A winner who did not pay: barred from bidding again on the case's lots (or the listing's, without a case). */
export const bidderBars = pgTable(
  "bidder_bars",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    disposalCaseId: uuid("disposal_case_id").references(() => disposalCases.id),
    listingId: uuid("listing_id")
      .notNull()
      .references(() => listings.id),
    settlementId: uuid("settlement_id")
      .notNull()
      .unique()
      .references(() => settlements.id),
    reason: text("reason").notNull(),
    createdAt: at("created_at").notNull(),
  },
  (t) => [index("bidder_bars_org_idx").on(t.organisationId)],
);

export const refundSource = pgEnum("refund_source", ["overpayment", "part_payment", "unmatched_receipt"]);
export const refundMethod = pgEnum("refund_method", ["bank_transfer", "card"]);
export const refundStatus = pgEnum("refund_status", ["pending", "paid", "failed"]);

/**
 * Money going back to a payer: what was paid over (or paid towards a sale that then defaulted) and is owed back
 * (`refunds_due`), or a bank receipt nobody could match, returned from suspense. A bank transfer out is recorded
 * by an operator with its serial; a card refund goes through Stripe.
 */
export const refunds = pgTable(
  "refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    source: refundSource("source").notNull(),
    method: refundMethod("method").notNull(),
    status: refundStatus("status").notNull().default("pending"),
    /** The payment the money came in on (over-payment, part payment); null for a returned unmatched receipt. */
    paymentId: uuid("payment_id").references(() => payments.id),
    bankReceiptId: uuid("bank_receipt_id")
      .unique()
      .references(() => bankReceipts.id),
    settlementId: uuid("settlement_id").references(() => settlements.id),
    organisationId: uuid("organisation_id").references(() => organisations.id),
    payeeName: text("payee_name").notNull(),
    currency: text("currency").notNull(),
    amount: money("amount").notNull(),
    /** The outgoing bank transfer's serial (recorded once), or Stripe's refund. */
    bankSerial: text("bank_serial").unique(),
    stripeRefundId: text("stripe_refund_id").unique(),
    failureMessage: text("failure_message"),
    recordedBy: uuid("recorded_by").references(() => users.id),
    createdAt: at("created_at").notNull(),
    paidAt: at("paid_at"),
  },
  (t) => [index("refunds_payment_idx").on(t.paymentId), index("refunds_org_idx").on(t.organisationId, t.createdAt), check("refunds_amount_positive", sql`${t.amount} > 0`)],
);
