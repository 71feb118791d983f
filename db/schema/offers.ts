import { bigint, boolean, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { LICENCE_KINDS } from "../../server/domain/listings/vocabulary";
import { depositStatus } from "./bidding";
import { valuations } from "./collateral";
import { listings } from "./listings";
import { organisations, users } from "./organisations";

/** Offers on listings that are not live auctions: intents, licence applications, equity proposals, discounts. */
export const licenceKind = pgEnum("licence_kind", LICENCE_KINDS);
export const licenceApplicationKind = pgEnum("licence_application_kind", ["apply", "counter_offer"]);
export const offerStatus = pgEnum("offer_status", ["pending", "accepted", "declined", "withdrawn"]);
export const discountRole = pgEnum("discount_role", ["creditor", "pledgor"]);

/** A buyer's intent on a listed transfer or fixed-price sale; the deposit is confirmed by an operator. */
export const listingIntents = pgTable(
  "listing_intents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    listingId: uuid("listing_id").notNull().references(() => listings.id),
    buyerOrganisationId: uuid("buyer_organisation_id").notNull().references(() => organisations.id),
    depositAmount: bigint("deposit_amount", { mode: "bigint" }).notNull(),
    /** Where the deposit stands: requested (awaiting the money), confirmed (paid), applied to the price, released, forfeited. */
    depositStatus: depositStatus("deposit_status").notNull().default("requested"),
    depositConfirmedAt: timestamp("deposit_confirmed_at", { withTimezone: true }),
    depositConfirmedBy: uuid("deposit_confirmed_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("listing_intents_listing_buyer_key").on(t.listingId, t.buyerOrganisationId)],
);

export const licenceApplications = pgTable(
  "licence_applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    listingId: uuid("listing_id").notNull().references(() => listings.id),
    applicantOrganisationId: uuid("applicant_organisation_id").notNull().references(() => organisations.id),
    kind: licenceApplicationKind("kind").notNull(),
    /** upfrontFee, royaltyBps, minimumAnnualRoyalty (minor units as strings), termMonths, fieldOfUse, territory. */
    terms: jsonb("terms").notNull(),
    status: offerStatus("status").notNull().default("pending"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [index("licence_applications_listing_idx").on(t.listingId, t.createdAt)],
);

export const licenceAgreements = pgTable(
  "licence_agreements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    listingId: uuid("listing_id").notNull().references(() => listings.id),
    applicationId: uuid("application_id").notNull().unique().references(() => licenceApplications.id),
    licenseeOrganisationId: uuid("licensee_organisation_id").notNull().references(() => organisations.id),
    kind: licenceKind("kind").notNull(),
    terms: jsonb("terms").notNull(),
    /** The licence's first day: its licence years (for the minimum annual royalty) run from here. */
    startsOn: date("starts_on").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("licence_agreements_listing_idx").on(t.listingId)],
);

export const equityProposals = pgTable(
  "equity_proposals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    listingId: uuid("listing_id").notNull().references(() => listings.id),
    proposerOrganisationId: uuid("proposer_organisation_id").notNull().references(() => organisations.id),
    targetCompanyName: text("target_company_name").notNull(),
    targetCreditCode: text("target_credit_code").notNull(),
    agreedValue: bigint("agreed_value", { mode: "bigint" }).notNull(),
    /** The valuation the agreed value rests on: a recorded one, or a named appraiser and date. */
    valuationId: uuid("valuation_id").references(() => valuations.id),
    valuationAppraiser: text("valuation_appraiser"),
    valuationDate: text("valuation_date"),
    equityBps: integer("equity_bps").notNull(),
    conditions: text("conditions").notNull().default(""),
    status: offerStatus("status").notNull().default("pending"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [index("equity_proposals_listing_idx").on(t.listingId, t.createdAt)],
);

export const discountConfirmations = pgTable(
  "discount_confirmations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    listingId: uuid("listing_id").notNull().references(() => listings.id),
    role: discountRole("role").notNull(),
    confirmed: boolean("confirmed").notNull(),
    confirmedBy: uuid("confirmed_by").notNull().references(() => users.id),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("discount_confirmations_listing_role_key").on(t.listingId, t.role)],
);

/** Who won a listing outside an auction, and at what price. One per listing. */
export const awards = pgTable("awards", {
  id: uuid("id").primaryKey().defaultRandom(),
  listingId: uuid("listing_id").notNull().unique().references(() => listings.id),
  buyerOrganisationId: uuid("buyer_organisation_id").notNull().references(() => organisations.id),
  price: bigint("price", { mode: "bigint" }).notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
});
