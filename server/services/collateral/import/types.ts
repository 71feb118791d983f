import type { AssetType, LegalStatus, LoanStatus, RegistryEventKind, RiskSharingMode, ShareRole, ValuationMethod } from "../../../domain/collateral/vocabulary";

/** What a bank uploads: a loan book (several CSV files, one kind each) or a registry feed (CSV or JSON). */
export const IMPORT_KINDS = ["loan_book", "registry_feed"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_STATUSES = ["queued", "running", "done", "failed"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const IMPORT_PHASES = ["parsing", "validating", "writing", "evaluating"] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

export type UploadedFile = { name: string; content: string };

/** A problem with the upload, where a person finds it: file, line (1-based, as an editor counts) and column. */
export type ImportIssue = {
  file: string;
  line: number | null;
  column: string | null;
  /** A code the pages translate (`imports.codes.<code>`) with `params`. */
  code: string;
  params?: Record<string, string | number>;
};

export type Counts = { created: number; updated: number; unchanged: number };

/** What the pages and the API show of an import's files and outcome. */
export type ImportSummary = {
  files: Array<{ name: string; bytes: number; sha256: string; kind?: string; rows?: number }>;
  rows?: number;
  counts?: Record<string, Counts>;
};

/** Where a parsed record came from. */
export type Located = { file: string; line: number };

export type AssetRef = { type: AssetType; registryNumber: string };

export function assetKey(ref: AssetRef): string {
  return `${ref.type}|${ref.registryNumber}`;
}

/** Optional facts left empty in a file are `undefined`: "not stated", so an update keeps what is held. */
export type AssetRow = Located &
  AssetRef & {
    key: string;
    title: string;
    owners: string[];
    classes?: string[];
    filedOn?: string;
    grantedOn?: string;
    expiresOn?: string;
    legalStatus?: LegalStatus;
    nextAnnuityDue?: string;
    description?: string;
  };

export type LoanRow = Located & {
  reference: string;
  borrowerName: string;
  borrowerCreditCode: string;
  currency?: string;
  principal: bigint;
  rateBps: number;
  disbursedOn: string;
  maturesOn: string;
  status?: LoanStatus;
  outstandingPrincipal: bigint;
  accruedInterest?: bigint;
  penaltyInterest?: bigint;
};

export type PledgeRow = Located & {
  number: string;
  loanReference: string;
  registeredAt: Date;
  pledgorName: string;
  pledgorCreditCode: string;
  securedAmount: bigint;
  currency?: string;
  scope?: string;
  assets: AssetRef[];
};

export type ValuationRow = Located & {
  asset: AssetRef;
  appraiser: string;
  method: ValuationMethod;
  amount: bigint;
  currency?: string;
  valuedOn: string;
};

export type ShareRow = Located & {
  loanReference: string;
  mode: RiskSharingMode;
  preset: string | null;
  role: ShareRole;
  partyName: string;
  shareBps: number;
  organisationCreditCode: string | null;
};

/** One loan's agreement, gathered from its share rows (located at its first row). */
export type AgreementRow = Located & {
  loanReference: string;
  mode: RiskSharingMode;
  preset: string | null;
  lines: ShareRow[];
};

export type EventRow = Located & {
  asset: AssetRef;
  kind: RegistryEventKind;
  occurredOn: string;
  source: string;
  sourceRef: string;
  newStatus?: LegalStatus;
  nextAnnuityDue?: string;
  note?: string;
};

export type ParsedBook = {
  assets: AssetRow[];
  loans: LoanRow[];
  pledges: PledgeRow[];
  valuations: ValuationRow[];
  agreements: AgreementRow[];
  /** Loans and assets of rows that failed on their own: a reference to one is not also "not found". */
  failed: { loans: Set<string>; assets: Set<string> };
};

export type ParsedFeed = { events: EventRow[] };
