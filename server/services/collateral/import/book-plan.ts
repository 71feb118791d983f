import { validateShares } from "../../../domain/collateral/risk-sharing";
import type { AssetType, LegalStatus, LoanStatus, RiskSharingMode, ShareRole, ValuationMethod } from "../../../domain/collateral/vocabulary";
import type { BookState, ExistingAsset, ExistingLoan } from "./book-state";
import { valuationKey } from "./book-state";
import type { IssueList } from "./issues";
import { type AssetRef, type Counts, type Located, type ParsedBook, assetKey } from "./types";

export type AssetValues = {
  type: AssetType;
  registryNumber: string;
  title: string;
  owners: string[];
  classes: string[];
  filedOn: string | null;
  grantedOn: string | null;
  expiresOn: string | null;
  legalStatus: LegalStatus;
  nextAnnuityDue: string | null;
  description: string;
};
export type LoanValues = {
  reference: string;
  borrowerCreditCode: string;
  currency: string;
  principal: bigint;
  rateBps: number;
  disbursedOn: string;
  maturesOn: string;
  status: LoanStatus;
  outstandingPrincipal: bigint;
  accruedInterest: bigint;
  penaltyInterest: bigint;
};
export type PledgeValues = {
  number: string;
  loanReference: string;
  registeredAt: Date;
  pledgorCreditCode: string;
  securedAmount: bigint;
  currency: string;
  scope: string;
  assetKeys: string[];
  /** An existing pledge whose list of assets changed: its links are replaced. */
  relink: boolean;
};
export type ValuationValues = { assetKey: string; appraiser: string; method: ValuationMethod; amount: bigint; currency: string; valuedOn: string };
export type ShareLineValues = { role: ShareRole; partyName: string; organisationId: string | null; shareBps: number };
export type AgreementValues = { loanReference: string; mode: RiskSharingMode; preset: string | null; lines: ShareLineValues[] };

export const BOOK_COUNT_KINDS = ["assets", "loans", "parties", "pledges", "valuations", "risk_sharing"] as const;
export type BookCounts = Record<(typeof BOOK_COUNT_KINDS)[number], Counts>;

/** What to write: only records to create or change; `counts` says what happened to every row. */
export type BookPlan = {
  parties: Array<{ creditCode: string; name: string; organisationId: string | null }>;
  assets: AssetValues[];
  loans: LoanValues[];
  pledges: PledgeValues[];
  valuations: ValuationValues[];
  agreements: AgreementValues[];
  counts: BookCounts;
};

/** Loans in default belong to their disposal case: an import never moves their status. */
const STATUS_HELD: readonly LoanStatus[] = ["defaulted", "in_disposal"];

const zero = (): Counts => ({ created: 0, updated: 0, unchanged: 0 });
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const refText = (ref: AssetRef) => `${ref.type}:${ref.registryNumber}`;

/**
 * Compares an upload with what the database holds: natural keys decide create or update, identical
 * records are left alone (so a second import of the same files changes nothing), and every reference
 * must resolve inside the upload or the bank's own book. Pure: the caller loaded `state`.
 */
