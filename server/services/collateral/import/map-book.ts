import { z } from "zod";
import { RISK_SHARING_PRESET_NAMES } from "../../../domain/collateral/risk-sharing";
import { RISK_SHARING_MODES, type RiskSharingMode } from "../../../domain/collateral/vocabulary";
import { AssetInputSchema, CreditCodeSchema, LoanRowSchema, PledgeRowBaseSchema, ShareLineSchema, ValuationRowBaseSchema } from "../../../domain/schemas/collateral";
import { type Cells, type RowIssue, type RowResult, cellIssues, checkAssetRef, list, ok, optional, percentToBps, refused, splitAssetRef } from "./cells";
import type { AssetRef, AssetRow, Located, LoanRow, PledgeRow, ShareRow, ValuationRow } from "./types";
import { assetKey } from "./types";

/**
 * One CSV row of a loan book into a typed record, validated by the shared row schemas. Optional cells
 * left empty stay `undefined` (not stated) rather than taking the schema's default.
 */
const ASSET_COLUMNS = {
  type: "asset_type",
  registryNumber: "registry_number",
  title: "title",
  owners: "owners",
  classes: "classes",
  filedOn: "filed_on",
  grantedOn: "granted_on",
  expiresOn: "expires_on",
  legalStatus: "legal_status",
  nextAnnuityDue: "next_annuity_due",
  description: "description",
};

export function mapAsset(cells: Cells, at: Located): RowResult<AssetRow> {
  const parsed = AssetInputSchema.safeParse({
    type: cells.asset_type ?? "",
    registryNumber: cells.registry_number ?? "",
    title: cells.title ?? "",
    owners: list(cells.owners),
    classes: list(cells.classes),
    filedOn: optional(cells, "filed_on"),
    grantedOn: optional(cells, "granted_on"),
    expiresOn: optional(cells, "expires_on"),
    legalStatus: optional(cells, "legal_status"),
    nextAnnuityDue: optional(cells, "next_annuity_due"),
    description: optional(cells, "description"),
  });
  if (!parsed.success) return refused(cellIssues(parsed.error, ASSET_COLUMNS, cells));
  const a = parsed.data;
  const stated = (column: string) => optional(cells, column) !== undefined;
  return ok({
    ...at,
    key: assetKey(a),
    type: a.type,
    registryNumber: a.registryNumber,
    title: a.title,
    owners: a.owners,
    classes: stated("classes") ? a.classes : undefined,
    filedOn: a.filedOn,
    grantedOn: a.grantedOn,
    expiresOn: a.expiresOn,
    legalStatus: stated("legal_status") ? a.legalStatus : undefined,
    nextAnnuityDue: a.nextAnnuityDue,
    description: stated("description") ? a.description : undefined,
  });
}

const LOAN_COLUMNS = {
  reference: "loan_reference",
  borrowerName: "borrower_name",
  borrowerCreditCode: "borrower_credit_code",
  currency: "currency",
  principal: "principal",
  rateBps: "rate_percent",
  disbursedOn: "disbursed_on",
  maturesOn: "matures_on",
  status: "status",
  outstandingPrincipal: "outstanding_principal",
  accruedInterest: "accrued_interest",
  penaltyInterest: "penalty_interest",
};

export function mapLoan(cells: Cells, at: Located): RowResult<LoanRow> {
  const rate = cells.rate_percent ?? "";
  const parsed = LoanRowSchema.safeParse({
    reference: cells.loan_reference ?? "",
    borrowerName: cells.borrower_name ?? "",
    borrowerCreditCode: cells.borrower_credit_code ?? "",
    currency: optional(cells, "currency"),
    principal: cells.principal ?? "",
    // An unreadable rate goes to the schema as text, which then reports "rate_invalid" on its column.
    rateBps: percentToBps(rate) ?? rate,
    disbursedOn: cells.disbursed_on ?? "",
    maturesOn: cells.matures_on ?? "",
    status: optional(cells, "status"),
    outstandingPrincipal: cells.outstanding_principal ?? "",
    accruedInterest: optional(cells, "accrued_interest"),
    penaltyInterest: optional(cells, "penalty_interest"),
  });
  if (!parsed.success) return refused(cellIssues(parsed.error, LOAN_COLUMNS, cells));
  const l = parsed.data;
  return ok({
    ...at,
    ...l,
    currency: optional(cells, "currency") ? l.currency : undefined,
    status: optional(cells, "status") ? l.status : undefined,
  });
}

const PLEDGE_COLUMNS = {
  loanReference: "loan_reference",
  registryPledgeNumber: "pledge_number",
  registeredAt: "registered_at",
  pledgorName: "pledgor_name",
  pledgorCreditCode: "pledgor_credit_code",
  securedAmount: "secured_amount",
  currency: "currency",
  scope: "scope",
  assets: "assets",
};

