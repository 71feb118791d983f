import { sql } from "drizzle-orm";
import { type AnyPgColumn, bigint, customType, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { PUBLIC_STATUSES } from "../../server/domain/listings/catalogue-query";
import { LISTING_MODES, LISTING_STATUSES, PRESETS } from "../../server/domain/listings/vocabulary";
import { disposalCases, ipAssets } from "./collateral";
import { organisations, users } from "./organisations";

export const listingMode = pgEnum("listing_mode", LISTING_MODES);
export const listingStatus = pgEnum("listing_status", LISTING_STATUSES);
export const listingPreset = pgEnum("listing_preset", PRESETS);

const publicOnly = (status: AnyPgColumn) => sql`${status} in (${sql.raw(PUBLIC_STATUSES.map((s) => `'${s}'`).join(", "))})`;

/** A tsvector column: our own tokens (CJK bigrams and lower-cased words), written by the service. */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * A lot: one right or a bundle, offered in one mode under one preset. Search and filter columns are
 * denormalised here (types, classes, region, price, tokens) so the catalogue is one indexed table.
 */
export const listings = pgTable(
  "listings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    disposalCaseId: uuid("disposal_case_id").references(() => disposalCases.id),
    previousListingId: uuid("previous_listing_id"),
    attempt: integer("attempt").notNull().default(1),
    mode: listingMode("mode").notNull(),
    preset: listingPreset("preset").notNull(),
    status: listingStatus("status").notNull().default("draft"),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    region: text("region").notNull().default("CN-GD"),
    currency: text("currency").notNull().default("CNY"),
    /** Start price, posted price, fixed price or upfront fee: the price the catalogue filters on. */
    price: bigint("price", { mode: "bigint" }).notNull(),
    appraisal: bigint("appraisal", { mode: "bigint" }),
    terms: jsonb("terms").notNull(),
    assetTypes: text("asset_types").array().notNull().default(sql`'{}'::text[]`),
    classes: text("classes").array().notNull().default(sql`'{}'::text[]`),
    searchText: text("search_text").notNull().default(""),
    searchTokens: tsvector("search_tokens").notNull().default(sql`''::tsvector`),
    announceAt: timestamp("announce_at", { withTimezone: true }),
    opensAt: timestamp("opens_at", { withTimezone: true }),
    closesAt: timestamp("closes_at", { withTimezone: true }),
    reviewReason: text("review_reason"),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    // The catalogue's indexes cover only what it may show (PUBLIC_STATUSES; its queries repeat the predicate).
    index("listings_search_idx").using("gin", t.searchTokens).where(publicOnly(t.status)),
    // Browsing without text counts and sorts from this index alone (an index-only scan).
    index("listings_browse_idx")
      .on(t.status, t.closesAt, t.mode, t.region, t.price, t.announceAt, t.createdAt, t.id, t.assetTypes)
      .where(publicOnly(t.status)),
    index("listings_catalogue_idx").on(t.status, t.mode, t.price),
    index("listings_closes_idx").on(t.closesAt),
    index("listings_types_idx").using("gin", t.assetTypes),
    index("listings_classes_idx").using("gin", t.classes),
    index("listings_org_idx").on(t.organisationId, t.createdAt),
  ],
);

export const listingAssets = pgTable(
  "listing_assets",
  {
    listingId: uuid("listing_id")
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => ipAssets.id),
  },
  (t) => [primaryKey({ columns: [t.listingId, t.assetId] }), index("listing_assets_asset_idx").on(t.assetId)],
);