export function planBook(book: ParsedBook, state: BookState, issues: IssueList): BookPlan {
  const org = state.organisationId;
  const counts = Object.fromEntries(BOOK_COUNT_KINDS.map((k) => [k, zero()])) as BookCounts;
  const plan: BookPlan = { parties: [], assets: [], loans: [], pledges: [], valuations: [], agreements: [], counts };

  // Parties: keyed by credit code, shared by every bank, created once and never renamed by a file.
  const partyNames = new Map<string, string>();
  for (const l of book.loans) if (!partyNames.has(l.borrowerCreditCode)) partyNames.set(l.borrowerCreditCode, l.borrowerName);
  for (const p of book.pledges) if (!partyNames.has(p.pledgorCreditCode)) partyNames.set(p.pledgorCreditCode, p.pledgorName);
  for (const [creditCode, name] of partyNames) {
    if (state.parties.has(creditCode)) counts.parties.unchanged += 1;
    else {
      counts.parties.created += 1;
      plan.parties.push({ creditCode, name, organisationId: state.organisations.get(creditCode) ?? null });
    }
  }
  const partyId = (code: string) => state.parties.get(code)?.id ?? null;

  // Assets: a new right is registered by this bank; a known one is reused, its facts changed only by the bank that registered it.
  for (const row of book.assets) {
    const existing = state.assets.get(row.key);
    if (existing && existing.registeredBy !== org) {
      counts.assets.unchanged += 1;
      continue;
    }
    const values = mergeAsset(row, existing);
    if (!existing) counts.assets.created += 1;
    else if (assetChanged(existing, values)) counts.assets.updated += 1;
    else {
      counts.assets.unchanged += 1;
      continue;
    }
    plan.assets.push(values);
  }
  const uploadedAssets = new Set(book.assets.map((a) => a.key));
  const resolvable = (ref: AssetRef) => {
    const key = assetKey(ref);
    const existing = state.assets.get(key);
    return uploadedAssets.has(key) || book.failed.assets.has(key) || (existing !== undefined && state.inBook.has(existing.id));
  };
  const assetId = (key: string) => state.assets.get(key)?.id ?? null;

  // Loans: scoped to the bank by reference.
  const uploadedLoans = new Map(book.loans.map((l) => [l.reference, l]));
  for (const row of book.loans) {
    const existing = state.loans.get(row.reference);
    const values: LoanValues = {
      reference: row.reference,
      borrowerCreditCode: row.borrowerCreditCode,
      currency: row.currency ?? existing?.currency ?? "CNY",
      principal: row.principal,
      rateBps: row.rateBps,
      disbursedOn: row.disbursedOn,
      maturesOn: row.maturesOn,
      status: existing && STATUS_HELD.includes(existing.status) ? existing.status : (row.status ?? existing?.status ?? "performing"),
      outstandingPrincipal: row.outstandingPrincipal,
      accruedInterest: row.accruedInterest ?? existing?.accruedInterest ?? 0n,
      penaltyInterest: row.penaltyInterest ?? existing?.penaltyInterest ?? 0n,
    };
    if (!existing) counts.loans.created += 1;
    else if (loanChanged(existing, values, partyId(row.borrowerCreditCode))) counts.loans.updated += 1;
    else {
      counts.loans.unchanged += 1;
      continue;
    }
    plan.loans.push(values);
  }
  const loanKnown = (reference: string) => uploadedLoans.has(reference) || book.failed.loans.has(reference) || state.loans.has(reference);
  const loanCurrency = (reference: string) => uploadedLoans.get(reference)?.currency ?? state.loans.get(reference)?.currency ?? "CNY";
  const missingLoan = (at: Located, reference: string) => issues.add(at.file, at.line, "loan_reference", "loan_not_found", { reference });

  // Pledges: a registry pledge number is unique in the world; another bank's is not ours to touch.
  for (const row of book.pledges) {
    const existing = state.pledges.get(row.number);
    let bad = false;
    if (existing && existing.organisationId !== org) {
      issues.add(row.file, row.line, "pledge_number", "pledge_number_taken", { number: row.number });
      bad = true;
    }
    if (!loanKnown(row.loanReference)) {
      missingLoan(row, row.loanReference);
      bad = true;
    }
    for (const ref of row.assets) {
      if (resolvable(ref)) continue;
      issues.add(row.file, row.line, "assets", "asset_not_found", { asset: refText(ref) });
      bad = true;
    }
    const currency = row.currency ?? existing?.currency ?? "CNY";
    if (loanKnown(row.loanReference) && currency !== loanCurrency(row.loanReference)) {
      issues.add(row.file, row.line, "currency", "currency_mismatch", { currency, loanCurrency: loanCurrency(row.loanReference) });
      bad = true;
    }
    if (bad) continue;
    const keys = row.assets.map(assetKey).sort();
    const values: PledgeValues = {
      number: row.number,
      loanReference: row.loanReference,
      registeredAt: row.registeredAt,
      pledgorCreditCode: row.pledgorCreditCode,
      securedAmount: row.securedAmount,
      currency,
      scope: row.scope ?? existing?.scope ?? "",
      assetKeys: keys,
      relink: false,
    };
    if (!existing) {
      counts.pledges.created += 1;
      plan.pledges.push(values);
      continue;
    }
    const ids = keys.map(assetId);
    const relink = ids.some((id) => id === null) || !sameList([...(ids as string[])].sort(), [...existing.assetIds].sort());
    const changed =
      relink ||
      existing.loanId !== state.loans.get(row.loanReference)?.id ||
      existing.registeredAt.getTime() !== values.registeredAt.getTime() ||
      existing.pledgorId !== partyId(values.pledgorCreditCode) ||
      existing.securedAmount !== values.securedAmount ||
      existing.currency !== values.currency ||
      existing.scope !== values.scope;
    if (!changed) {
      counts.pledges.unchanged += 1;
      continue;
    }
    counts.pledges.updated += 1;
    plan.pledges.push({ ...values, relink });
  }

  // Valuations: the bank's own appraisals, one per asset, appraiser and date.
  for (const row of book.valuations) {
    if (!resolvable(row.asset)) {
      issues.add(row.file, row.line, "registry_number", "asset_not_found", { asset: refText(row.asset) });
      continue;
    }
    const key = assetKey(row.asset);
    const id = assetId(key);
    const existing = id ? state.valuations.get(valuationKey(id, row.appraiser, row.valuedOn)) : undefined;
    const values: ValuationValues = { assetKey: key, appraiser: row.appraiser, method: row.method, amount: row.amount, currency: row.currency ?? existing?.currency ?? "CNY", valuedOn: row.valuedOn };
    if (!existing) counts.valuations.created += 1;
    else if (existing.method !== values.method || existing.amount !== values.amount || existing.currency !== values.currency) counts.valuations.updated += 1;
    else {
      counts.valuations.unchanged += 1;
      continue;
    }
    plan.valuations.push(values);
  }

  // Risk sharing: the whole agreement is replaced when anything in it differs.
  for (const agreement of book.agreements) {
    if (!loanKnown(agreement.loanReference)) {
      missingLoan(agreement, agreement.loanReference);
      continue;
    }
    let bad = false;
    const lines: ShareLineValues[] = agreement.lines.map((line) => {
      const code = line.organisationCreditCode;
      const organisationId = code ? (state.organisations.get(code) ?? null) : line.role === "bank" ? org : null;
      if (code && !organisationId) {
        issues.add(line.file, line.line, "organisation_credit_code", "organisation_not_found", { creditCode: code });
        bad = true;
      }
      return { role: line.role, partyName: line.partyName, organisationId, shareBps: line.shareBps };
    });
    if (bad) continue;
    const check = validateShares(agreement.mode, lines);
    if (!check.ok) {
      issues.add(agreement.file, agreement.line, "organisation_credit_code", check.code, { loan: agreement.loanReference });
      continue;
    }
    const loanId = state.loans.get(agreement.loanReference)?.id;
    const existing = loanId ? state.agreements.get(loanId) : undefined;
    const values: AgreementValues = { loanReference: agreement.loanReference, mode: agreement.mode, preset: agreement.preset, lines };
    if (!existing) counts.risk_sharing.created += 1;
    else if (existing.mode !== values.mode || existing.preset !== values.preset || !sameList(canonicalLines(existing.lines), canonicalLines(lines))) {
      counts.risk_sharing.updated += 1;
    } else {
      counts.risk_sharing.unchanged += 1;
      continue;
    }
    plan.agreements.push(values);
  }
  return plan;
}