/** A registration date is that day in China (UTC+8), where the registry sits; a full timestamp is kept as is. */
export function registrationInstant(value: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00+08:00` : value);
}

export function mapPledge(cells: Cells, at: Located): RowResult<PledgeRow> {
  const issues: RowIssue[] = [];
  const refs: AssetRef[] = [];
  for (const item of list(cells.assets)) {
    const parts = splitAssetRef(item);
    const check = parts ? checkAssetRef(parts.type, parts.registryNumber) : null;
    if (!check) issues.push({ column: "assets", code: "asset_ref_invalid", params: { item } });
    else if (!check.ok) issues.push({ column: "assets", code: check.code, params: { item } });
    else if (!refs.some((r) => assetKey(r) === assetKey(check.ref))) refs.push(check.ref);
  }
  const parsed = PledgeRowBaseSchema.safeParse({
    loanReference: cells.loan_reference ?? "",
    registryPledgeNumber: cells.pledge_number ?? "",
    registeredAt: cells.registered_at ?? "",
    pledgorName: cells.pledgor_name ?? "",
    pledgorCreditCode: cells.pledgor_credit_code ?? "",
    securedAmount: cells.secured_amount ?? "",
    currency: optional(cells, "currency"),
    scope: optional(cells, "scope"),
    assets: issues.length > 0 ? [{ type: "patent_invention", registryNumber: "-" }] : refs,
  });
  if (!parsed.success) {
    for (const issue of cellIssues(parsed.error, PLEDGE_COLUMNS, cells)) {
      // The schema says "Invalid input" for a union; the column says what was expected.
      issues.push(issue.column === "registered_at" && issue.code !== "required" ? { ...issue, code: "datetime_invalid" } : issue);
    }
  } else if (parsed.data.securedAmount <= 0n) issues.push({ column: "secured_amount", code: "amount_not_positive" });
  if (issues.length > 0 || !parsed.success) return refused(issues);
  const p = parsed.data;
  return ok({
    ...at,
    number: p.registryPledgeNumber,
    loanReference: p.loanReference,
    registeredAt: registrationInstant(p.registeredAt),
    pledgorName: p.pledgorName,
    pledgorCreditCode: p.pledgorCreditCode,
    securedAmount: p.securedAmount,
    currency: optional(cells, "currency") ? p.currency : undefined,
    scope: optional(cells, "scope") ? p.scope : undefined,
    assets: refs,
  });
}

const VALUATION_COLUMNS = {
  "asset.type": "asset_type",
  "asset.registryNumber": "registry_number",
  appraiser: "appraiser",
  method: "method",
  amount: "amount",
  currency: "currency",
  valuedOn: "valued_on",
};

export function mapValuation(cells: Cells, at: Located): RowResult<ValuationRow> {
  const ref = checkAssetRef(cells.asset_type ?? "", cells.registry_number ?? "");
  const parsed = ValuationRowBaseSchema.safeParse({
    asset: ref.ok ? ref.ref : { type: "patent_invention", registryNumber: "-" },
    appraiser: cells.appraiser ?? "",
    method: cells.method ?? "",
    amount: cells.amount ?? "",
    currency: optional(cells, "currency"),
    valuedOn: cells.valued_on ?? "",
  });
  const issues: RowIssue[] = ref.ok ? [] : [{ column: ref.on === "type" ? "asset_type" : "registry_number", code: ref.code }];
  if (!parsed.success) issues.push(...cellIssues(parsed.error, VALUATION_COLUMNS, cells));
  if (issues.length > 0 || !parsed.success || !ref.ok) return refused(issues);
  const v = parsed.data;
  return ok({ ...at, asset: ref.ref, appraiser: v.appraiser, method: v.method, amount: v.amount, currency: optional(cells, "currency") ? v.currency : undefined, valuedOn: v.valuedOn });
}

const SHARE_COLUMNS = { role: "role", partyName: "party_name", shareBps: "share_percent" };
const ModeSchema = z.enum(RISK_SHARING_MODES);

export function mapShare(cells: Cells, at: Located): RowResult<ShareRow> {
  const issues: RowIssue[] = [];
  const reference = cells.loan_reference ?? "";
  if (reference === "") issues.push({ column: "loan_reference", code: "required" });
  const mode = ModeSchema.safeParse(cells.mode ?? "");
  if (!mode.success) issues.push({ column: "mode", code: (cells.mode ?? "") === "" ? "required" : "mode_invalid" });
  const preset = optional(cells, "preset") ?? null;
  if (preset !== null && !(RISK_SHARING_PRESET_NAMES as string[]).includes(preset)) issues.push({ column: "preset", code: "preset_invalid", params: { preset } });
  const code = optional(cells, "organisation_credit_code");
  const credit = code === undefined ? null : CreditCodeSchema.safeParse(code);
  if (credit && !credit.success) issues.push({ column: "organisation_credit_code", code: "credit_code_invalid" });
  const percent = cells.share_percent ?? "";
  const line = ShareLineSchema.safeParse({ role: cells.role ?? "", partyName: cells.party_name ?? "", shareBps: percentToBps(percent) ?? percent });
  if (!line.success) issues.push(...cellIssues(line.error, SHARE_COLUMNS, cells));
  if (issues.length > 0 || !line.success || !mode.success) return refused(issues);
  return ok({
    ...at,
    loanReference: reference,
    mode: mode.data as RiskSharingMode,
    preset,
    role: line.data.role,
    partyName: line.data.partyName,
    shareBps: line.data.shareBps,
    organisationCreditCode: credit?.success ? credit.data : null,
  });
}
