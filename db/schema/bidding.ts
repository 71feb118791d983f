import { bigint, boolean, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { listings } from "./listings";
import { organisations, users } from "./organisations";

export const depositStatus = pgEnum("deposit_status", ["requested", "confirmed", "released", "forfeited", "applied"]);
export const depositMethod = pgEnum("deposit_method", ["bank_transfer", "card", "credit_bid"]);

/**
 * A bidder's deposit on one lot, and the bidder code that names the organisation in the room. A credit bid
 * (the applicant creditor under the judicial preset) is a row with no money and a cap: its claim.
 */
export const lotDeposits = pgTable(
  "lot_deposits",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    listingId: uuid("listing_id")
      .notNull()
      .references(() => listings.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    bidderCode: text("bidder_code").notNull(),
    method: depositMethod("method").notNull(),
    status: depositStatus("status").notNull().default("requested"),
    amount: bigint("amount", { mode: "bigint" }).notNull(),
    currency: text("currency").notNull().default("CNY"),
    /** For a credit bid: the most it may bid (its claim); null otherwise. */
    creditCap: bigint("credit_cap", { mode: "bigint" }),
    requestedBy: uuid("requested_by").references(() => users.id),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull(),
    confirmedBy: uuid("confirmed_by").references(() => users.id),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    releasedAt: timestamp("released_at", { withTimezone: true }),
  },
  (t) => [
    unique("lot_deposits_listing_org_key").on(t.listingId, t.organisationId),
    unique("lot_deposits_listing_code_key").on(t.listingId, t.bidderCode),
    check("lot_deposits_amount_nonnegative", sql`${t.amount} >= 0`),
  ],
);

/**
 * The live state of an auction lot, one row per auction listing. Every bid decision locks this row
 * (FOR UPDATE), so several server processes on one database never accept conflicting bids.
 */
export const lots = pgTable("lots", {
  listingId: uuid("listing_id")
    .primaryKey()
    .references(() => listings.id),
  seq: integer("seq").notNull().default(0),
  price: bigint("price", { mode: "bigint" }),
  leaderOrganisationId: uuid("leader_organisation_id").references(() => organisations.id),
  leaderCeiling: bigint("leader_ceiling", { mode: "bigint" }),
  leaderPriorityRank: integer("leader_priority_rank"),
  opensAt: timestamp("opens_at", { withTimezone: true, precision: 3 }).notNull(),
  endsAt: timestamp("ends_at", { withTimezone: true, precision: 3 }).notNull(),
  closedAt: timestamp("closed_at", { withTimezone: true }),
  outcome: text("outcome"),
  /** The hash of the lot's newest bid (its bid chain's head); null before the first bid. */
  chainHead: text("chain_head"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

/** Accepted bids, gap-free per lot, append-only (a trigger in migration 0010); a client bid id makes a retry return the same bid. */
export const bids = pgTable(
  "bids",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    listingId: uuid("listing_id")
      .notNull()
      .references(() => listings.id),
    seq: integer("seq").notNull(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    /** Null for a bid the engine placed for a proxy maximum. */
    userId: uuid("user_id").references(() => users.id),
    bidderCode: text("bidder_code").notNull(),
    amount: bigint("amount", { mode: "bigint" }).notNull(),
    maxAmount: bigint("max_amount", { mode: "bigint" }),
    auto: boolean("auto").notNull().default(false),
    clientBidId: text("client_bid_id"),
    placedAt: timestamp("placed_at", { withTimezone: true, precision: 3 }).notNull(),
    /** The lot's bid chain (decision 017): the previous bid's hash (zeros for seq 1) and this bid's own. */
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    unique("bids_listing_seq_key").on(t.listingId, t.seq),
    unique("bids_listing_org_client_key").on(t.listingId, t.organisationId, t.clientBidId),
    index("bids_org_idx").on(t.organisationId, t.placedAt),
    check("bids_amount_positive", sql`${t.amount} > 0`),
  ],
);

/** Holders of a priority purchase right on a lot: they may match the top price; a lower rank wins ties. */
export const lotPriorityRights = pgTable(
  "lot_priority_rights",
  {
    listingId: uuid("listing_id")
      .notNull()
      .references(() => listings.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    rank: integer("rank").notNull(),
  },
  (t) => [primaryKey({ columns: [t.listingId, t.organisationId] })],
);

/**
 * A sealed tender bid: the amount encrypted (AES-256-GCM, key from configuration, never stored here) and a
 * commitment (SHA-256 of the bid and a secret salt) the bidder keeps as a receipt. One per bidder, revisable.
 */
export const tenderBids = pgTable(
  "tender_bids",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    listingId: uuid("listing_id")
      .notNull()
      .references(() => listings.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    revision: integer("revision").notNull().default(1),
    keyId: text("key_id").notNull(),
    iv: text("iv").notNull(),
    ciphertext: text("ciphertext").notNull(),
    authTag: text("auth_tag").notNull(),
    commitment: text("commitment").notNull(),
    submittedBy: uuid("submitted_by").references(() => users.id),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
    /** Filled at the opening, together for every bid of the lot. */
    openedAmount: bigint("opened_amount", { mode: "bigint" }),
    verified: boolean("verified"),
    rank: integer("rank"),
  },
  (t) => [unique("tender_bids_listing_org_key").on(t.listingId, t.organisationId)],
);