function canonicalLines(lines: ReadonlyArray<{ role: string; partyName: string; organisationId: string | null; shareBps: number }>): string[] {
  return lines.map((l) => JSON.stringify([l.role, l.partyName, l.organisationId, l.shareBps])).sort();
}

function mergeAsset(row: ParsedBook["assets"][number], existing: ExistingAsset | undefined): AssetValues {
  return {
    type: row.type,
    registryNumber: row.registryNumber,
    title: row.title,
    owners: row.owners,
    classes: row.classes ?? existing?.classes ?? [],
    filedOn: row.filedOn ?? existing?.filedOn ?? null,
    grantedOn: row.grantedOn ?? existing?.grantedOn ?? null,
    expiresOn: row.expiresOn ?? existing?.expiresOn ?? null,
    legalStatus: row.legalStatus ?? existing?.legalStatus ?? "valid",
    nextAnnuityDue: row.nextAnnuityDue ?? existing?.nextAnnuityDue ?? null,
    description: row.description ?? existing?.description ?? "",
  };
}

function assetChanged(existing: ExistingAsset, v: AssetValues): boolean {
  return (
    existing.title !== v.title ||
    !sameList(existing.owners, v.owners) ||
    !sameList(existing.classes, v.classes) ||
    existing.filedOn !== v.filedOn ||
    existing.grantedOn !== v.grantedOn ||
    existing.expiresOn !== v.expiresOn ||
    existing.legalStatus !== v.legalStatus ||
    existing.nextAnnuityDue !== v.nextAnnuityDue ||
    existing.description !== v.description
  );
}

function loanChanged(existing: ExistingLoan, v: LoanValues, borrowerId: string | null): boolean {
  return (
    existing.borrowerId !== borrowerId ||
    existing.currency !== v.currency ||
    existing.principal !== v.principal ||
    existing.rateBps !== v.rateBps ||
    existing.disbursedOn !== v.disbursedOn ||
    existing.maturesOn !== v.maturesOn ||
    existing.status !== v.status ||
    existing.outstandingPrincipal !== v.outstandingPrincipal ||
    existing.accruedInterest !== v.accruedInterest ||
    existing.penaltyInterest !== v.penaltyInterest
  );
}
