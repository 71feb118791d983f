import type { ImportKind } from "./types";

/**
 * The file formats (docs/imports.md): one kind of record per file, recognised by its header row. The
 * signature column tells the kinds apart; the required columns must all be present.
 */
export const BOOK_FILE_KINDS = ["assets", "loans", "pledges", "valuations", "risk_shares"] as const;
export type BookFileKind = (typeof BOOK_FILE_KINDS)[number];
export type FileKind = BookFileKind | "registry_events";

type Format = { signature: string; required: readonly string[]; optional: readonly string[] };

export const FORMATS: Record<FileKind, Format> = {
  assets: {
    signature: "title",
    required: ["asset_type", "registry_number", "title", "owners"],
    optional: ["classes", "filed_on", "granted_on", "expires_on", "legal_status", "next_annuity_due", "description"],
  },
  loans: {
    signature: "principal",
    required: ["loan_reference", "borrower_name", "borrower_credit_code", "principal", "rate_percent", "disbursed_on", "matures_on", "outstanding_principal"],
    optional: ["currency", "status", "accrued_interest", "penalty_interest"],
  },
  pledges: {
    signature: "pledge_number",
    required: ["pledge_number", "loan_reference", "registered_at", "pledgor_name", "pledgor_credit_code", "secured_amount", "assets"],
    optional: ["currency", "scope"],
  },
  valuations: {
    signature: "appraiser",
    required: ["asset_type", "registry_number", "appraiser", "method", "amount", "valued_on"],
    optional: ["currency"],
  },
  risk_shares: {
    signature: "share_percent",
    required: ["loan_reference", "mode", "role", "party_name", "share_percent"],
    optional: ["preset", "organisation_credit_code"],
  },
  registry_events: {
    signature: "source_ref",
    required: ["asset_type", "registry_number", "kind", "occurred_on", "source", "source_ref"],
    optional: ["new_status", "next_annuity_due", "note"],
  },
};

export const KINDS_OF_IMPORT: Record<ImportKind, readonly FileKind[]> = {
  loan_book: BOOK_FILE_KINDS,
  registry_feed: ["registry_events"],
};

/** "Registry Number " → "registry_number": headers are matched forgivingly, cells are not. */
export function normaliseHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

export type HeaderCheck =
  | { ok: true; kind: FileKind; unknown: string[]; duplicate: string[] }
  | { ok: false; code: "file_kind_unknown" | "file_kind_ambiguous" | "file_kind_wrong_import"; params?: Record<string, string> }
  | { ok: false; code: "column_missing"; columns: string[]; kind: FileKind };

/** Which kind of records a header row announces, for an import of `importKind`. */
export function recogniseHeader(importKind: ImportKind, header: readonly string[]): HeaderCheck {
  const present = new Set(header.filter(Boolean));
  const all = Object.keys(FORMATS) as FileKind[];
  const matching = all.filter((k) => present.has(FORMATS[k].signature));
  if (matching.length === 0) return { ok: false, code: "file_kind_unknown" };
  if (matching.length > 1) return { ok: false, code: "file_kind_ambiguous", params: { kinds: matching.join(", ") } };
  const kind = matching[0]!;
  if (!KINDS_OF_IMPORT[importKind].includes(kind)) return { ok: false, code: "file_kind_wrong_import", params: { kind } };
  const format = FORMATS[kind];
  const missing = format.required.filter((c) => !present.has(c));
  if (missing.length > 0) return { ok: false, code: "column_missing", columns: missing, kind };
  const known = new Set([...format.required, ...format.optional]);
  const unknown = [...present].filter((c) => !known.has(c));
  const seen = new Set<string>();
  const duplicate = header.filter((c) => c && (seen.has(c) || !seen.add(c)));
  return { ok: true, kind, unknown, duplicate: [...new Set(duplicate)] };
}
