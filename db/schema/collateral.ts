import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import {
  ASSET_TYPES,
  LEGAL_STATUSES,
  LOAN_STATUSES,
  PLEDGE_STATUSES,
  REGISTRY_EVENT_KINDS,
  REGISTRY_EVENT_STATUSES,
  RISK_SHARING_MODES,
  SHARE_ROLES,
  VALUATION_METHODS,
} from "../../server/domain/collateral/vocabulary";
import { organisations, users } from "./organisations";

export const assetType = pgEnum("asset_type", ASSET_TYPES);
export const legalStatus = pgEnum("legal_status", LEGAL_STATUSES);
export const registryEventKind = pgEnum("registry_event_kind", REGISTRY_EVENT_KINDS);
export const registryEventStatus = pgEnum("registry_event_status", REGISTRY_EVENT_STATUSES);
export const valuationMethod = pgEnum("valuation_method", VALUATION_METHODS);
export const loanStatus = pgEnum("loan_status", LOAN_STATUSES);
export const pledgeStatus = pgEnum("pledge_status", PLEDGE_STATUSES);
export const riskSharingMode = pgEnum("risk_sharing_mode", RISK_SHARING_MODES);
export const shareRole = pgEnum("share_role", SHARE_ROLES);

const money = (name: string) => bigint(name, { mode: "bigint" });
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/**
 * A right as the registry knows it: one row per (type, jurisdiction, registry number), shared by every
 * bank that takes it as collateral. Who may see it follows from pledges and valuations, never from this row.
 */
export const ipAssets = pgTable(
  "ip_assets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    type: assetType("type").notNull(),
    jurisdiction: text("jurisdiction").notNull().default("CN"),
    registryNumber: text("registry_number").notNull(),
    title: text("title").notNull(),
    owners: text("owners").array().notNull().default(sql`'{}'::text[]`),
    classes: text("classes").array().notNull().default(sql`'{}'::text[]`),
    filedOn: date("filed_on"),
    grantedOn: date("granted_on"),
    expiresOn: date("expires_on"),
    legalStatus: legalStatus("legal_status").notNull().default("valid"),
    nextAnnuityDue: date("next_annuity_due"),
    description: text("description").notNull().default(""),
    registeredBy: uuid("registered_by").references(() => organisations.id),
    createdAt: createdAt(),
  },
  (t) => [unique("ip_assets_registry_key").on(t.type, t.jurisdiction, t.registryNumber)],
);

export const registryEvents = pgTable(
  "registry_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => ipAssets.id, { onDelete: "cascade" }),
    kind: registryEventKind("kind").notNull(),
    occurredOn: date("occurred_on").notNull(),
    source: text("source").notNull(),
    /** The source's own reference, so a feed imported twice records each event once. */
    sourceRef: text("source_ref").notNull(),
    newStatus: legalStatus("new_status"),
    details: jsonb("details"),
    recordedBy: uuid("recorded_by").references(() => organisations.id),
    /**
     * Registry facts are shared: the feed and the operator record them confirmed; an organisation's own
     * event is its report, which changes the shared status only once an operator confirms it.
     */
    status: registryEventStatus("status").notNull().default("confirmed"),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("registry_events_status_idx").on(t.status, t.createdAt), unique("registry_events_source_key").on(t.assetId, t.source, t.sourceRef), index("registry_events_asset_idx").on(t.assetId, t.occurredOn)],
);

export const documents = pgTable(
  "documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    assetId: uuid("asset_id").references(() => ipAssets.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull().unique(),
    uploadedBy: uuid("uploaded_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("documents_asset_idx").on(t.assetId)],
);

export const valuations = pgTable(
  "valuations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => ipAssets.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    appraiser: text("appraiser").notNull(),
    method: valuationMethod("method").notNull(),
    amount: money("amount").notNull(),
    currency: text("currency").notNull(),
    valuedOn: date("valued_on").notNull(),
    reportDocumentId: uuid("report_document_id").references(() => documents.id),
    createdAt: createdAt(),
  },
  (t) => [
    unique("valuations_natural_key").on(t.organisationId, t.assetId, t.appraiser, t.valuedOn),
    check("valuations_amount_positive", sql`${t.amount} > 0`),
    index("valuations_asset_idx").on(t.assetId, t.valuedOn),
  ],
);

/** A legal person named in records, keyed by unified social credit code; may or may not be on the exchange. */
export const parties = pgTable("parties", {
  id: uuid("id").primaryKey().defaultRandom(),
  creditCode: text("credit_code").notNull().unique(),
  name: text("name").notNull(),
  organisationId: uuid("organisation_id").references(() => organisations.id),
  createdAt: createdAt(),
});

