/** The nouns of the collateral book, shared by db enums, schemas, rules and pages. */
export const ASSET_TYPES = [
  "patent_invention",
  "patent_utility_model",
  "patent_design",
  "trademark",
  "copyright_software",
  "copyright_work",
] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export const LEGAL_STATUSES = [
  "valid",
  "annuity_due",
  "in_grace",
  "lapsed",
  "invalidation_pending",
  "invalidated",
  "expired",
  "transferred",
] as const;
export type LegalStatus = (typeof LEGAL_STATUSES)[number];

export const REGISTRY_EVENT_KINDS = [
  "status_change",
  "transfer",
  "licence_recordal",
  "pledge",
  "pledge_release",
  "invalidation_request",
  "preservation_order",
  "preservation_release",
] as const;
export type RegistryEventKind = (typeof REGISTRY_EVENT_KINDS)[number];

/** A registry event is a confirmed fact, or an organisation's report awaiting (or refused) confirmation. */
export const REGISTRY_EVENT_STATUSES = ["reported", "confirmed", "rejected"] as const;
export type RegistryEventStatus = (typeof REGISTRY_EVENT_STATUSES)[number];

export const VALUATION_METHODS = ["income", "market", "cost"] as const;
export type ValuationMethod = (typeof VALUATION_METHODS)[number];

export const LOAN_STATUSES = ["performing", "overdue", "defaulted", "in_disposal", "recovered", "written_off"] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];

export const PLEDGE_STATUSES = ["registered", "changed", "enforcing", "realised", "cancelled"] as const;
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];

export const RISK_SHARING_MODES = ["pro_rata", "subrogated"] as const;
export type RiskSharingMode = (typeof RISK_SHARING_MODES)[number];

/** Roles a party plays in a risk-sharing agreement. */
export const SHARE_ROLES = ["bank", "risk_fund", "insurer", "guarantor", "re_guarantor", "valuer"] as const;
export type ShareRole = (typeof SHARE_ROLES)[number];

export const ALERT_RULES = [
  "annuity_due_soon",
  "in_grace_period",
  "lapsed",
  "expired",
  "invalidation_pending",
  "preservation_order",
  "ownership_changed",
  "valuation_fell",
  "coverage_below_one",
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const ALERT_SEVERITIES = ["info", "warning", "critical"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const CURRENCIES = ["CNY", "USD", "EUR", "HKD"] as const;
export type Currency = (typeof CURRENCIES)[number];

export function isPatent(type: AssetType): boolean {
  return type.startsWith("patent_");
}