export const loans = pgTable(
  "loans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    reference: text("reference").notNull(),
    borrowerId: uuid("borrower_id")
      .notNull()
      .references(() => parties.id),
    currency: text("currency").notNull(),
    principal: money("principal").notNull(),
    rateBps: integer("rate_bps").notNull(),
    disbursedOn: date("disbursed_on").notNull(),
    maturesOn: date("matures_on").notNull(),
    status: loanStatus("status").notNull().default("performing"),
    outstandingPrincipal: money("outstanding_principal").notNull(),
    accruedInterest: money("accrued_interest").notNull().default(sql`0`),
    penaltyInterest: money("penalty_interest").notNull().default(sql`0`),
    createdAt: createdAt(),
  },
  (t) => [
    unique("loans_reference_key").on(t.organisationId, t.reference),
    check("loans_amounts_non_negative", sql`${t.principal} > 0 and ${t.outstandingPrincipal} >= 0 and ${t.accruedInterest} >= 0 and ${t.penaltyInterest} >= 0`),
    check("loans_dates_ordered", sql`${t.maturesOn} >= ${t.disbursedOn}`),
  ],
);

export const riskSharingAgreements = pgTable("risk_sharing_agreements", {
  loanId: uuid("loan_id")
    .primaryKey()
    .references(() => loans.id, { onDelete: "cascade" }),
  mode: riskSharingMode("mode").notNull(),
  preset: text("preset"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const riskShares = pgTable(
  "risk_shares",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    loanId: uuid("loan_id")
      .notNull()
      .references(() => riskSharingAgreements.loanId, { onDelete: "cascade" }),
    role: shareRole("role").notNull(),
    partyName: text("party_name").notNull(),
    organisationId: uuid("organisation_id").references(() => organisations.id),
    shareBps: integer("share_bps").notNull(),
  },
  (t) => [check("risk_shares_bps_range", sql`${t.shareBps} > 0 and ${t.shareBps} <= 10000`), index("risk_shares_org_idx").on(t.organisationId)],
);

export const pledges = pgTable(
  "pledges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    loanId: uuid("loan_id")
      .notNull()
      .references(() => loans.id, { onDelete: "cascade" }),
    registryPledgeNumber: text("registry_pledge_number").notNull(),
    registeredAt: timestamp("registered_at", { withTimezone: true }).notNull(),
    pledgorId: uuid("pledgor_id")
      .notNull()
      .references(() => parties.id),
    securedAmount: money("secured_amount").notNull(),
    currency: text("currency").notNull(),
    scope: text("scope").notNull().default(""),
    status: pledgeStatus("status").notNull().default("registered"),
    createdAt: createdAt(),
  },
  (t) => [unique("pledges_registry_key").on(t.registryPledgeNumber), check("pledges_secured_positive", sql`${t.securedAmount} > 0`)],
);

export const pledgeAssets = pgTable(
  "pledge_assets",
  {
    pledgeId: uuid("pledge_id")
      .notNull()
      .references(() => pledges.id, { onDelete: "cascade" }),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => ipAssets.id),
  },
  (t) => [primaryKey({ columns: [t.pledgeId, t.assetId] }), index("pledge_assets_asset_idx").on(t.assetId)],
);

/** Opened by "declare default": the exposure at default is frozen here; costs are added afterwards. */
export const disposalCases = pgTable("disposal_cases", {
  id: uuid("id").primaryKey().defaultRandom(),
  loanId: uuid("loan_id")
    .notNull()
    .unique()
    .references(() => loans.id),
  organisationId: uuid("organisation_id")
    .notNull()
    .references(() => organisations.id),
  defaultedOn: date("defaulted_on").notNull(),
  currency: text("currency").notNull(),
  principalAtDefault: money("principal_at_default").notNull(),
  interestAtDefault: money("interest_at_default").notNull(),
  penaltyAtDefault: money("penalty_at_default").notNull(),
  costsAtDefault: money("costs_at_default").notNull(),
  openedBy: uuid("opened_by").references(() => users.id),
  openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
  status: text("status").notNull().default("open"),
});

export const disposalCaseAssets = pgTable(
  "disposal_case_assets",
  {
    caseId: uuid("case_id")
      .notNull()
      .references(() => disposalCases.id, { onDelete: "cascade" }),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => ipAssets.id),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.assetId] })],
);
